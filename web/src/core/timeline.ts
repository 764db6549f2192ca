/**
 * A person's history, newest first: interactions, introductions, referrals,
 * pitches and consent answers, each as a dated line of text.
 */
import {
  ConsentPage,
  InteractionPage,
  IntroductionPage,
  PitchPage,
  ReferralPage,
  type Consent,
  type Interaction,
  type Introduction,
  type Pitch,
  type Referral,
} from '../../../shared/index.js';
import { getJson } from '../api.js';
import { h } from './dom.js';
import { CHANNEL_LABEL, day } from './format.js';
import { resolveNames } from './people.js';

export interface TimelineItem {
  at: string;
  kind: 'interaction' | 'introduction' | 'referral' | 'pitch' | 'consent';
  text: string;
  note: string | null;
}

export interface PersonRecords {
  interactions: Interaction[];
  introductions: Introduction[];
  referrals: Referral[];
  pitches: Pitch[];
  consents: Consent[];
}

/** The records about one person (the latest 100 of each kind). */
export async function personRecords(personId: string): Promise<PersonRecords> {
  const q = `personId=${encodeURIComponent(personId)}&limit=100`;
  const [interactions, introductions, referrals, pitches, consents] = await Promise.all([
    getJson(`/api/v1/interactions?${q}`, InteractionPage),
    getJson(`/api/v1/introductions?${q}`, IntroductionPage),
    getJson(`/api/v1/referrals?${q}`, ReferralPage),
    getJson(`/api/v1/pitches?${q}`, PitchPage),
    getJson(`/api/v1/consents?${q}`, ConsentPage),
  ]);
  return {
    interactions: interactions.items,
    introductions: introductions.items,
    referrals: referrals.items,
    pitches: pitches.items,
    consents: consents.items,
  };
}

export async function timelineItems(personId: string, r: PersonRecords): Promise<TimelineItem[]> {
  const ids = [
    ...r.interactions.flatMap((i) => i.participantIds),
    ...r.introductions.flatMap((i) => [i.introducerId, i.aId, i.bId]),
    ...r.referrals.flatMap((x) => [x.referrerId, x.recipientId, ...(x.prospectId ? [x.prospectId] : [])]),
    ...r.pitches.map((p) => p.pitcherId),
  ];
  const name = await resolveNames(ids);
  const items: TimelineItem[] = [];
  for (const i of r.interactions) {
    const others = i.participantIds.filter((x) => x !== personId).map(name);
    const by = i.initiatorId ? ` (${name(i.initiatorId)} reached out)` : '';
    items.push({
      at: i.occurredAt,
      kind: 'interaction',
      text: `${CHANNEL_LABEL[i.channel] ?? i.channel} with ${others.join(', ') || 'nobody else'}${by}`,
      note: i.note,
    });
  }
  for (const n of r.introductions) {
    items.push({
      at: n.date,
      kind: 'introduction',
      text: `${name(n.introducerId)} introduced ${name(n.aId)} to ${name(n.bId)} (${n.outcome})`,
      note: n.note,
    });
  }
  for (const x of r.referrals) {
    const prospect = x.prospectId ? name(x.prospectId) : x.prospectName;
    const value = x.value !== null ? `, ${x.value.toLocaleString('en')} ${x.currency ?? ''}`.trimEnd() : '';
    items.push({
      at: x.date,
      kind: 'referral',
      text: `${name(x.referrerId)} referred ${prospect ?? 'a prospect'} to ${name(x.recipientId)} (${x.status}${value})`,
      note: x.note,
    });
  }
  for (const p of r.pitches) {
    const flags = [
      p.askedForIt ? 'they asked for it' : 'unasked',
      p.needExpressed ? 'need expressed' : 'no need expressed',
    ].join(', ');
    items.push({
      at: p.date,
      kind: 'pitch',
      text: `${name(p.pitcherId)} made a ${p.kind.replace(/_/g, ' ')}${p.offer ? `: ${p.offer}` : ''} (${flags})`,
      note: p.note,
    });
  }
  for (const c of r.consents) {
    items.push({
      at: c.date,
      kind: 'consent',
      text: `Consent ${c.status}${c.listId ? '' : ' (all lists)'}`,
      note: c.evidence,
    });
  }
  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

export function renderTimeline(items: TimelineItem[], limit = 50): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted' }, 'Nothing logged yet.');
  const list = h(
    'ol',
    { class: 'timeline' },
    items
      .slice(0, limit)
      .map((it) =>
        h(
          'li',
          { class: `timeline-item kind-${it.kind}` },
          h('time', { datetime: it.at }, day(it.at)),
          ' ',
          h('span', { class: 'timeline-kind' }, it.kind),
          ' ',
          h('span', { class: 'timeline-text' }, it.text),
          it.note ? h('span', { class: 'timeline-note' }, ` “${it.note}”`) : null,
        ),
      ),
  );
  return items.length > limit
    ? h('div', null, list, h('p', { class: 'muted' }, `${items.length - limit} older entries not shown.`))
    : list;
}
