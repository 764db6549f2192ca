/**
 * Mailing lists and their consents: each list with its members and the
 * answer in force for each (yes, no answer yet, no, withdrawn), the way to
 * record an answer or take someone off, to add someone (warned when they have
 * not said yes), and to make, rename or delete a list.
 */
import {
  ConsentPage,
  ConsentSchema,
  MailingListCreate,
  MailingListExportAnswerSchema,
  MailingListPage,
  MailingListSchema,
  SubscriptionPage,
  SubscriptionSchema,
  type Consent,
  type MailingList,
  type Subscription,
} from '../../../shared/index.js';
import { getAll, getJson, messageOf, send } from '../api.js';
import { ask } from '../core/dialog.js';
import { h, link, liveRegion } from '../core/dom.js';
import { count, plural } from '../core/format.js';
import { onLive } from '../core/live.js';
import { me as loadMe, resolveNames, searchPeople } from '../core/people.js';
import type { View } from '../core/router.js';
import { canWrite } from '../core/session.js';
import { subscriptionForm } from '../forms/activity-forms.js';
import { SchemaForm, orNull } from '../forms/form-kit.js';
import { restoreRecord } from '../forms/edit-forms.js';
import { problemView } from './problem.js';

const ANSWER = {
  yes: 'Said yes',
  no_consent: 'No answer yet',
  declined: 'Said no',
  withdrawn: 'Withdrew their yes',
} as const;

