/**
 * Forms validated with the shared zod schemas before they are sent, and
 * again by the server: either way each error shows beside its field (linked
 * with aria-describedby), and focus goes to the first one.
 */
import type { z } from 'zod';
import { ApiError, messageOf } from '../api.js';
import { h, liveRegion } from '../core/dom.js';
import { readableMessage } from './messages.js';
import { PersonPicker, type PersonOption, type PersonSearch } from './person-picker.js';

export type FieldSpec =
  | {
      name: string;
      label: string;
      kind: 'text' | 'email' | 'password' | 'textarea' | 'date' | 'number';
      initial?: string;
      hint?: string;
      required?: boolean;
      autocomplete?: string;
      /** For dates: the latest day that may be picked (YYYY-MM-DD). */
      max?: string;
    }
  | {
      name: string;
      label: string;
      kind: 'select';
      options: readonly (readonly [string, string])[];
      initial?: string;
      hint?: string;
    }
  | { name: string; label: string; kind: 'checkbox'; initial?: boolean; hint?: string }
  | { name: string; label: string; kind: 'person'; search: PersonSearch; initial?: PersonOption | null; hint?: string }
  | { name: string; label: string; kind: 'file'; accept?: string; hint?: string };

export type FormValue = string | boolean | File | null | undefined;
export type FormValues = Record<string, FormValue>;

interface Built {
  spec: FieldSpec;
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  picker?: PersonPicker;
  error: HTMLElement;
  wrap: HTMLElement;
}

let forms = 0;

export interface FormOptions<S extends z.ZodType> {
  title?: string;
  fields: FieldSpec[];
  submitLabel: string;
  /** Field values to the request body (before validation). */
  toPayload: (v: FormValues) => unknown;
  schema: S;
  /** Sends the validated body; throws ApiError on refusal; null when the user cancelled (a warning's dialog). */
  submit: (payload: unknown) => Promise<string | undefined | null>;
  /** Checks beyond the schema (a date in the future): errors by field name, or null. */
  check?: (v: FormValues) => Map<string, string> | null;
  /** Maps an error path of the schema to a field name, when they differ. */
  fieldOf?: (path: string) => string;
  reset?: boolean;
  className?: string;
}

export class SchemaForm<S extends z.ZodType> {
  readonly el: HTMLFormElement;
  private readonly fields = new Map<string, Built>();
  private readonly status: HTMLElement;
  private readonly formError: HTMLElement;
  private readonly button: HTMLButtonElement;
  /** A submission is under way: a second one (a double click, Enter twice) is ignored. */
  private busy = false;

