/**
 * The things a user logs about a person: an interaction, an introduction, a
 * referral, a pitch (or any ask), a consent answer and a subscription. Each
 * form is checked with the shared create schema before it is sent, refuses a
 * day that has not come yet (except a planned meeting), clears after saving,
 * and cannot be sent twice. A pitch, an ask or a subscription the mistake
 * detector would flag is shown as a warning, in words, before it is saved.
 */
import {
  Channel,
  ConsentCreate,
  ConsentSchema,
  ConsentStatus,
  InteractionCreate,
  InteractionSchema,
  IntroductionCreate,
  IntroductionOutcome,
  IntroductionSchema,
  PitchCreate,
  PitchCreatedSchema,
  PitchKind,
  ReferralCreate,
  ReferralSchema,
  ReferralStatus,
  SubscriptionCreate,
  SubscriptionCreatedSchema,
  WarningsAnswerSchema,
  isFuture,
  type MailingList,
  type Warning,
} from '../../../shared/index.js';
import { send } from '../api.js';
import { ask } from '../core/dialog.js';
import { h } from '../core/dom.js';
import { CHANNEL_LABEL, eventTimeFromDay, localToday } from '../core/format.js';
import { SchemaForm, orNull, type FormValue, type FormValues } from './form-kit.js';
import type { PersonOption, PersonSearch } from './person-picker.js';

export type ActivityKind = 'interaction' | 'introduction' | 'referral' | 'pitch' | 'consent' | 'subscription';

export interface ActivityContext {
  subject: PersonOption;
  me: PersonOption | null;
  search: PersonSearch;
  lists: MailingList[];
  /** After a record was saved. */
  saved: (kind: ActivityKind) => void;
}

const str = (v: FormValue): string => (typeof v === 'string' ? v : '');
const id = (v: FormValue): string | undefined => (typeof v === 'string' && v ? v : undefined);
const label = (s: string) => s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
export const options = (values: readonly string[], names: Record<string, string> = {}) =>
  values.map((v) => [v, names[v] ?? label(v)] as const);
export const dayToTime = (v: FormValue) => (str(v) ? eventTimeFromDay(str(v)) : '');

export const FUTURE_MESSAGE = 'This day has not come yet: log what has already happened';

/** The form's date fields that must not lie in the future. */
export function notFuture(...fields: string[]) {
  return (v: FormValues): Map<string, string> | null => {
    const errors = new Map<string, string>();
    for (const f of fields) if (str(v[f]) && isFuture(str(v[f]), Date.now())) errors.set(f, FUTURE_MESSAGE);
    return errors;
  };
}

const date = (name: string, labelText = 'When') => ({
  name,
  label: labelText,
  kind: 'date' as const,
  initial: localToday(),
  max: localToday(),
});

export function interactionForm(
  c: ActivityContext,
  o: { compact?: boolean } = {},
): SchemaForm<typeof InteractionCreate> {
  return new SchemaForm({
    title: o.compact ? undefined : 'Log an interaction',
    className: 'interaction-form',
    submitLabel: 'Log interaction',
    schema: InteractionCreate,
    fields: [
      {
        name: 'channel',
        label: 'How',
        kind: 'select',
        options: options(Channel.options, CHANNEL_LABEL),
        initial: 'call',
      },
      { name: 'day', label: 'When', kind: 'date', initial: localToday() },
      {
        name: 'planned',
        label: 'Planned: still to come',
        kind: 'checkbox',
        hint: 'A planned meeting counts once it has happened.',
      },
      ...(o.compact
        ? []
        : [{ name: 'with', label: 'With', kind: 'person' as const, search: c.search, initial: c.subject }]),
      {
        name: 'initiator',
        label: 'Who reached out',
        kind: 'select',
        options: [
          ['me', 'I did'],
          ['them', 'They did'],
          ['unknown', 'Not sure'],
        ] as const,
        initial: 'me',
      },
      { name: 'note', label: 'Note', kind: 'text', hint: 'Optional, up to 500 characters' },
    ],
    fieldOf: (path) => ({ occurredAt: 'day', participantIds: 'with', initiatorId: 'initiator' })[path] ?? path,
    check: (v) => (v.planned === true ? null : notFuture('day')(v)),
    toPayload: (v) => {
      const withId = o.compact ? c.subject.id : id(v.with);
      const initiator = str(v.initiator);
      return {
        occurredAt: dayToTime(v.day),
        channel: str(v.channel),
        participantIds: withId ? [withId] : [],
        initiatorId: initiator === 'them' ? (withId ?? null) : initiator === 'me' ? (c.me?.id ?? null) : null,
        note: orNull(v.note),
        source: 'manual',
        ...(v.planned === true ? { planned: true } : {}),
      };
    },
    submit: async (payload) => {
      await send('POST', '/api/v1/interactions', payload, InteractionSchema);
      c.saved('interaction');
      return (payload as { planned?: boolean }).planned
        ? 'Planned meeting logged: it counts once it has happened.'
        : 'Interaction logged.';
    },
    reset: true,
  });
}

