/**
 * A contact's page: who they are (editable), what the analytics say about
 * them (in words, with every factor), their history (each entry editable and
 * deletable, with undo), and the forms to log what happened. Updates itself
 * when anything changes, here or elsewhere.
 */
import {
  MailingListPage,
  PersonInsightSchema,
  PersonSchema,
  PersonUpdate,
  type MailingList,
  type Person,
  type PersonInsight,
} from '../../../shared/index.js';
import { ApiError, getJson, messageOf, send } from '../api.js';
import { ask } from '../core/dialog.js';
import { fill, h, link, liveRegion } from '../core/dom.js';
import { dateTime, day } from '../core/format.js';
import { renderAdvice, renderPartner, renderStrength } from '../core/insight.js';
import { onLive } from '../core/live.js';
import { getPerson, me as loadMe, searchPeople } from '../core/people.js';
import { deleteWithUndo } from '../core/held-erasures.js';
import type { RouteMatch, View } from '../core/router.js';
import { canWrite } from '../core/session.js';
import { tabs } from '../core/tabs.js';
import { personRecords, renderTimeline, timelineItems, type TimelineItem } from '../core/timeline.js';
import {
  consentForm,
  interactionForm,
  introductionForm,
  pitchForm,
  referralForm,
  subscriptionForm,
  type ActivityContext,
} from '../forms/activity-forms.js';
import { deleteRecord, editForm, restoreRecord } from '../forms/edit-forms.js';
import { SchemaForm, orNull } from '../forms/form-kit.js';
import { forgetGraph } from '../graph/graph-data.js';
import { closenessRating } from '../forms/closeness-rating.js';
import { expressedNeeds } from '../forms/expressed-needs.js';
import { problemView } from './problem.js';

const split = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : [];

