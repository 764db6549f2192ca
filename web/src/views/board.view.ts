/**
 * The nurture board: this week's recommendations grouped by what to do, each
 * with its reason and the action the advice asks for: "Ask permission"
 * records their answer (yes, no, not asked yet), "Thank", "Nurture" and the
 * others log what was done on the day picked (today by default, never before
 * the thing being answered). "Done" is kept on the server for the signed-in
 * member and the week. Operable from the keyboard alone (board-list.ts);
 * after each action focus moves on to the next card.
 */
import {
  BoardStateSchema,
  Channel,
  ConsentSchema,
  InteractionCreate,
  InteractionSchema,
  RecommendationPageSchema,
  SubscriptionSchema,
  isFuture,
  type Recommendation,
} from '../../../shared/index.js';
import { getAll, getJson, messageOf, send } from '../api.js';
import { BoardList } from '../board/board-list.js';
import { h, link, liveRegion } from '../core/dom.js';
import { CHANNEL_LABEL, count, day, eventTimeFromDay, isoWeek, localToday, plural, weekLabel } from '../core/format.js';
import { RECOMMENDATION_LABEL } from '../core/insight.js';
import { onLive } from '../core/live.js';
import { me as loadMe, resolveNames } from '../core/people.js';
import type { View } from '../core/router.js';
import { canWrite } from '../core/session.js';
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

/** What the log button says, by advice. */
const LOG_LABEL: Record<Recommendation['kind'], string> = {
  nurture: 'Log the contact',
  thank: 'Log the thank-you',
  reciprocate: 'Log what you did',
  reconnect: 'Log the contact',
  do_not_pitch_yet: 'Log the conversation',
  ask_permission: 'Record the answer',
  warm_introduction: 'Log the contact',
};

const NOTE: Record<Recommendation['kind'], string> = {
  nurture: 'Nurtured (from the nurture board)',
  thank: 'Said thank you (from the nurture board)',
  reciprocate: 'Gave back (from the nurture board)',
  reconnect: 'Reconnected (from the nurture board)',
  do_not_pitch_yet: 'Got to know them (from the nurture board)',
  ask_permission: 'Asked for permission (from the nurture board)',
  warm_introduction: 'Asked for an introduction (from the nurture board)',
};

let fields = 0;

