/**
 * The duplicates review page: pairs of people who may be one human, each
 * with its evidence (same email, same profile in two forms, same name and
 * company, …) and what each is linked to. For each pair: keep left, keep
 * right (the other's records, emails, tags and notes move onto the one
 * kept), or "not the same". The merges made are listed with an undo.
 */
import {
  DuplicateList,
  type DuplicatePair,
  type DuplicatePerson,
  MergeList,
  MergeRecordSchema,
} from '../../../shared/index.js';
import { getJson, messageOf, send } from '../api.js';
import { fill, h, link, liveRegion } from '../core/dom.js';
import { count, day } from '../core/format.js';
import { forgetMe } from '../core/people.js';
import type { View } from '../core/router.js';
import { canWrite } from '../core/session.js';
import { forgetGraph } from '../graph/graph-data.js';

const EVIDENCE: Record<string, string> = {
  sameEmail: 'Same email',
  urlVariant: 'Same LinkedIn profile, written two ways',
  sameNameAndCompany: 'Same name and company',
  sameName: 'Same name, nothing telling them apart',
  similarName: 'Similar names at one company',
};

function card(p: DuplicatePerson, records: number): HTMLElement {
  const facts: [string, string | null][] = [
    ['Company', p.company],
    ['Position', p.position],
    ['LinkedIn', p.linkedinUrl],
    ['Emails', p.emails.join(', ') || null],
    ['Connected', p.connectedOn ? day(p.connectedOn) : null],
    ['From', p.source],
    ['Linked to', `${count(records)} interactions and ties`],
  ];
  return h(
    'div',
    { class: 'duplicate-person' },
    h('h4', null, link(`/people/${encodeURIComponent(p.id)}`, p.name)),
    h(
      'dl',
      null,
      facts.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v)]),
    ),
  );
}

export async function duplicatesView(): Promise<View> {
  const heading = h('h2', { tabindex: '-1' }, 'Possible duplicates');
  const status = liveRegion();
  const listBox = h('div', { class: 'duplicates' });
  const mergesBox = h('div', { class: 'merges' });
  const writable = canWrite();

  async function act(label: string, fn: () => Promise<string>): Promise<void> {
    status.textContent = `${label}…`;
    try {
      status.textContent = await fn();
      forgetGraph();
      forgetMe();
      await load();
    } catch (e) {
      status.textContent = `${label} failed: ${messageOf(e)}`;
    }
  }

  function pairRow(d: DuplicatePair): HTMLElement {
    const keep = (kept: DuplicatePerson, merged: DuplicatePerson) =>
      act('Merging', async () => {
        await send('POST', '/api/v1/merges', { keepId: kept.id, mergeId: merged.id }, MergeRecordSchema);
        return `${merged.name} merged into ${kept.name}.`;
      });
    const buttons = writable
      ? h(
          'div',
          { class: 'duplicate-actions', role: 'group', 'aria-label': `${d.a.name} and ${d.b.name}` },
          h('button', { type: 'button', class: 'keep-left', onclick: () => keep(d.a, d.b) }, 'Keep left'),
          h('button', { type: 'button', class: 'keep-right', onclick: () => keep(d.b, d.a) }, 'Keep right'),
          h(
            'button',
            {
              type: 'button',
              class: 'not-same',
              onclick: () =>
                act('Saving', async () => {
                  await send('POST', '/api/v1/duplicates/dismiss', { aId: d.a.id, bId: d.b.id }, null);
                  return `${d.a.name} and ${d.b.name} are kept apart.`;
                }),
            },
            'Not the same',
          ),
        )
      : null;
    return h(
      'li',
      { class: 'duplicate-pair', 'data-pair': `${d.a.id} ${d.b.id}` },
      h('p', { class: 'evidence' }, d.evidence.map((e) => EVIDENCE[e] ?? e).join('; ')),
      h('div', { class: 'duplicate-cards' }, card(d.a, d.records.a), card(d.b, d.records.b)),
      buttons,
    );
  }

  async function load(): Promise<void> {
    const [list, merges] = await Promise.all([
      getJson('/api/v1/duplicates?limit=100', DuplicateList),
      getJson('/api/v1/merges', MergeList),
    ]);
    fill(
      listBox,
      list.items.length === 0
        ? h('p', null, 'No likely duplicates.')
        : [
            h(
              'p',
              null,
              list.total > list.items.length
                ? `${count(list.total)} pairs; the strongest ${count(list.items.length)} first.`
                : `${count(list.total)} pair${list.total === 1 ? '' : 's'}, strongest evidence first.`,
            ),
            h('ol', { class: 'duplicate-pairs' }, list.items.map(pairRow)),
          ],
    );
    fill(
      mergesBox,
      merges.items.length === 0
        ? null
        : [
            h('h3', null, 'Merges made'),
            h(
              'ul',
              null,
              merges.items.map((m) =>
                h(
                  'li',
                  { 'data-merge': m.id },
                  `${m.mergedName} into `,
                  link(`/people/${encodeURIComponent(m.keepId)}`, 'the person kept'),
                  `, ${day(m.at)}`,
                  m.undoneAt
                    ? ` (undone ${day(m.undoneAt)})`
                    : writable
                      ? h(
                          'button',
                          {
                            type: 'button',
                            class: 'undo-merge',
                            onclick: () =>
                              act('Undoing', async () => {
                                await send(
                                  'POST',
                                  `/api/v1/merges/${encodeURIComponent(m.id)}/undo`,
                                  {},
                                  MergeRecordSchema,
                                );
                                return `${m.mergedName} is back.`;
                              }),
                          },
                          'Undo',
                        )
                      : null,
                ),
              ),
            ),
          ],
    );
  }

  await load();
  const el = h(
    'section',
    { class: 'duplicates-view' },
    heading,
    h(
      'p',
      null,
      'Imports never guess who someone is. When two records may be one person, they are listed here: keep one, and the other’s interactions, ties, introductions, referrals, notes, tags and emails move onto it.',
    ),
    status,
    listBox,
    mergesBox,
  );
  return { el, title: 'Possible duplicates', focus: heading };
}
