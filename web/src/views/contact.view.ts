/**
 * A contact's page: who they are, what the analytics say about them (with
 * every factor), their history, and the forms to log what happened.
 */
import {
  MailingListPage,
  PersonInsightSchema,
  type MailingList,
  type Person,
  type PersonInsight,
} from '../../../shared/index.js';
import { ApiError, getJson, messageOf } from '../api.js';
import { h, link, liveRegion } from '../core/dom.js';
import { day } from '../core/format.js';
import { renderAdvice, renderPartner, renderStrength } from '../core/insight.js';
import { getPerson, me as loadMe, searchPeople } from '../core/people.js';
import type { RouteMatch, View } from '../core/router.js';
import { canWrite } from '../core/session.js';
import { tabs } from '../core/tabs.js';
import { personRecords, renderTimeline, timelineItems } from '../core/timeline.js';
import {
  consentForm,
  interactionForm,
  introductionForm,
  pitchForm,
  referralForm,
  type ActivityContext,
} from '../forms/activity-forms.js';
import { forgetGraph } from '../graph/graph-data.js';
import { closenessRating } from '../forms/closeness-rating.js';
import { expressedNeeds } from '../forms/expressed-needs.js';
import { problemView } from './problem.js';

export async function contactView(m: RouteMatch): Promise<View> {
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

  const insightBox = h('div', { class: 'insight', 'aria-live': 'polite' });
  const timelineBox = h('div', { class: 'timeline-box' });
  const status = liveRegion();

  async function loadInsight(): Promise<void> {
    if (person.isMe) {
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
        renderStrength(insight),
        renderAdvice(insight),
        renderPartner(insight),
        h(
          'p',
          { class: 'muted' },
          `Analysis of ${new Date(insight.computedAt).toLocaleString('en')}${insight.stale ? '; an update is being computed' : ''}.`,
        ),
      );
    } catch (e) {
      insightBox.replaceChildren(
        h(
          'p',
          { class: 'muted' },
          e instanceof ApiError && e.status === 404
            ? 'Not in the analysis yet: it is recomputed a few seconds after a change.'
            : messageOf(e),
        ),
      );
    }
  }

  async function loadTimeline(): Promise<void> {
    try {
      timelineBox.replaceChildren(renderTimeline(await timelineItems(id, await personRecords(id)), 200));
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

  const forms = canWrite()
    ? h(
        'section',
        { class: 'log-forms', 'aria-label': 'Log what happened' },
        h('h3', null, 'Log what happened'),
        tabs('What to log', [
          { label: 'Interaction', panel: () => interactionForm(ctx).el },
          { label: 'Introduction', panel: () => introductionForm(ctx).el },
          { label: 'Referral', panel: () => referralForm(ctx).el },
          { label: 'Pitch', panel: () => pitchForm(ctx).el },
          { label: 'Consent', panel: () => consentForm(ctx).el },
        ]),
      )
    : h('p', { class: 'muted' }, 'Your role in this workspace is viewer: you can read, not log.');

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
    h('h2', { class: 'contact-name' }, person.name, person.isMe ? ' (you)' : ''),
    h(
      'dl',
      { class: 'facts' },
      facts.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v!)]),
    ),
    status,
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
  return { el, title: person.name };
}