export async function boardView(): Promise<View> {
  const week = isoWeek();
  let recs: Recommendation[];
  let nameOf: (id: string) => string;
  let done: Set<string>;
  const me = await loadMe().catch(() => null);
  try {
    [recs, done] = await Promise.all([
      getAll('/api/v1/analytics/recommendations', RecommendationPageSchema),
      getJson(`/api/v1/board?week=${week}`, BoardStateSchema).then((s) => new Set(s.done)),
    ]);
    nameOf = await namesFor(recs);
  } catch (e) {
    return { el: problemView(e, 'The recommendations could not be loaded'), title: 'Nurture board' };
  }
  const keyOf = (r: Recommendation) => `${r.kind}:${r.personId}`;
  const status = liveRegion();
  const doneList = h('ul', { class: 'done-list' });
  const doneCount = h('span', null, '0');
  const writable = canWrite();
  const intro = h('p', null);
  const groupsBox = h('div', { class: 'board-groups' });

  const lists = new Map<Recommendation['kind'], BoardList>();
  const recounts = new Map<Recommendation['kind'], () => void>();

  async function setDone(r: Recommendation, on: boolean): Promise<void> {
    const state = await send('PUT', '/api/v1/board/done', { week, key: keyOf(r), done: on }, BoardStateSchema);
    done = new Set(state.done);
  }

  /**
   * Redraws the board and keeps the keyboard where it was: on the focused card, or on the next
   * one still on the board if it went. The focus is read now, not when the cause came: a key
   * pressed meanwhile may have moved it.
   */
  function redrawKeepingFocus(): void {
    const before = [...groupsBox.querySelectorAll<HTMLElement>('li.card')].map((c) => c.getAttribute('data-key'));
    const focusedKey = (document.activeElement as HTMLElement | null)?.closest('li.card')?.getAttribute('data-key');
    draw();
    if (!focusedKey) return;
    const cardOf = (k: string | null) =>
      k ? groupsBox.querySelector<HTMLElement>(`li.card[data-key="${CSS.escape(k)}"]`) : null;
    const from = Math.max(0, before.indexOf(focusedKey));
    const target =
      before
        .slice(from)
        .map(cardOf)
        .find((c) => c) ?? groupsBox.querySelector<HTMLElement>('li.card');
    target?.focus();
  }

  function draw(): void {
    lists.clear();
    recounts.clear();
    doneList.replaceChildren();
    intro.replaceChildren(
      `This is ${weekLabel(week)}: ${plural(recs.length, 'recommendation')}, most pressing first in each group. `,
      h(
        'span',
        { class: 'muted' },
        'Keys: arrows move between cards, Tab reaches a card\u2019s controls, L does what the card advises, D marks it done.',
      ),
    );
    groupsBox.replaceChildren(
      ...GROUPS.map(([kind, about]) => {
        const items = recs.filter((r) => r.kind === kind);
        const headingId = `group-${kind}`;
        const list = new BoardList(RECOMMENDATION_LABEL[kind]);
        lists.set(kind, list);
        const countBox = h('span', { class: 'group-count' });
        const section = h(
          'section',
          { class: `board-group group-${kind}`, 'aria-labelledby': headingId },
          h('h3', { id: headingId, tabindex: '-1' }, RECOMMENDATION_LABEL[kind], ' ', countBox),
          h('p', { class: 'muted' }, about),
          list.el,
        );
        const recount = () => {
          const n = list.cards().length;
          countBox.textContent = `(${count(n)})`;
          section.classList.toggle('empty', n === 0);
        };
        recounts.set(kind, recount);
        for (const r of items) if (!done.has(keyOf(r))) addCard(list, r, recount);
        recount();
        return section;
      }),
    );
    for (const r of recs) if (done.has(keyOf(r))) addDone(r);
  }

  function addCard(list: BoardList, r: Recommendation, recount: () => void): void {
    const name = nameOf(r.personId);
    list.add({
      key: keyOf(r),
      build: (card) => {
        const n = ++fields;
        const cardStatus = h('p', { class: 'card-status', role: 'status' });
        const doneButton = h('button', { type: 'button', class: 'secondary done' }, 'Done');
        const finish = async (message: string) => {
          try {
            await setDone(r, true);
          } catch (e) {
            cardStatus.textContent = `${message} Not marked done: ${messageOf(e)}`;
            return;
          }
          if (!card.isConnected) {
            // A live redraw replaced this card while it was being marked: draw the board as it is
            // now (without it) and keep the keyboard on the card after it.
            redrawKeepingFocus();
            status.textContent = message;
            return;
          }
          const focusNext = card.contains(document.activeElement) || document.activeElement === document.body;
          list.remove(card, focusNext);
          recount();
          addDone(r);
          status.textContent = message;
          if (list.cards().length === 0 && focusNext)
            (card.ownerDocument.getElementById(`group-${r.kind}`) as HTMLElement | null)?.focus();
        };
        const markDone = () => void finish(`Done: ${RECOMMENDATION_LABEL[r.kind]} ${name}.`);
        doneButton.addEventListener('click', markDone);
        card.setAttribute('aria-label', `${RECOMMENDATION_LABEL[r.kind]}: ${name}`);
        let act: () => void = () => undefined;
        let controls: HTMLElement | null = null;
        if (writable && r.kind === 'ask_permission') {
          const answer = h(
            'select',
            { id: `answer-${n}`, class: 'answer' },
            h('option', { value: 'granted' }, 'Yes'),
            h('option', { value: 'declined' }, 'No'),
            h('option', { value: 'none' }, 'Not asked yet'),
          );
          const record = h('button', { type: 'button', class: 'log' }, LOG_LABEL[r.kind]);
          act = () => void recordAnswer(r, answer.value, name, cardStatus, record, finish);
          record.addEventListener('click', act);
          controls = h(
            'div',
            { class: 'card-actions' },
            h('label', { for: `answer-${n}` }, 'Their answer'),
            answer,
            record,
            doneButton,
          );
        } else if (writable) {
          const channel = h(
            'select',
            { id: `channel-${n}`, class: 'channel' },
            Channel.options.map((c) => h('option', { value: c }, CHANNEL_LABEL[c] ?? c)),
          );
          channel.value = r.kind === 'thank' ? 'message' : 'call';
          // Never before the thing it answers: a thank-you follows the referral.
          const after = typeof r.evidence.referredOn === 'string' ? r.evidence.referredOn : null;
          const when = h('input', {
            id: `when-${n}`,
            type: 'date',
            class: 'when',
            value: localToday(),
            max: localToday(),
            min: after,
          });
          const logButton = h('button', { type: 'button', class: 'log' }, LOG_LABEL[r.kind]);
          act = () => void logContact(r, channel.value, when.value, after, name, cardStatus, logButton, when, finish);
          logButton.addEventListener('click', act);
          controls = h(
            'div',
            { class: 'card-actions' },
            h('label', { for: `channel-${n}` }, 'How'),
            channel,
            h('label', { for: `when-${n}` }, 'When'),
            when,
            logButton,
            doneButton,
          );
        } else controls = h('div', { class: 'card-actions' }, doneButton);
        card.append(
          h(
            'div',
            { class: 'card-head' },
            h('h4', null, link(`/people/${encodeURIComponent(r.personId)}`, name)),
            h('span', { class: 'priority', title: 'How pressing, out of 100' }, `priority ${Math.round(r.priority)}`),
          ),
          h('p', { class: 'reason' }, r.reason),
          controls,
          cardStatus,
        );
        return { log: act, done: markDone };
      },
    });
  }

  async function logContact(
    r: Recommendation,
    channel: string,
    whenDay: string,
    after: string | null,
    name: string,
    cardStatus: HTMLElement,
    button: HTMLButtonElement,
    when: HTMLInputElement,
    finish: (m: string) => Promise<void>,
  ): Promise<void> {
    if (!whenDay || isFuture(whenDay, Date.now()) || (after && whenDay < after)) {
      cardStatus.textContent = !whenDay
        ? 'Pick the day it happened.'
        : after && whenDay < after
          ? `Pick a day on or after ${day(after)}: you cannot answer it before it happened.`
          : 'This day has not come yet: log what has already happened.';
      when.setAttribute('aria-invalid', 'true');
      when.focus();
      return;
    }
    when.removeAttribute('aria-invalid');
    const payload = {
      occurredAt: eventTimeFromDay(whenDay),
      channel,
      participantIds: [r.personId],
      initiatorId: me?.id ?? null,
      note: NOTE[r.kind],
      source: 'manual',
    };
    const parsed = InteractionCreate.safeParse(payload);
    if (!parsed.success) {
      cardStatus.textContent = parsed.error.issues.map((i) => i.message).join('; ');
      return;
    }
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    try {
      await send('POST', '/api/v1/interactions', payload, InteractionSchema);
      forgetGraph();
      const what = (CHANNEL_LABEL[channel] ?? channel).toLowerCase();
      await finish(`Logged: ${what} with ${name}, ${whenDay === localToday() ? 'today' : day(whenDay)}.`);
    } catch (e) {
      cardStatus.textContent = `Not logged: ${messageOf(e)}`;
    } finally {
      button.removeAttribute('aria-disabled');
    }
  }

  async function recordAnswer(
    r: Recommendation,
    answer: string,
    name: string,
    cardStatus: HTMLElement,
    button: HTMLButtonElement,
    finish: (m: string) => Promise<void>,
  ): Promise<void> {
    if (answer === 'none') {
      cardStatus.textContent = `Nothing recorded: ask ${name} first. Until they say yes, leave them out of your mailings.`;
      return;
    }
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    try {
      const listId = typeof r.evidence.listId === 'string' ? r.evidence.listId : null;
      await send(
        'POST',
        '/api/v1/consents',
        {
          personId: r.personId,
          listId,
          status: answer,
          date: new Date().toISOString(),
          evidence: 'Asked; recorded on the nurture board',
        },
        ConsentSchema,
      );
      // A no means no: they come off the list.
      if (answer === 'declined' && typeof r.evidence.subscriptionId === 'string')
        await send(
          'PATCH',
          `/api/v1/subscriptions/${encodeURIComponent(r.evidence.subscriptionId)}`,
          { status: 'unsubscribed' },
          SubscriptionSchema,
        );
      await finish(
        answer === 'granted' ? `Recorded: ${name} said yes.` : `Recorded: ${name} said no, and is off the list.`,
      );
    } catch (e) {
      cardStatus.textContent = `Not recorded: ${messageOf(e)}`;
    } finally {
      button.removeAttribute('aria-disabled');
    }
  }

  function addDone(r: Recommendation): void {
    const undo = h('button', { type: 'button', class: 'link-button' }, 'Undo');
    const item = h('li', null, `${RECOMMENDATION_LABEL[r.kind]}: ${nameOf(r.personId)} `, undo);
    undo.addEventListener('click', () => {
      void setDone(r, false)
        .then(() => {
          item.remove();
          const list = lists.get(r.kind)!;
          addCard(list, r, recounts.get(r.kind)!);
          recounts.get(r.kind)?.();
          doneCount.textContent = String(doneList.children.length);
          status.textContent = `Back on the board: ${nameOf(r.personId)}.`;
        })
        .catch((e: unknown) => {
          status.textContent = messageOf(e);
        });
    });
    doneList.append(item);
    doneCount.textContent = String(doneList.children.length);
  }

  draw();
  // Another device, tab or member changed something: new advice, or "done" marked elsewhere.
  let reloading = false;
  const stop = onLive((e) => {
    if ((e.type !== 'analysis' && e.what !== 'board') || reloading) return;
    reloading = true;
    void Promise.all([
      getAll('/api/v1/analytics/recommendations', RecommendationPageSchema),
      getJson(`/api/v1/board?week=${week}`, BoardStateSchema),
    ])
      .then(async ([next, state]) => {
        const same =
          next.length === recs.length &&
          next.every((r, i) => keyOf(r) === keyOf(recs[i]!)) &&
          state.done.length === done.size &&
          state.done.every((k) => done.has(k));
        if (same) return;
        recs = next;
        done = new Set(state.done);
        nameOf = await namesFor(recs);
        redrawKeepingFocus();
      })
      .catch(() => undefined)
      .finally(() => {
        reloading = false;
      });
  });

  return {
    el: h(
      'section',
      { class: 'view board-view' },
      h('h2', null, 'Nurture board'),
      intro,
      status,
      groupsBox,
      h('details', { class: 'done-box' }, h('summary', null, 'Done this week (', doneCount, ')'), doneList),
    ),
    title: 'Nurture board',
    destroy: stop,
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
