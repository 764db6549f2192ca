/**
 * A person's history, newest first: interactions, introductions, referrals,
 * pitches, consent answers and subscriptions, each as a dated line of text
 * ("You met…"), with the record it stands for so it can be corrected.
 */
import {
  ConsentPage,
  InteractionPage,
  IntroductionPage,
  MailingListPage,
  PitchPage,
  ReferralPage,
  SubscriptionPage,
  type Consent,
  type Interaction,
  type Introduction,
  type Pitch,
  type Referral,
  type Subscription,
} from '../../../shared/index.js';
import { getJson } from '../api.js';
import type { AnyRecord } from '../forms/edit-forms.js';
import { h } from './dom.js';
import { CHANNEL_LABEL, day } from './format.js';
import { resolveNames } from './people.js';

export interface TimelineItem {
  at: string;
  kind: AnyRecord['kind'];
  text: string;
  note: string | null;
  /** Still to come (a planned meeting). */
  planned: boolean;
  source: AnyRecord;
}

export interface PersonRecords {
  interactions: Interaction[];
  introductions: Introduction[];
  referrals: Referral[];
  pitches: Pitch[];
  consents: Consent[];
  subscriptions: Subscription[];
  lists: Map<string, string>;
}

/** The records about one person (the latest 100 of each kind). */
export async function personRecords(personId: string): Promise<PersonRecords> {
  const q = `personId=${encodeURIComponent(personId)}&limit=100`;
  const [interactions, introductions, referrals, pitches, consents, subscriptions, lists] = await Promise.all([
    getJson(`/api/v1/interactions?${q}`, InteractionPage),
    getJson(`/api/v1/introductions?${q}`, IntroductionPage),
    getJson(`/api/v1/referrals?${q}`, ReferralPage),
    getJson(`/api/v1/pitches?${q}`, PitchPage),
    getJson(`/api/v1/consents?${q}`, ConsentPage),
    getJson(`/api/v1/subscriptions?${q}`, SubscriptionPage),
    getJson('/api/v1/mailing-lists?limit=500', MailingListPage),
  ]);
  return {
    interactions: interactions.items,
    introductions: introductions.items,
    referrals: referrals.items,
    pitches: pitches.items,
    consents: consents.items,
    subscriptions: subscriptions.items,
    lists: new Map(lists.items.map((l) => [l.id, l.name])),
  };
}

const VERB: Record<string, string> = {
  in_person: 'met in person',
  video: 'had a video call',
  call: 'had a call',
  email: 'emailed',
  message: 'exchanged messages',
  event: 'met at an event',
  social: 'liked or commented online',
};

/**
 * The items of a timeline, seen by `viewerId` ("You met…"); `personId` is
 * whose page it is.
 */
