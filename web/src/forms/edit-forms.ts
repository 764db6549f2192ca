/**
 * Correcting what was logged: an edit form for each kind of record (the
 * fields its update schema allows), and what it takes to put a deleted record
 * back (undo re-creates it from the copy the page kept).
 */
import {
  Channel,
  ConsentStatus,
  ConsentUpdate,
  InteractionUpdate,
  IntroductionOutcome,
  IntroductionUpdate,
  PitchKind,
  PitchUpdate,
  ReferralStatus,
  ReferralUpdate,
  SubscriptionStatus,
  SubscriptionUpdate,
  WarningsAnswerSchema,
  isFuture,
  type Consent,
  type Interaction,
  type Introduction,
  type Pitch,
  type Referral,
  type Subscription,
} from '../../../shared/index.js';
import { send } from '../api.js';
import { CHANNEL_LABEL, localDay } from '../core/format.js';
import { dayToTime, notFuture, options, warningDialog } from './activity-forms.js';
import { type FieldSpec, type FormValues, SchemaForm, orNull } from './form-kit.js';

export type RecordKind = 'interaction' | 'introduction' | 'referral' | 'pitch' | 'consent' | 'subscription';

export type AnyRecord =
  | { kind: 'interaction'; record: Interaction }
  | { kind: 'introduction'; record: Introduction }
  | { kind: 'referral'; record: Referral }
  | { kind: 'pitch'; record: Pitch }
  | { kind: 'consent'; record: Consent }
  | { kind: 'subscription'; record: Subscription };

export const COLLECTION: Record<RecordKind, string> = {
  interaction: 'interactions',
  introduction: 'introductions',
  referral: 'referrals',
  pitch: 'pitches',
  consent: 'consents',
  subscription: 'subscriptions',
};

const s = (v: unknown) => (typeof v === 'string' ? v : '');

/** The body that creates the record again (undo after delete); its id changes. */
export function recreateBody(r: AnyRecord): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = r.record as unknown as Record<string, unknown>;
  if (r.kind === 'interaction' && isFuture(r.record.occurredAt, Date.now())) return { ...rest, planned: true };
  return rest;
}

export async function deleteRecord(r: AnyRecord): Promise<void> {
  await send('DELETE', `/api/v1/${COLLECTION[r.kind]}/${encodeURIComponent(r.record.id)}`, undefined, null);
}

export async function restoreRecord(r: AnyRecord): Promise<void> {
  await send('POST', `/api/v1/${COLLECTION[r.kind]}`, recreateBody(r), null);
}