  constructor(private readonly o: FormOptions<S>) {
    const id = `f${++forms}`;
    this.status = liveRegion('form-status');
    this.formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
    this.button = h('button', { type: 'submit' }, o.submitLabel);
    this.el = h(
      'form',
      { class: `schema-form ${o.className ?? ''}`, novalidate: true },
      o.title ? h('h3', null, o.title) : null,
    );
    for (const spec of o.fields) {
      const built = this.field(id, spec);
      this.fields.set(spec.name, built);
      this.el.append(built.wrap);
    }
    this.el.append(h('div', { class: 'form-actions' }, this.button), this.formError, this.status);
    this.el.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.send();
    });
  }

  private field(formId: string, spec: FieldSpec): Built {
    const id = `${formId}-${spec.name}`;
    const errorId = `${id}-error`;
    const hintId = `${id}-hint`;
    const error = h('p', { id: errorId, class: 'field-error', hidden: true });
    const hint = spec.hint ? h('p', { id: hintId, class: 'hint' }, spec.hint) : null;
    let control: Built['control'];
    let picker: PersonPicker | undefined;
    switch (spec.kind) {
      case 'textarea':
        control = h('textarea', { id, name: spec.name, rows: 3 });
        control.value = spec.initial ?? '';
        break;
      case 'select':
        control = h(
          'select',
          { id, name: spec.name },
          spec.options.map(([v, label]) => h('option', { value: v }, label)),
        );
        if (spec.initial !== undefined) control.value = spec.initial;
        break;
      case 'checkbox':
        control = h('input', { id, name: spec.name, type: 'checkbox' });
        (control as HTMLInputElement).checked = spec.initial ?? false;
        break;
      case 'person':
        picker = new PersonPicker(id, spec.search, spec.initial ?? null);
        control = picker.input;
        break;
      case 'file':
        control = h('input', { id, name: spec.name, type: 'file', accept: spec.accept ?? null });
        break;
      default:
        control = h('input', {
          id,
          name: spec.name,
          type: spec.kind,
          autocomplete: spec.autocomplete ?? null,
          step: spec.kind === 'number' ? 'any' : null,
          max: spec.kind === 'date' ? (spec.max ?? null) : null,
        });
        control.value = spec.initial ?? '';
    }
    control.setAttribute('aria-describedby', [hint ? hintId : null, errorId].filter(Boolean).join(' '));
    const label = h('label', { for: id }, spec.label);
    const wrap =
      spec.kind === 'checkbox'
        ? h('div', { class: 'field field-checkbox', 'data-field': spec.name }, control, label, hint, error)
        : h('div', { class: 'field', 'data-field': spec.name }, label, picker ? picker.el : control, hint, error);
    return { spec, control, error, wrap, ...(picker ? { picker } : {}) };
  }

  values(): FormValues {
    const out: FormValues = {};
    for (const [name, f] of this.fields) {
      if (f.picker) out[name] = f.picker.value;
      else if (f.spec.kind === 'checkbox') out[name] = (f.control as HTMLInputElement).checked;
      else if (f.spec.kind === 'file') out[name] = (f.control as HTMLInputElement).files?.[0] ?? null;
      else out[name] = f.control.value;
    }
    return out;
  }

  picker(name: string): PersonPicker | undefined {
    return this.fields.get(name)?.picker;
  }

  control(name: string): Built['control'] | undefined {
    return this.fields.get(name)?.control;
  }

  clearErrors(): void {
    for (const f of this.fields.values()) {
      f.error.hidden = true;
      f.error.textContent = '';
      f.control.removeAttribute('aria-invalid');
    }
    this.formError.hidden = true;
    this.formError.textContent = '';
  }

  /** Shows errors beside their fields; those matching no field go above the button. */
  showErrors(errors: Map<string, string>, fallback?: string): void {
    const loose: string[] = [];
    let first: HTMLElement | null = null;
    for (const [path, message] of errors) {
      const name = this.o.fieldOf ? this.o.fieldOf(path) : path;
      const f = this.fields.get(name);
      if (!f) {
        loose.push(`${path ? `${path}: ` : ''}${readableMessage(message)}`);
        continue;
      }
      f.error.textContent =
        f.picker && !f.picker.value
          ? 'Choose a person: type a name, then pick from the list.'
          : readableMessage(message);
      f.error.hidden = false;
      f.control.setAttribute('aria-invalid', 'true');
      first ??= f.control;
    }
    if (loose.length > 0 || (errors.size === 0 && fallback)) {
      this.formError.textContent = [fallback, ...loose].filter(Boolean).join(' ');
      this.formError.hidden = false;
    }
    (first ?? this.formError).focus?.();
  }

  async send(): Promise<boolean> {
    if (this.busy) return false;
    this.clearErrors();
    this.status.textContent = '';
    const values = this.values();
    const payload = this.o.toPayload(values);
    const parsed = this.o.schema.safeParse(payload);
    const extra = this.o.check?.(values) ?? null;
    if (parsed.success && extra && extra.size > 0) {
      this.showErrors(extra, 'Please correct the fields marked.');
      return false;
    }
    if (!parsed.success) {
      const errors = new Map<string, string>();
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        if (!errors.has(key)) errors.set(key, issue.message);
      }
      this.showErrors(errors, 'Please correct the fields marked.');
      return false;
    }
    // aria-disabled, not disabled: the button keeps focus (a dialog opened now gives it back to it).
    this.button.setAttribute('aria-disabled', 'true');
    this.busy = true;
    this.el.setAttribute('aria-busy', 'true');
    try {
      const done = await this.o.submit(payload);
      if (done === null) return false;
      this.status.textContent = done || 'Saved.';
      if (this.o.reset) this.resetFields();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors().size > 0) this.showErrors(e.fieldErrors(), e.message);
      else this.showErrors(new Map(), messageOf(e));
      return false;
    } finally {
      this.busy = false;
      this.button.removeAttribute('aria-disabled');
      this.el.removeAttribute('aria-busy');
    }
  }

  resetFields(): void {
    for (const f of this.fields.values()) {
      const s = f.spec;
      if (s.kind === 'person') f.picker?.set(s.initial ?? null);
      else if (s.kind === 'checkbox') (f.control as HTMLInputElement).checked = s.initial ?? false;
      else if (s.kind === 'file') (f.control as HTMLInputElement).value = '';
      else if (s.kind === 'select' && s.initial === undefined) (f.control as HTMLSelectElement).selectedIndex = 0;
      else f.control.value = s.initial ?? '';
    }
  }
}

/** '' → null, for optional text fields. */
export const orNull = (v: FormValue): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
