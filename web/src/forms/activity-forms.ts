/**
 * The five things a user logs about a person: an interaction, an
 * introduction, a referral, a pitch (or any ask) and a consent answer. Each
 * form is checked with the shared create schema before it is sent.
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
  PitchKind,
  PitchSchema,
  ReferralCreate,
  ReferralSchema,
  ReferralStatus,
  type MailingList,
} from '../../../shared/index.js';
import { send } from '../api.js';
import { CHANNEL_LABEL, eventTimeFromDay, localToday } from '../core/format.js';
import { SchemaForm, orNull, type FormValue } from './form-kit.js';
import type { PersonOption, PersonSearch } from './person-picker.js';

export type ActivityKind = 'interaction' | 'introduction' | 'referral' | 'pitch' | 'consent';

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
const options = (values: readonly string[], names: Record<string, string> = {}) =>
  values.map((v) => [v, names[v] ?? label(v)] as const);
const dayToTime = (v: FormValue) => (str(v) ? eventTimeFromDay(str(v)) : '');

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
      };
    },
    submit: async (payload) => {
      await send('POST', '/api/v1/interactions', payload, InteractionSchema);
      c.saved('interaction');
      return 'Interaction logged.';
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
      { name: 'date', label: 'When', kind: 'date', initial: localToday() },
      {
        name: 'outcome',
        label: 'Outcome',
        kind: 'select',
        options: options(IntroductionOutcome.options),
        initial: 'pending',
      },
      { name: 'note', label: 'Note', kind: 'text' },
    ],
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
      { name: 'date', label: 'When', kind: 'date', initial: localToday() },
      { name: 'status', label: 'Status', kind: 'select', options: options(ReferralStatus.options), initial: 'open' },
      { name: 'value', label: 'Value', kind: 'number', hint: 'Optional; needs a currency' },
      { name: 'currency', label: 'Currency', kind: 'text', hint: 'ISO code such as EUR' },
      { name: 'note', label: 'Note', kind: 'text' },
    ],
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
  });
}

export function pitchForm(c: ActivityContext): SchemaForm<typeof PitchCreate> {
  return new SchemaForm({
    title: 'Log a pitch or an ask',
    submitLabel: 'Log pitch',
    schema: PitchCreate,
    fields: [
      { name: 'personId', label: 'Pitched to', kind: 'person', search: c.search, initial: c.subject },
      { name: 'date', label: 'When', kind: 'date', initial: localToday() },
      { name: 'kind', label: 'Kind of ask', kind: 'select', options: options(PitchKind.options), initial: 'pitch' },
      { name: 'offer', label: 'Offer', kind: 'text' },
      { name: 'askedForIt', label: 'They asked for it', kind: 'checkbox' },
      { name: 'needExpressed', label: 'They had expressed the need before', kind: 'checkbox' },
      { name: 'note', label: 'Note', kind: 'text' },
    ],
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
      await send('POST', '/api/v1/pitches', payload, PitchSchema);
      c.saved('pitch');
      return 'Pitch logged.';
    },
  });
}

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
        options: options(ConsentStatus.options, {
          granted: 'Granted (yes)',
          declined: 'Declined (no)',
          withdrawn: 'Withdrawn',
        }),
        initial: 'granted',
      },
      { name: 'date', label: 'When', kind: 'date', initial: localToday() },
      { name: 'evidence', label: 'Evidence', kind: 'text', hint: 'e.g. asked at the chamber breakfast, noted on card' },
    ],
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
  });
}