export function introductionForm(c: ActivityContext): SchemaForm<typeof IntroductionCreate> {
  return new SchemaForm({
    title: 'Log an introduction',
    submitLabel: 'Log introduction',
    schema: IntroductionCreate,
    fields: [
      { name: 'introducerId', label: 'Who made the introduction', kind: 'person', search: c.search, initial: c.me },
      { name: 'aId', label: 'Introduced', kind: 'person', search: c.search, initial: c.subject },
      { name: 'bId', label: 'To', kind: 'person', search: c.search, initial: null },
      date('date'),
      {
        name: 'outcome',
        label: 'Outcome',
        kind: 'select',
        options: options(IntroductionOutcome.options),
        initial: 'pending',
      },
      { name: 'note', label: 'Note', kind: 'text' },
    ],
    check: notFuture('date'),
    toPayload: (v) => ({
      introducerId: id(v.introducerId),
      aId: id(v.aId),
      bId: id(v.bId),
      date: dayToTime(v.date),
      outcome: str(v.outcome),
      note: orNull(v.note),
    }),
    submit: async (payload) => {
      await send('POST', '/api/v1/introductions', payload, IntroductionSchema);
      c.saved('introduction');
      return 'Introduction logged.';
    },
    reset: true,
  });
}

export function referralForm(c: ActivityContext): SchemaForm<typeof ReferralCreate> {
  return new SchemaForm({
    title: 'Log a referral',
    submitLabel: 'Log referral',
    schema: ReferralCreate,
    fields: [
      { name: 'referrerId', label: 'Referred by', kind: 'person', search: c.search, initial: c.subject },
      { name: 'recipientId', label: 'Referred to', kind: 'person', search: c.search, initial: c.me },
      { name: 'prospectName', label: 'Prospect or client', kind: 'text', hint: 'Who was referred' },
      date('date'),
      { name: 'status', label: 'Status', kind: 'select', options: options(ReferralStatus.options), initial: 'open' },
      { name: 'value', label: 'Value', kind: 'number', hint: 'Optional; needs a currency' },
      { name: 'currency', label: 'Currency', kind: 'text', hint: 'ISO code such as EUR' },
      { name: 'note', label: 'Note', kind: 'text' },
    ],
    check: notFuture('date'),
    toPayload: (v) => ({
      referrerId: id(v.referrerId),
      recipientId: id(v.recipientId),
      prospectName: orNull(v.prospectName),
      date: dayToTime(v.date),
      status: str(v.status),
      value: str(v.value).trim() === '' ? null : Number(str(v.value)),
      currency: orNull(v.currency)?.toUpperCase() ?? null,
      note: orNull(v.note),
    }),
    submit: async (payload) => {
      await send('POST', '/api/v1/referrals', payload, ReferralSchema);
      c.saved('referral');
      return 'Referral logged.';
    },
    reset: true,
  });
}

const WARNING_TITLE: Record<Warning['kind'], string> = {
  early_pitch: 'This would be an early pitch',
  assumed_closeness: 'This ask assumes a closeness that is not there yet',
  signed_up_without_permission: 'They have not said yes to this list',
};

/** Shows the warnings in a dialog; resolves with the choice (a key of `choices`, or 'cancel'). */
export function warningDialog(
  warnings: Warning[],
  choices: { key: string; label: string; kind?: 'primary' | 'secondary' }[],
  controls?: HTMLElement,
): Promise<string> {
  return ask({
    title: WARNING_TITLE[warnings[0]!.kind],
    className: 'warning-dialog',
    body: warnings.map((w) => h('p', { class: `warning warning-${w.kind}`, 'data-kind': w.kind }, w.message)),
    choices,
    controls: controls ?? null,
  });
}

