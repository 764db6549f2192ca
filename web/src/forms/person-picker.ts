/**
 * A person chooser: type a name, pick from the list with the arrow keys and
 * Enter (or the mouse). Holds the chosen person's id; the list comes from a
 * search function the view provides.
 */
import { h } from '../core/dom.js';

export interface PersonOption {
  id: string;
  name: string;
  detail?: string | null;
}

export type PersonSearch = (query: string) => Promise<PersonOption[]>;

let pickers = 0;

export class PersonPicker {
  readonly input: HTMLInputElement;
  readonly el: HTMLElement;
  private readonly list: HTMLUListElement;
  private options: PersonOption[] = [];
  private active = -1;
  private chosen: PersonOption | null = null;
  private seq = 0;
  private timer = 0;
  onChange: ((p: PersonOption | null) => void) | null = null;

  constructor(
    id: string,
    private readonly search: PersonSearch,
    initial: PersonOption | null = null,
    placeholder = 'Type a name',
  ) {
    const listId = `picker-list-${++pickers}`;
    this.input = h('input', {
      id,
      type: 'text',
      autocomplete: 'off',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      placeholder,
    });
    this.list = h('ul', { id: listId, role: 'listbox', class: 'picker-list', hidden: true });
    this.el = h('div', { class: 'picker' }, this.input, this.list);
    if (initial) this.set(initial);
    this.input.addEventListener('input', () => {
      this.chosen = null;
      this.onChange?.(null);
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.lookup(), 120);
    });
    this.input.addEventListener('keydown', (e) => this.key(e));
    this.input.addEventListener('blur', () => window.setTimeout(() => this.close(), 150));
  }

  get value(): string | null {
    return this.chosen?.id ?? null;
  }

  get person(): PersonOption | null {
    return this.chosen;
  }

  set(p: PersonOption | null): void {
    this.chosen = p;
    this.input.value = p?.name ?? '';
    this.close();
    this.onChange?.(p);
  }

  private async lookup(): Promise<void> {
    const q = this.input.value.trim();
    const seq = ++this.seq;
    if (!q) {
      this.close();
      return;
    }
    const found = await this.search(q).catch(() => []);
    if (seq !== this.seq) return;
    this.options = found;
    this.active = found.length > 0 ? 0 : -1;
    this.draw();
  }

  private draw(): void {
    this.list.replaceChildren(
      ...this.options.map((o, i) =>
        h(
          'li',
          {
            id: `${this.list.id}-${i}`,
            role: 'option',
            'aria-selected': i === this.active ? 'true' : 'false',
            class: i === this.active ? 'active' : null,
            onmousedown: (e: Event) => {
              e.preventDefault();
              this.set(o);
            },
          },
          o.name,
          o.detail ? h('span', { class: 'muted' }, ` · ${o.detail}`) : null,
        ),
      ),
    );
    if (this.options.length === 0)
      this.list.append(h('li', { class: 'muted', role: 'presentation' }, 'Nobody by that name'));
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `${this.list.id}-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private close(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private key(e: KeyboardEvent): void {
    if (this.list.hidden) {
      if (e.key === 'ArrowDown' && this.input.value.trim()) {
        void this.lookup();
        e.preventDefault();
      }
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (this.options.length === 0) return;
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : -1) + this.options.length) % this.options.length;
      this.draw();
      e.preventDefault();
    } else if (e.key === 'Enter') {
      const o = this.options[this.active];
      if (o) {
        this.set(o);
        e.preventDefault();
      }
    } else if (e.key === 'Escape') {
      this.close();
      e.preventDefault();
    }
  }
}