export async function timelineItems(
  personId: string,
  r: PersonRecords,
  viewerId: string | null = null,
  now = Date.now(),
): Promise<TimelineItem[]> {
  const ids = [
    ...r.interactions.flatMap((i) => i.participantIds),
    ...r.introductions.flatMap((i) => [i.introducerId, i.aId, i.bId]),
    ...r.referrals.flatMap((x) => [x.referrerId, x.recipientId, ...(x.prospectId ? [x.prospectId] : [])]),
    ...r.pitches.map((p) => p.pitcherId),
  ];
  const known = await resolveNames(ids);
  const name = (id: string) => (id === viewerId ? 'you' : known(id));
  const Name = (id: string) => name(id).replace(/^./, (c) => c.toUpperCase());
  const items: TimelineItem[] = [];
  const planned = (at: string) => Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at) > now;
  for (const i of r.interactions) {
    const others = i.participantIds.filter((x) => x !== personId && x !== viewerId).map(name);
    const withViewer = viewerId !== null && i.participantIds.includes(viewerId);
    const subject = withViewer ? 'You' : (others.shift() ?? 'Someone');
    const rest = [personId === viewerId ? null : known(personId), ...others].filter(Boolean);
    const by = i.initiatorId ? ` (${name(i.initiatorId)} reached out)` : '';
    const verb = VERB[i.channel] ?? CHANNEL_LABEL[i.channel] ?? i.channel;
    const soon = planned(i.occurredAt);
    items.push({
      at: i.occurredAt,
      kind: 'interaction',
      text: `${soon ? 'Planned: ' : ''}${subject} ${verb}${rest.length ? ` with ${rest.join(', ')}` : ''}${by}`,
      note: i.note,
      planned: soon,
      source: { kind: 'interaction', record: i },
    });
  }
  for (const n of r.introductions) {
    items.push({
      at: n.date,
      kind: 'introduction',
      text: `${Name(n.introducerId)} introduced ${name(n.aId)} to ${name(n.bId)} (${n.outcome})`,
      note: n.note,
      planned: false,
      source: { kind: 'introduction', record: n },
    });
  }
  for (const x of r.referrals) {
    const prospect = x.prospectId ? name(x.prospectId) : x.prospectName;
    const value = x.value !== null ? `, ${x.value.toLocaleString()} ${x.currency ?? ''}`.trimEnd() : '';
    items.push({
      at: x.date,
      kind: 'referral',
      text: `${Name(x.referrerId)} referred ${prospect ?? 'a prospect'} to ${name(x.recipientId)} (${x.status}${value})`,
      note: x.note,
      planned: false,
      source: { kind: 'referral', record: x },
    });
  }
  for (const p of r.pitches) {
    const flags = [
      p.askedForIt ? 'they asked for it' : 'unasked',
      p.needExpressed ? 'need expressed' : 'no need expressed',
    ].join(', ');
    const what =
      p.kind === 'pitch'
        ? 'pitched'
        : p.kind === 'referral_request'
          ? 'asked for a referral'
          : 'asked for an introduction';
    items.push({
      at: p.date,
      kind: 'pitch',
      text: `${Name(p.pitcherId)} ${what}${p.offer ? `: ${p.offer}` : ''} (${flags})`,
      note: p.note,
      planned: false,
      source: { kind: 'pitch', record: p },
    });
  }
  for (const c of r.consents) {
    const list = c.listId ? (r.lists.get(c.listId) ?? 'a list') : 'all lists';
    const answer = { granted: 'said yes', declined: 'said no', withdrawn: 'withdrew their yes' }[c.status];
    items.push({
      at: c.date,
      kind: 'consent',
      text: `${Name(c.personId)} ${answer} to ${list}`,
      note: c.evidence,
      planned: false,
      source: { kind: 'consent', record: c },
    });
  }
  for (const s of r.subscriptions) {
    items.push({
      at: s.subscribedAt,
      kind: 'subscription',
      text: `${Name(s.personId)} added to ${r.lists.get(s.listId) ?? 'a list'}${s.status === 'unsubscribed' ? ' (since unsubscribed)' : ''}`,
      note: null,
      planned: false,
      source: { kind: 'subscription', record: s },
    });
  }
  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

export interface TimelineActions {
  edit: (item: TimelineItem, row: HTMLElement) => void;
  remove: (item: TimelineItem, row: HTMLElement) => void;
}

const KIND_LABEL: Record<TimelineItem['kind'], string> = {
  interaction: 'contact',
  introduction: 'introduction',
  referral: 'referral',
  pitch: 'ask',
  consent: 'consent',
  subscription: 'list',
};

export function renderTimeline(items: TimelineItem[], limit = 50, actions?: TimelineActions): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted' }, 'Nothing logged yet.');
  const list = h(
    'ol',
    { class: 'timeline' },
    items.slice(0, limit).map((it) => {
      const row = h(
        'li',
        { class: `timeline-item kind-${it.kind}${it.planned ? ' planned' : ''}`, 'data-id': it.source.record.id },
        h('time', { datetime: it.at }, day(it.at)),
        ' ',
        h('span', { class: 'timeline-kind' }, KIND_LABEL[it.kind]),
        ' ',
        h('span', { class: 'timeline-text' }, it.text),
        it.note ? h('span', { class: 'timeline-note' }, ` “${it.note}”`) : null,
      );
      if (actions) {
        const what = `${KIND_LABEL[it.kind]} of ${day(it.at)}`;
        const edit = h('button', { type: 'button', class: 'link-button', 'aria-label': `Edit the ${what}` }, 'Edit');
        const del = h('button', { type: 'button', class: 'link-button', 'aria-label': `Delete the ${what}` }, 'Delete');
        edit.addEventListener('click', () => actions.edit(it, row));
        del.addEventListener('click', () => actions.remove(it, row));
        row.append(h('span', { class: 'row-actions' }, edit, del));
      }
      return row;
    }),
  );
  return items.length > limit
    ? h('div', null, list, h('p', { class: 'muted' }, `${items.length - limit} older entries not shown.`))
    : list;
}