export function pitchForm(c: ActivityContext): SchemaForm<typeof PitchCreate> {
  return new SchemaForm({
    title: 'Log a pitch or an ask',
    submitLabel: 'Log pitch',
    schema: PitchCreate,
    fields: [
      { name: 'personId', label: 'Pitched to', kind: 'person', search: c.search, initial: c.subject },
      date('date'),
      { name: 'kind', label: 'Kind of ask', kind: 'select', options: options(PitchKind.options), initial: 'pitch' },
      { name: 'offer', label: 'Offer', kind: 'text' },
      { name: 'askedForIt', label: 'They asked for it', kind: 'checkbox' },
      { name: 'needExpressed', label: 'They had expressed the need before', kind: 'checkbox' },
      { name: 'note', label: 'Note', kind: 'text' },
    ],
    check: notFuture('date'),
    toPayload: (v) => ({
      personId: id(v.personId),
      date: dayToTime(v.date),
      kind: str(v.kind),
      offer: orNull(v.offer),
      askedForIt: v.askedForIt === true,
      needExpressed: v.needExpressed === true,
      note: orNull(v.note),
    }),
    submit: async (payload) => {
      const p = payload as { personId: string; date: string; offer: string | null; kind: string };
      const { warnings } = await send('POST', '/api/v1/pitches/check', payload, WarningsAnswerSchema);
      if (warnings.length > 0) {
        const channel = h(
          'select',
          { id: 'warning-channel' },
          Channel.options.map((x) => h('option', { value: x }, CHANNEL_LABEL[x] ?? x)),
        );
        channel.value = 'in_person';
        const choice = await warningDialog(
          warnings,
          [
            { key: 'conversation', label: 'Log as a conversation instead' },
            { key: 'anyway', label: 'Log anyway', kind: 'secondary' },
          ],
          h(
            'div',
            { class: 'field' },
            h('label', { for: 'warning-channel' }, 'If you log it as a conversation: how did you talk?'),
            channel,
          ),
        );
        if (choice === 'cancel') return null;
        if (choice === 'conversation') {
          await send(
            'POST',
            '/api/v1/interactions',
            {
              occurredAt: p.date,
              channel: channel.value,
              participantIds: [p.personId],
              initiatorId: c.me?.id ?? null,
              note: p.offer ? `Talked about: ${p.offer}`.slice(0, 500) : 'A conversation instead of a pitch',
              source: 'manual',
            },
            InteractionSchema,
          );
          c.saved('interaction');
          return 'Logged as a conversation, not a pitch.';
        }
      }
      const created = await send('POST', '/api/v1/pitches', payload, PitchCreatedSchema);
      c.saved('pitch');
      return created.warnings.length > 0
        ? `${p.kind === 'pitch' ? 'Pitch' : 'Ask'} logged, and listed among your mistakes.`
        : `${p.kind === 'pitch' ? 'Pitch' : 'Ask'} logged.`;
    },
    reset: true,
  });
}

const CONSENT_LABELS = { granted: 'Granted (yes)', declined: 'Declined (no)', withdrawn: 'Withdrawn' };

export function consentForm(c: ActivityContext): SchemaForm<typeof ConsentCreate> {
  return new SchemaForm({
    title: 'Record a consent answer',
    submitLabel: 'Record answer',
    schema: ConsentCreate,
    fields: [
      { name: 'personId', label: 'Person', kind: 'person', search: c.search, initial: c.subject },
      {
        name: 'listId',
        label: 'List',
        kind: 'select',
        options: [['', 'Any of my lists'], ...c.lists.map((l) => [l.id, l.name] as const)],
        initial: '',
      },
      {
        name: 'status',
        label: 'Answer',
        kind: 'select',
        options: options(ConsentStatus.options, CONSENT_LABELS),
        initial: 'granted',
      },
      date('date'),
      { name: 'evidence', label: 'Evidence', kind: 'text', hint: 'e.g. asked at the chamber breakfast, noted on card' },
    ],
    check: notFuture('date'),
    toPayload: (v) => ({
      personId: id(v.personId),
      listId: orNull(v.listId),
      status: str(v.status),
      date: dayToTime(v.date),
      evidence: orNull(v.evidence),
    }),
    submit: async (payload) => {
      await send('POST', '/api/v1/consents', payload, ConsentSchema);
      c.saved('consent');
      return 'Consent answer recorded.';
    },
    reset: true,
  });
}

export function subscriptionForm(c: ActivityContext): SchemaForm<typeof SubscriptionCreate> {
  return new SchemaForm({
    title: 'Add to a mailing list',
    submitLabel: 'Add to the list',
    schema: SubscriptionCreate,
    fields: [
      { name: 'personId', label: 'Person', kind: 'person', search: c.search, initial: c.subject },
      {
        name: 'listId',
        label: 'List',
        kind: 'select',
        options: [['', 'Choose a list'], ...c.lists.map((l) => [l.id, l.name] as const)],
        initial: '',
        hint: c.lists.length === 0 ? 'No mailing list yet: make one on the Lists page.' : undefined,
      },
      date('subscribedAt', 'Added on'),
    ],
    check: notFuture('subscribedAt'),
    toPayload: (v) => ({
      personId: id(v.personId),
      listId: id(v.listId),
      subscribedAt: dayToTime(v.subscribedAt),
      status: 'active',
      source: 'manual',
    }),
    submit: async (payload) => {
      const { warnings } = await send('POST', '/api/v1/subscriptions/check', payload, WarningsAnswerSchema);
      if (warnings.length > 0) {
        const choice = await warningDialog(warnings, [
          { key: 'ask', label: 'Ask first: record their answer' },
          { key: 'anyway', label: 'Add anyway', kind: 'secondary' },
        ]);
        if (choice === 'cancel') return null;
        if (choice === 'ask') {
          document.dispatchEvent(new CustomEvent('nurture:ask-consent'));
          return null;
        }
      }
      const created = await send('POST', '/api/v1/subscriptions', payload, SubscriptionCreatedSchema);
      c.saved('subscription');
      return created.warnings.length > 0
        ? 'Added, and listed among your mistakes: sign-up without permission.'
        : 'Added to the list.';
    },
    reset: true,
  });
}
