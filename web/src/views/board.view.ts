/**
 * The nurture board: this week's recommendations grouped by what to do,
 * each with its reason, a one-click "log interaction" and "done". Operable
 * from the keyboard alone (see board-list.ts).
 */
import {
  Channel,
  InteractionCreate,
  InteractionSchema,
  RecommendationPageSchema,
  type Recommendation,
} from '../../../shared/index.js';
import { getAll, messageOf, send } from '../api.js';
import { DoneStore, isoWeek } from '../board/done-store.js';
import { BoardList } from '../board/board-list.js';
import { h, link, liveRegion } from '../core/dom.js';
import { CHANNEL_LABEL, count } from '../core/format.js';
import { RECOMMENDATION_LABEL } from '../core/insight.js';
import { me as loadMe, resolveNames } from '../core/people.js';
import type { View } from '../core/router.js';
import { canWrite, session } from '../core/session.js';
import { forgetGraph, loadGraph } from '../graph/graph-data.js';
import { problemView } from './problem.js';

const GROUPS: [Recommendation['kind'], string][] = [
  ['nurture', 'Valuable and cooling: get in touch before the tie fades.'],
  ['thank', 'They did something for you: say thank you.'],
  ['reciprocate', 'You have received more than you gave: look for a way to give back.'],
  ['reconnect', 'Dormant ties worth waking up.'],
  ['do_not_pitch_yet', 'No relationship yet: build one before you sell.'],
  ['ask_permission', 'On a list without a recorded yes: ask, and record the answer.'],
  ['warm_introduction', 'A warm way in to someone you want to meet.'],
];