function spec(r: AnyRecord): {
  fields: FieldSpec[];
  schema:
    | typeof InteractionUpdate
    | typeof IntroductionUpdate
    | typeof ReferralUpdate
    | typeof PitchUpdate
    | typeof ConsentUpdate
    | typeof SubscriptionUpdate;
  toPayload: (v: FormValues) => unknown;
  dateField: string;
} {
  switch (r.kind) {
    case 'interaction': {
      const x = r.record;
      return {
        schema: InteractionUpdate,
        dateField: 'day',
        fields: [
          {
            name: 'channel',
            label: 'How',
            kind: 'select',
            options: options(Channel.options, CHANNEL_LABEL),
            initial: x.channel,
          },
          { name: 'day', label: 'When', kind: 'date', initial: localDay(x.occurredAt) },
          { name: 'note', label: 'Note', kind: 'text', initial: x.note ?? '' },
        ],
        toPayload: (v) => ({
          channel: s(v.channel),
          ...(s(v.day) !== localDay(x.occurredAt) ? { occurredAt: dayToTime(v.day) } : {}),
          note: orNull(v.note),
        }),
      };
    }
    case 'introduction': {
      const x = r.record;
      return {
        schema: IntroductionUpdate,
        dateField: 'date',
        fields: [
          { name: 'date', label: 'When', kind: 'date', initial: localDay(x.date) },
          {
            name: 'outcome',
            label: 'Outcome',
            kind: 'select',
            options: options(IntroductionOutcome.options),
            initial: x.outcome,
          },
          { name: 'note', label: 'Note', kind: 'text', initial: x.note ?? '' },
        ],
        toPayload: (v) => ({
          ...(s(v.date) !== localDay(x.date) ? { date: dayToTime(v.date) } : {}),
          outcome: s(v.outcome),
          note: orNull(v.note),
        }),
      };
    }
    case 'referral': {
      const x = r.record;
      return {
        schema: ReferralUpdate,
        dateField: 'date',
        fields: [
          { name: 'prospectName', label: 'Prospect or client', kind: 'text', initial: x.prospectName ?? '' },
          { name: 'date', label: 'When', kind: 'date', initial: localDay(x.date) },
          {
            name: 'status',
            label: 'Status',
            kind: 'select',
            options: options(ReferralStatus.options),
            initial: x.status,
          },
          { name: 'value', label: 'Value', kind: 'number', initial: x.value === null ? '' : String(x.value) },
          { name: 'currency', label: 'Currency', kind: 'text', initial: x.currency ?? '' },
          { name: 'note', label: 'Note', kind: 'text', initial: x.note ?? '' },
        ],
        toPayload: (v) => ({
          prospectName: orNull(v.prospectName),
          ...(s(v.date) !== localDay(x.date) ? { date: dayToTime(v.date) } : {}),
          status: s(v.status),
          value: s(v.value).trim() === '' ? null : Number(s(v.value)),
          currency: orNull(v.currency)?.toUpperCase() ?? null,
          note: orNull(v.note),
        }),
      };
    }
    case 'pitch': {
      const x = r.record;
      return {
        schema: PitchUpdate,
        dateField: 'date',
        fields: [
          { name: 'date', label: 'When', kind: 'date', initial: localDay(x.date) },
          { name: 'kind', label: 'Kind of ask', kind: 'select', options: options(PitchKind.options), initial: x.kind },
          { name: 'offer', label: 'Offer', kind: 'text', initial: x.offer ?? '' },
          { name: 'askedForIt', label: 'They asked for it', kind: 'checkbox', initial: x.askedForIt },
          {
            name: 'needExpressed',
            label: 'They had expressed the need before',
            kind: 'checkbox',
            initial: x.needExpressed,
          },
          { name: 'note', label: 'Note', kind: 'text', initial: x.note ?? '' },
        ],
        toPayload: (v) => ({
          ...(s(v.date) !== localDay(x.date) ? { date: dayToTime(v.date) } : {}),
          kind: s(v.kind),
          offer: orNull(v.offer),
          askedForIt: v.askedForIt === true,
          needExpressed: v.needExpressed === true,
          note: orNull(v.note),
        }),
      };
    }
    case 'consent': {
      const x = r.record;
      return {
        schema: ConsentUpdate,
        dateField: 'date',
        fields: [
          {
            name: 'status',
            label: 'Answer',
            kind: 'select',
            options: options(ConsentStatus.options),
            initial: x.status,
          },
          { name: 'date', label: 'When', kind: 'date', initial: localDay(x.date) },
          { name: 'evidence', label: 'Evidence', kind: 'text', initial: x.evidence ?? '' },
        ],
        toPayload: (v) => ({
          status: s(v.status),
          ...(s(v.date) !== localDay(x.date) ? { date: dayToTime(v.date) } : {}),
          evidence: orNull(v.evidence),
        }),
      };
    }
    case 'subscription': {
      const x = r.record;
      return {
        schema: SubscriptionUpdate,
        dateField: 'subscribedAt',
        fields: [
          { name: 'subscribedAt', label: 'Added on', kind: 'date', initial: localDay(x.subscribedAt) },
          {
            name: 'status',
            label: 'Status',
            kind: 'select',
            options: options(SubscriptionStatus.options),
            initial: x.status,
          },
        ],
        toPayload: (v) => ({
          ...(s(v.subscribedAt) !== localDay(x.subscribedAt) ? { subscribedAt: dayToTime(v.subscribedAt) } : {}),
          status: s(v.status),
        }),
      };
    }
  }
}

/**
 * Before a pitch or a subscription is changed, the mistake detector is asked
 * what the change would add (unticking "they asked for it", moving a sign-up
 * before the yes); a finding is shown in words with a choice: keep the record
 * as it was, save anyway, or go back to the form. True when it may be saved.
 */
async function editAllowed(r: AnyRecord, payload: unknown, discard: () => void): Promise<boolean> {
  if (r.kind !== 'pitch' && r.kind !== 'subscription') return true;
  const path = `/api/v1/${COLLECTION[r.kind]}/${encodeURIComponent(r.record.id)}/check`;
  const { warnings } = await send('POST', path, payload, WarningsAnswerSchema);
  if (warnings.length === 0) return true;
  const choice = await warningDialog(warnings, [
    { key: 'keep', label: 'Keep it as it was' },
    { key: 'anyway', label: 'Save anyway', kind: 'secondary' },
  ]);
  if (choice === 'keep') discard();
  return choice === 'anyway';
}

/**
 * An edit form for one record; `done` after it was saved (with what the
 * detector now finds, if anything) or left unsaved.
 */
export function editForm(r: AnyRecord, done: (saved: boolean, note?: string) => void): SchemaForm<never> {
  const o = spec(r);
  const form = new SchemaForm({
    className: 'edit-form',
    submitLabel: 'Save changes',
    schema: o.schema as never,
    fields: o.fields,
    check: (v) =>
      r.kind === 'interaction' && isFuture(r.record.occurredAt, Date.now()) ? null : notFuture(o.dateField)(v),
    toPayload: o.toPayload,
    submit: async (payload) => {
      if (!(await editAllowed(r, payload, () => done(false)))) return null;
      const saved = (await send(
        'PATCH',
        `/api/v1/${COLLECTION[r.kind]}/${encodeURIComponent(r.record.id)}`,
        payload,
        null,
      )) as { warnings?: unknown[] };
      done(
        true,
        saved.warnings && saved.warnings.length > 0
          ? 'Change saved, and listed among your mistakes. Scores update in a moment.'
          : undefined,
      );
      return 'Saved.';
    },
  });
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'secondary';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', () => done(false));
  form.el.querySelector('.form-actions')?.append(cancel);
  return form;
}