export async function listsView(): Promise<View> {
  const writable = canWrite();
  const status = liveRegion();
  const undoBox = h('div', { class: 'undo-box' });
  const box = h('div', { class: 'lists' });
  const me = await loadMe().catch(() => null);
  let lists: MailingList[];
  try {
    lists = await getAll('/api/v1/mailing-lists', MailingListPage);
  } catch (e) {
    return { el: problemView(e, 'The mailing lists could not be loaded'), title: 'Mailing lists' };
  }

  async function section(l: MailingList): Promise<HTMLElement> {
    const [exp, subs] = await Promise.all([
      getJson(`/api/v1/mailing-lists/${encodeURIComponent(l.id)}/export`, MailingListExportAnswerSchema).catch(
        () => null,
      ),
      getAll(`/api/v1/subscriptions?listId=${encodeURIComponent(l.id)}&status=active`, SubscriptionPage),
    ]);
    const nameOf = await resolveNames(subs.map((s) => s.personId));
    const answerOf = new Map<string, keyof typeof ANSWER>();
    for (const id of exp?.personIds ?? []) answerOf.set(id, 'yes');
    for (const x of exp?.leftOutPeople ?? []) answerOf.set(x.personId, x.reason);
    const headingId = `list-${l.id}`;
    const rows = subs.map((s) => {
      const answer = answerOf.get(s.personId) ?? 'no_consent';
      const cells: (HTMLElement | string)[] = [
        h('th', { scope: 'row' }, link(`/people/${encodeURIComponent(s.personId)}`, nameOf(s.personId))),
        h('td', { class: `answer answer-${answer}` }, ANSWER[answer]),
      ];
      if (writable) {
        const yes = h('button', { type: 'button', class: 'secondary' }, 'Record yes');
        const no = h('button', { type: 'button', class: 'secondary' }, 'Record no');
        const off = h('button', { type: 'button', class: 'secondary' }, 'Take off the list');
        const record = (answer: 'granted' | 'declined') =>
          send(
            'POST',
            '/api/v1/consents',
            {
              personId: s.personId,
              listId: l.id,
              status: answer,
              date: new Date().toISOString(),
              evidence: 'Recorded on the lists page',
            },
            ConsentSchema,
          );
        yes.addEventListener(
          'click',
          () =>
            void record('granted')
              .then(() => {
                status.textContent = `Recorded: ${nameOf(s.personId)} said yes to ${l.name}.`;
                pending = l.id;
              })
              .catch((e: unknown) => {
                status.textContent = messageOf(e);
              }),
        );
        no.addEventListener(
          'click',
          () =>
            void record('declined')
              .then(() =>
                send(
                  'PATCH',
                  `/api/v1/subscriptions/${encodeURIComponent(s.id)}`,
                  { status: 'unsubscribed' },
                  SubscriptionSchema,
                ),
              )
              .then(() => {
                status.textContent = `Recorded: ${nameOf(s.personId)} said no, and is off ${l.name}.`;
                pending = l.id;
              })
              .catch((e: unknown) => {
                status.textContent = messageOf(e);
              }),
        );
        off.addEventListener(
          'click',
          () =>
            void send(
              'PATCH',
              `/api/v1/subscriptions/${encodeURIComponent(s.id)}`,
              { status: 'unsubscribed' },
              SubscriptionSchema,
            )
              .then(() => {
                status.textContent = `${nameOf(s.personId)} is off ${l.name}.`;
                pending = l.id;
              })
              .catch((e: unknown) => {
                status.textContent = messageOf(e);
              }),
        );
        cells.push(
          h(
            'td',
            null,
            h('span', { class: 'tool-row' }, answer === 'yes' ? null : yes, answer === 'yes' ? null : no, off),
          ),
        );
      }
      return h('tr', null, cells);
    });
    const rename = h('button', { type: 'button', class: 'secondary' }, 'Rename');
    const remove = h('button', { type: 'button', class: 'secondary danger' }, 'Delete the list');
    const head = h(
      'div',
      { class: 'list-head' },
      h('h3', { id: headingId, tabindex: '-1' }, l.name),
      writable ? h('span', { class: 'tool-row' }, rename, remove) : null,
    );
    rename.addEventListener('click', () => {
      const form = new SchemaForm({
        className: 'rename-form',
        submitLabel: 'Save name',
        schema: MailingListCreate,
        fields: [
          { name: 'name', label: 'Name', kind: 'text', initial: l.name },
          { name: 'description', label: 'Description', kind: 'text', initial: l.description ?? '' },
        ],
        toPayload: (v) => ({
          name: typeof v.name === 'string' ? v.name.trim() : '',
          description: orNull(v.description),
        }),
        submit: async (payload) => {
          await send('PATCH', `/api/v1/mailing-lists/${encodeURIComponent(l.id)}`, payload, MailingListSchema);
          status.textContent = 'Saved.';
          await reload(l.id);
          return 'Saved.';
        },
      });
      head.replaceWith(form.el);
      (form.control('name') as HTMLElement).focus();
    });
    remove.addEventListener('click', async () => {
      const choice = await ask({
        title: `Delete ${l.name}?`,
        body: h(
          'p',
          null,
          `The list, its ${plural(subs.length, 'membership')} and the answers about it go. Undo puts them back.`,
        ),
        choices: [{ key: 'delete', label: 'Delete the list', kind: 'secondary' }],
      });
      if (choice !== 'delete') return;
      try {
        // What goes with the list, kept here for the undo (every membership, current or past, and every answer).
        const q = `listId=${encodeURIComponent(l.id)}`;
        const [memberships, answers] = await Promise.all([
          getAll(`/api/v1/subscriptions?${q}`, SubscriptionPage),
          getAll(`/api/v1/consents?${q}`, ConsentPage),
        ]);
        await send('DELETE', `/api/v1/mailing-lists/${encodeURIComponent(l.id)}`, undefined, null);
        status.textContent = `Deleted ${l.name}.`;
        await reload();
        offerUndo(l, memberships, answers);
      } catch (e) {
        status.textContent = messageOf(e);
      }
    });
    const yesCount = [...answerOf.values()].filter((a) => a === 'yes').length;
    return h(
      'section',
      { class: 'list-section', 'aria-labelledby': headingId },
      head,
      l.description ? h('p', { class: 'muted' }, l.description) : null,
      h(
        'p',
        null,
        subs.length === 0
          ? 'Nobody on this list.'
          : `${plural(subs.length, 'person', 'people')} on the list; ${count(yesCount)} said yes. Only they may be mailed.`,
      ),
      subs.length
        ? h(
            'div',
            { class: 'table-scroll', role: 'region', 'aria-label': `Members of ${l.name}`, tabindex: '0' },
            h(
              'table',
              { class: 'data' },
              h('caption', null, `Members of ${l.name}`),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col' }, 'Person'),
                  h('th', { scope: 'col' }, 'Their answer'),
                  writable ? h('th', { scope: 'col' }, 'Actions') : null,
                ),
              ),
              h('tbody', null, rows),
            ),
          )
        : null,
    );
  }

  /** After a list is deleted: Undo makes it again, with its answers and memberships (the list's id changes). */
  function offerUndo(l: MailingList, memberships: Subscription[], answers: Consent[]): void {
    const undo = h('button', { type: 'button', class: 'secondary' }, 'Undo');
    undo.addEventListener('click', async () => {
      undo.disabled = true;
      try {
        const again = await send(
          'POST',
          '/api/v1/mailing-lists',
          { name: l.name, description: l.description },
          MailingListSchema,
        );
        // Answers first: a membership put back with its yes is no mistake.
        for (const c of answers) await restoreRecord({ kind: 'consent', record: { ...c, listId: again.id } });
        for (const m of memberships) await restoreRecord({ kind: 'subscription', record: { ...m, listId: again.id } });
        undoBox.replaceChildren();
        status.textContent = `Put back ${l.name}.`;
        await reload(again.id);
      } catch (e) {
        undo.disabled = false;
        status.textContent = `Could not put it back: ${messageOf(e)}`;
      }
    });
    undoBox.replaceChildren(h('p', { class: 'undo-line' }, `Deleted ${l.name}. `, undo));
    undo.focus();
  }

  let formLists = '';
  /** A list whose members changed here: redrawn (and focused) when the new analysis arrives. */
  let pending: string | null = null;
  async function reload(focusList?: string): Promise<void> {
    lists = await getAll('/api/v1/mailing-lists', MailingListPage);
    const sections = await Promise.all(lists.map(section));
    box.replaceChildren(...(sections.length ? sections : [h('p', null, 'No mailing list yet.')]));
    // The add form follows the lists, but never while someone is filling it in.
    const names = lists.map((l) => `${l.id}:${l.name}`).join('|');
    if (names !== formLists && !addBox.contains(document.activeElement)) {
      formLists = names;
      addBox.replaceChildren(addForm());
    }
    if (focusList) (box.querySelector(`#list-${CSS.escape(focusList)}`) as HTMLElement | null)?.focus();
  }

  const create = new SchemaForm({
    title: 'Make a list',
    submitLabel: 'Make the list',
    schema: MailingListCreate,
    fields: [
      { name: 'name', label: 'Name', kind: 'text', hint: 'e.g. Monthly newsletter' },
      { name: 'description', label: 'Description', kind: 'text' },
    ],
    toPayload: (v) => ({ name: typeof v.name === 'string' ? v.name.trim() : '', description: orNull(v.description) }),
    submit: async (payload) => {
      const l = await send('POST', '/api/v1/mailing-lists', payload, MailingListSchema);
      await reload();
      return `Made ${l.name}.`;
    },
    reset: true,
  });
  const addBox = h('div', { class: 'add-member' });
  const addForm = () =>
    subscriptionForm({
      subject: { id: '', name: '' },
      me: me ? { id: me.id, name: me.name } : null,
      search: searchPeople,
      lists,
      saved: () => void reload(),
    }).el;

  await reload();
  // An answer recorded here shows once the analysis has it; the list keeps focus.
  const stop = onLive((e) => {
    if (e.type !== 'analysis' || (!pending && box.contains(document.activeElement))) return;
    const focusList = pending ?? undefined;
    pending = null;
    void reload(focusList).catch(() => undefined);
  });
  return {
    el: h(
      'section',
      { class: 'view lists-view' },
      h('h2', null, 'Mailing lists'),
      h(
        'p',
        null,
        'Who is on each list, and whether they said yes. Ask first, record the answer, and mail only those who said yes: a no means no.',
      ),
      status,
      undoBox,
      box,
      writable ? h('div', { class: 'list-forms' }, addBox, create.el) : null,
    ),
    title: 'Mailing lists',
    destroy: stop,
  };
}