export async function contactView(m: RouteMatch, go?: (path: string) => void): Promise<View> {
  const id = m.params.id!;
  let person: Person;
  try {
    person = await getPerson(id);
  } catch (e) {
    return { el: problemView(e, 'No such person'), title: 'Contact' };
  }
  const [me, lists] = await Promise.all([
    loadMe().catch(() => null),
    getJson('/api/v1/mailing-lists?limit=200', MailingListPage)
      .then((p) => p.items)
      .catch((): MailingList[] => []),
  ]);
  const writable = canWrite();

  const heading = h('h2', { class: 'contact-name' });
  const factsBox = h('div', { class: 'facts-box' });
  const insightBox = h('div', { class: 'insight', 'aria-live': 'polite' });
  const timelineBox = h('div', { class: 'timeline-box' });
  const status = liveRegion();
  const undoBox = h('div', { class: 'undo-box' });

  function drawHeading(): void {
    heading.replaceChildren(person.name, person.isMe || person.id === me?.id ? ' (you)' : '');
  }

  function drawFacts(): void {
    const facts: [string, string | null][] = [
      ['Company', person.company],
      ['Position', person.position],
      ['Emails', person.emails.join(', ') || null],
      ['LinkedIn', person.linkedinUrl],
      ['Tags', person.tags.join(', ') || null],
      ['Connected on', person.connectedOn ? day(person.connectedOn) : null],
      [
        'Expressed need',
        person.needNote ? `${person.needNote}${person.needNotedOn ? ` (${day(person.needNotedOn)})` : ''}` : null,
      ],
      ['Notes', person.notes],
      ['Source', person.source],
    ];
    const edit = h('button', { type: 'button', class: 'secondary' }, 'Edit details');
    edit.addEventListener('click', () => editPerson());
    const remove = h('button', { type: 'button', class: 'secondary danger' }, 'Delete this person');
    remove.addEventListener('click', () => void erase());
    fill(
      factsBox,
      h(
        'dl',
        { class: 'facts' },
        facts.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v!)]),
      ),
      writable ? h('p', { class: 'tool-row' }, edit, person.isMe ? null : remove) : null,
    );
  }

  function editPerson(): void {
    const form = new SchemaForm({
      title: 'Edit details',
      className: 'person-form',
      submitLabel: 'Save details',
      schema: PersonUpdate,
      fields: [
        { name: 'name', label: 'Name', kind: 'text', initial: person.name, autocomplete: 'off' },
        { name: 'company', label: 'Company', kind: 'text', initial: person.company ?? '' },
        { name: 'position', label: 'Position', kind: 'text', initial: person.position ?? '' },
        { name: 'emails', label: 'Emails', kind: 'text', initial: person.emails.join(', '), hint: 'Comma-separated' },
        { name: 'linkedinUrl', label: 'LinkedIn profile', kind: 'text', initial: person.linkedinUrl ?? '' },
        { name: 'tags', label: 'Tags', kind: 'text', initial: person.tags.join(', '), hint: 'Comma-separated' },
        { name: 'needNote', label: 'Need they have expressed', kind: 'text', initial: person.needNote ?? '' },
        { name: 'notes', label: 'Notes', kind: 'textarea', initial: person.notes ?? '' },
      ],
      toPayload: (v) => {
        const need = orNull(v.needNote);
        return {
          name: typeof v.name === 'string' ? v.name.trim() : '',
          company: orNull(v.company),
          position: orNull(v.position),
          emails: split(v.emails),
          linkedinUrl: orNull(v.linkedinUrl),
          tags: split(v.tags),
          needNote: need,
          // A need newly noted is dated today: a pitch after it is no longer unasked-for.
          ...(need && need !== person.needNote ? { needNotedOn: new Date().toISOString().slice(0, 10) } : {}),
          ...(need ? {} : { needNotedOn: null }),
          notes: typeof v.notes === 'string' && v.notes.trim() ? v.notes : null,
        };
      },
      submit: async (payload) => {
        person = await send('PATCH', `/api/v1/people/${encodeURIComponent(id)}`, payload, PersonSchema);
        forgetGraph();
        drawHeading();
        drawFacts();
        status.textContent = 'Details saved.';
        heading.focus();
        return 'Saved.';
      },
    });
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    cancel.addEventListener('click', () => {
      drawFacts();
      (factsBox.querySelector('button') as HTMLButtonElement | null)?.focus();
    });
    form.el.querySelector('.form-actions')?.append(cancel);
    factsBox.replaceChildren(form.el);
    (form.control('name') as HTMLElement).focus();
  }

  async function erase(): Promise<void> {
    const choice = await ask({
      title: `Delete ${person.name}?`,
      body: h(
        'p',
        null,
        `This erases ${person.name} and everything logged about them (interactions, introductions, referrals, pitches, consents, list memberships, private notes), here and in past reports. For a few minutes you can undo it; after that it is for good.`,
      ),
      choices: [{ key: 'delete', label: `Delete ${person.name}`, kind: 'secondary' }],
    });
    if (choice !== 'delete') return;
    try {
      await deleteWithUndo(person, go ? () => go('/table') : undefined);
    } catch (e) {
      status.textContent = `Not deleted: ${messageOf(e)}`;
    }
  }

  async function loadInsight(): Promise<void> {
    if (person.isMe || person.id === me?.id) {
      insightBox.replaceChildren(h('p', null, 'This is you: everyone else is measured by their tie to you.'));
      return;
    }
    try {
      const insight: PersonInsight = await getJson(
        `/api/v1/analytics/people/${encodeURIComponent(id)}`,
        PersonInsightSchema,
      );
      // "How close are you?": the answer holds the tie in its stage (issue 14).
      const rating = closenessRating(id, insight.person.strengthToMe.rating?.rating ?? null, () => changed('rating'), {
        readOnly: !canWrite(),
      });
      insightBox.replaceChildren(
        rating.el,
        renderStrength(insight, person.name),
        renderAdvice(insight),
        renderPartner(insight, person.name),
        h(
          'p',
          { class: 'muted analysis-time' },
          `Analysis of ${dateTime(insight.computedAt)}${insight.stale ? '; an update is being computed and shows here when ready' : ''}.`,
        ),
      );
    } catch (e) {
      insightBox.replaceChildren(
        h(
          'p',
          { class: 'muted' },
          e instanceof ApiError && e.status === 404
            ? 'Not in the analysis yet: it is recomputed a few seconds after a change, and shows here when ready.'
            : messageOf(e),
        ),
      );
    }
  }

  const actions = writable
    ? {
        edit: (item: TimelineItem, row: HTMLElement) => {
          const form = editForm(item.source, (saved, note) => {
            if (saved) {
              // The form goes before the timeline is drawn again (a timeline holding a form is left alone).
              row.replaceChildren(...saved0);
              forgetGraph();
              status.textContent = note ?? 'Change saved. Scores update in a moment.';
              void loadTimeline().then(() => focusRow(item.source.record.id));
              void loadInsight();
            } else {
              row.replaceChildren(...saved0);
              (row.querySelector('button') as HTMLElement | null)?.focus();
            }
          });
          const saved0 = [...row.childNodes];
          row.replaceChildren(form.el);
          (form.el.querySelector('input, select, textarea') as HTMLElement | null)?.focus();
        },
        remove: (item: TimelineItem) => void removeItem(item),
      }
    : undefined;

  function focusRow(recordId: string): void {
    const row = timelineBox.querySelector<HTMLElement>(`li[data-id="${CSS.escape(recordId)}"] button`);
    row?.focus();
  }

  async function removeItem(item: TimelineItem): Promise<void> {
    try {
      await deleteRecord(item.source);
    } catch (e) {
      status.textContent = `Not deleted: ${messageOf(e)}`;
      return;
    }
    forgetGraph();
    const undo = h('button', { type: 'button', class: 'secondary' }, 'Undo');
    undo.addEventListener('click', () => {
      undo.disabled = true;
      restoreRecord(item.source)
        .then(() => {
          forgetGraph();
          undoBox.replaceChildren();
          status.textContent = `Put back: ${item.text}.`;
          void loadTimeline().then(() => (timelineBox.querySelector('button') as HTMLElement | null)?.focus());
          void loadInsight();
        })
        .catch((e: unknown) => {
          undo.disabled = false;
          status.textContent = `Could not put it back: ${messageOf(e)}`;
        });
    });
    undoBox.replaceChildren(h('p', { class: 'undo-line' }, `Deleted: ${item.text} (${day(item.at)}). `, undo));
    status.textContent = 'Deleted. Undo puts it back.';
    undo.focus();
    void loadTimeline();
    void loadInsight();
  }

  async function loadTimeline(): Promise<void> {
    try {
      const items = await timelineItems(id, await personRecords(id), me?.id ?? null);
      // Keep a form being edited: a live update must not take the user's typing away.
      if (timelineBox.querySelector('form')) return;
      timelineBox.replaceChildren(renderTimeline(items, 200, actions));
    } catch (e) {
      timelineBox.replaceChildren(h('p', { class: 'form-error' }, messageOf(e)));
    }
  }

  /** After a rating or a need: the scores move once the analysis is recomputed. */
  const changed = (what: string) => {
    forgetGraph();
    status.textContent = `Saved the ${what}. Scores update in a moment.`;
    setTimeout(() => void loadInsight(), 1500);
  };

  const ctx: ActivityContext = {
    subject: { id: person.id, name: person.name },
    me: me ? { id: me.id, name: me.name } : null,
    search: searchPeople,
    lists,
    saved: (kind) => {
      forgetGraph();
      status.textContent = `Saved the ${kind}. Scores update in a moment.`;
      void loadTimeline();
      void loadInsight();
    },
  };

  const logTabs = writable
    ? tabs('What to log', [
        { label: 'Interaction', panel: () => interactionForm(ctx).el },
        { label: 'Introduction', panel: () => introductionForm(ctx).el },
        { label: 'Referral', panel: () => referralForm(ctx).el },
        { label: 'Pitch or ask', panel: () => pitchForm(ctx).el },
        { label: 'Consent', panel: () => consentForm(ctx).el },
        { label: 'Mailing list', panel: () => subscriptionForm(ctx).el },
      ])
    : null;
  const onAskConsent = () => {
    logTabs?.show(4, true);
    status.textContent = 'Ask them first, then record their answer here.';
  };
  document.addEventListener('nurture:ask-consent', onAskConsent);

  const forms = logTabs
    ? h(
        'section',
        { class: 'log-forms', 'aria-label': 'Log what happened' },
        h('h3', null, 'Log what happened'),
        logTabs.el,
      )
    : h('p', { class: 'muted' }, 'Your role in this workspace is viewer: you can read, not log.');

  drawHeading();
  drawFacts();
  const el = h(
    'section',
    { class: 'view contact-view' },
    h(
      'p',
      { class: 'crumbs' },
      link(`/explorer?person=${encodeURIComponent(person.id)}`, 'Show on the map'),
      ' · ',
      link('/table', 'Table'),
    ),
    heading,
    factsBox,
    status,
    undoBox,
    h(
      'div',
      { class: 'contact-grid' },
      h('div', null, insightBox),
      h(
        'div',
        null,
        forms,
        person.isMe ? null : expressedNeeds(person.id, canWrite(), () => changed('need')),
        h('section', { 'aria-label': 'Timeline' }, h('h3', null, 'Timeline'), timelineBox),
      ),
    ),
  );
  await Promise.all([loadInsight(), loadTimeline()]);
  /** After a change from anywhere (this tab, another, another member, the CLI): the details again, or "gone". */
  let gone = false;
  const refreshPerson = () =>
    getPerson(id)
      .then((p) => {
        person = p;
        drawHeading();
        if (!factsBox.querySelector('form')) drawFacts();
      })
      .catch((e: unknown) => {
        if (gone || !(e instanceof ApiError && e.status === 404)) return;
        // Deleted meanwhile (an undo, if any, is in the notices at the foot of the page).
        gone = true;
        forgetGraph();
        el.replaceChildren(
          h('h2', { class: 'contact-name', tabindex: '-1' }, person.name),
          h('p', { class: 'status bad', role: 'status' }, `${person.name} has been deleted.`),
          h('p', null, link('/table', 'Back to the table')),
        );
      });
  const stop = onLive((e) => {
    if (gone) return;
    if (e.type === 'analysis') void loadInsight();
    else {
      void loadTimeline();
      void refreshPerson();
    }
  });
  return {
    el,
    title: person.name,
    destroy: () => {
      stop();
      document.removeEventListener('nurture:ask-consent', onAskConsent);
    },
  };
}