export async function boardView(): Promise<View> {
  let recs: Recommendation[];
  let nameOf: (id: string) => string;
  const me = await loadMe().catch(() => null);
  try {
    recs = await getAll('/api/v1/analytics/recommendations', RecommendationPageSchema);
    nameOf = await namesFor(recs);
  } catch (e) {
    return { el: problemView(e, 'The recommendations could not be loaded'), title: 'Nurture board' };
  }
  const done = new DoneStore(session()?.workspaceId ?? 'none');
  const keyOf = (r: Recommendation) => `${r.kind}:${r.personId}`;
  const status = liveRegion();
  const doneList = h('ul', { class: 'done-list' });
  const doneCount = h('span', null, '0');
  const writable = canWrite();

  const lists = new Map<Recommendation['kind'], BoardList>();
  const sections = GROUPS.map(([kind, about]) => {
    const items = recs.filter((r) => r.kind === kind);
    const headingId = `group-${kind}`;
    const list = new BoardList(RECOMMENDATION_LABEL[kind]);
    lists.set(kind, list);
    const countBox = h('span', { class: 'group-count' });
    const section = h(
      'section',
      { class: `board-group group-${kind}`, 'aria-labelledby': headingId },
      h('h3', { id: headingId }, RECOMMENDATION_LABEL[kind], ' ', countBox),
      h('p', { class: 'muted' }, about),
      list.el,
    );
    const recount = () => {
      const n = list.cards().length;
      countBox.textContent = `(${n})`;
      section.classList.toggle('empty', n === 0);
    };
    for (const r of items) if (!done.has(keyOf(r))) addCard(list, r, recount);
    recount();
    (section as HTMLElement & { recount?: () => void }).recount = recount;
    return section;
  });

  function addCard(list: BoardList, r: Recommendation, recount: () => void): void {
    const name = nameOf(r.personId);
    list.add({
      key: keyOf(r),
      build: (card) => {
        const cardStatus = h('p', { class: 'card-status', role: 'status' });
        const channel = h(
          'select',
          { 'aria-label': `How you were in touch with ${name}`, class: 'channel' },
          Channel.options.map((c) => h('option', { value: c }, CHANNEL_LABEL[c] ?? c)),
        );
        channel.value = r.kind === 'thank' || r.kind === 'ask_permission' ? 'message' : 'call';
        const logButton = h('button', { type: 'button', class: 'log' }, 'Log interaction');
        const doneButton = h('button', { type: 'button', class: 'secondary done' }, 'Done');
        const log = async () => {
          if (!writable) return;
          const payload = {
            occurredAt: new Date().toISOString(),
            channel: channel.value,
            participantIds: [r.personId],
            initiatorId: me?.id ?? null,
            note: `From the nurture board: ${RECOMMENDATION_LABEL[r.kind].toLowerCase()}`,
            source: 'manual',
          };
          const parsed = InteractionCreate.safeParse(payload);
          if (!parsed.success) {
            cardStatus.textContent = parsed.error.issues.map((i) => i.message).join('; ');
            return;
          }
          logButton.disabled = true;
          try {
            await send('POST', '/api/v1/interactions', payload, InteractionSchema);
            forgetGraph();
            cardStatus.textContent = `Logged: ${(CHANNEL_LABEL[channel.value] ?? channel.value).toLowerCase()} with ${name} today.`;
            card.classList.add('logged');
          } catch (e) {
            cardStatus.textContent = `Not logged: ${messageOf(e)}`;
          } finally {
            logButton.disabled = false;
          }
        };
        const markDone = () => {
          done.set(keyOf(r), true);
          list.remove(card);
          recount();
          addDone(r);
          status.textContent = `Done: ${RECOMMENDATION_LABEL[r.kind]} ${name}.`;
          if (list.cards().length === 0) (card.closest('section')?.querySelector('h3') as HTMLElement | null)?.focus();
        };
        logButton.addEventListener('click', () => void log());
        doneButton.addEventListener('click', markDone);
        card.setAttribute('aria-label', `${RECOMMENDATION_LABEL[r.kind]}: ${name}`);
        card.append(
          h(
            'div',
            { class: 'card-head' },
            h('h4', null, link(`/people/${encodeURIComponent(r.personId)}`, name)),
            h('span', { class: 'priority', title: 'How pressing, 0–100' }, `priority ${Math.round(r.priority)}`),
          ),
          h('p', { class: 'reason' }, r.reason),
          writable
            ? h('div', { class: 'card-actions' }, channel, logButton, doneButton)
            : h('div', { class: 'card-actions' }, doneButton),
          cardStatus,
        );
        return { log: () => void log(), done: markDone };
      },
    });
  }

  function addDone(r: Recommendation): void {
    const undo = h('button', { type: 'button', class: 'link-button' }, 'Undo');
    const item = h('li', null, `${RECOMMENDATION_LABEL[r.kind]}: ${nameOf(r.personId)} `, undo);
    undo.addEventListener('click', () => {
      done.set(keyOf(r), false);
      item.remove();
      const list = lists.get(r.kind)!;
      const section = list.el.closest('section') as (HTMLElement & { recount?: () => void }) | null;
      addCard(list, r, section?.recount ?? (() => undefined));
      section?.recount?.();
      doneCount.textContent = String(doneList.children.length);
      status.textContent = `Back on the board: ${nameOf(r.personId)}.`;
    });
    doneList.append(item);
    doneCount.textContent = String(doneList.children.length);
  }
  for (const r of recs) if (done.has(keyOf(r))) addDone(r);

  return {
    el: h(
      'section',
      { class: 'view board-view' },
      h('h2', null, 'Nurture board'),
      h(
        'p',
        null,
        `Week ${isoWeek()}: ${count(recs.length)} recommendations, most pressing first in each group. `,
        h(
          'span',
          { class: 'muted' },
          'Keys: arrows move between cards, Tab reaches a card\u2019s buttons, L logs an interaction, D marks done.',
        ),
      ),
      status,
      h('div', { class: 'board-groups' }, sections),
      h('details', { class: 'done-box' }, h('summary', null, 'Done this week (', doneCount, ')'), doneList),
    ),
    title: 'Nurture board',
  };
}

async function namesFor(recs: Recommendation[]): Promise<(id: string) => string> {
  // The graph answer names everyone at once; fall back to one lookup per person.
  try {
    const g = await loadGraph();
    return (id) => {
      const i = g.index.get(id);
      return i === undefined ? id : g.names[i]!;
    };
  } catch {
    return resolveNames(recs.map((r) => r.personId));
  }
}
