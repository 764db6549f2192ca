/**
 * The weekly referral-partner reports: the stored weeks, this week's summary
 * as text (top partners and their movement, the nurture list, mistakes,
 * growth), and the full report as a printable page or a download.
 */
import { ReportPage, WeeklyReportSchema, type WeeklyReport } from '../../../shared/index.js';
import { apiContext, getJson, messageOf, send } from '../api.js';
import { fill, h, link, liveRegion, scrollBox } from '../core/dom.js';
import { count, day, score } from '../core/format.js';
import type { View } from '../core/router.js';
import { canWrite } from '../core/session.js';

const FORMATS = [
  ['html', 'Open the page'],
  ['md', 'Markdown'],
  ['csv', 'Partner table (CSV)'],
  ['json', 'JSON'],
] as const;

/** A link to one rendering of a week; plain links cannot send headers, so the workspace rides in the query. */
function formatHref(week: string, format: string): string {
  const ws = apiContext.workspaceId ? `&workspace=${encodeURIComponent(apiContext.workspaceId)}` : '';
  return `/api/v1/reports/${encodeURIComponent(week)}?format=${format}${ws}`;
}

function movement(p: WeeklyReport['partners']['items'][number]): string {
  if (p.isNew) return 'new';
  if (p.rankChange === null) return '–';
  if (p.rankChange === 0) return '=';
  return p.rankChange > 0 ? `▲ ${p.rankChange}` : `▼ ${-p.rankChange}`;
}

function table(caption: string, head: string[], rows: (string | Node)[][]): HTMLElement {
  return scrollBox(
    h(
      'table',
      { class: 'data' },
      h('caption', null, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          head.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            r.map((c) => h('td', null, c)),
          ),
        ),
      ),
    ),
    caption,
  );
}

function more(shown: number, total: number): HTMLElement | null {
  return total > shown ? h('p', { class: 'hint' }, `and ${count(total - shown)} more`) : null;
}

function summary(r: WeeklyReport): HTMLElement {
  const person = (p: { personId: string | null; name: string }) =>
    p.personId ? link(`/people/${p.personId}`, p.name) : p.name;
  if (r.empty)
    return h('section', { class: 'report-summary' }, h('h2', null, `Week ${r.week}`), h('p', null, r.empty.message));
  const g = r.growth.thisWeek;
  return h(
    'section',
    { class: 'report-summary', 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title' }, `Week ${r.week} (${day(r.period.firstDay)} – ${day(r.period.lastDay)})`),
    h(
      'p',
      { class: 'hint' },
      r.comparedWith ? `Movement against ${r.comparedWith}.` : 'No earlier report to compare with.',
    ),
    table(
      'Top referral partners',
      ['#', 'Name', 'Score', 'Movement', 'Strength', 'Stage', 'Given / received'],
      r.partners.items.map((p) => [
        String(p.rank),
        person(p),
        score(p.score),
        movement(p),
        score(p.strength),
        p.stage,
        `${p.referralsGiven + p.introductionsGiven} / ${p.referralsReceived + p.introductionsReceived}`,
      ]),
    ),
    more(r.partners.items.length, r.partners.total),
    table(
      'Nurture this week',
      ['Name', 'Why'],
      r.nurture.items.map((n) => [person(n), n.reason]),
    ),
    more(r.nurture.items.length, r.nurture.total),
    table(
      'Cooling relationships',
      ['Name', 'Strength', 'Change', 'Silent for'],
      r.cooling.items.map((c) => [
        person(c),
        score(c.score),
        c.change.toFixed(1),
        c.silenceDays === null ? '–' : `${Math.round(c.silenceDays)} days`,
      ]),
    ),
    table(
      `Mistakes found this week (${r.mistakes.total})`,
      ['Kind', 'Name', 'Date', 'Why'],
      r.mistakes.items.map((m) => [m.kind.replace(/_/g, ' '), person(m), day(m.date), m.reasons.join('; ')]),
    ),
    h(
      'p',
      null,
      `Growth: ${count(g.newPeople)} new people, ${count(g.newTies)} new ties, ${count(g.interactions)} interactions, ${count(g.firstContacts)} first contacts.`,
    ),
  );
}

export async function reportsView(): Promise<View> {
  const status = liveRegion();
  const list = h('div', { class: 'report-list' });
  const detail = h('div', { class: 'report-detail' });
  const generate = h('button', { type: 'button' }, "Make last week's report");

  async function show(week: string): Promise<void> {
    fill(detail, h('p', null, 'Loading…'));
    try {
      const r = await getJson(`/api/v1/reports/${encodeURIComponent(week)}`, WeeklyReportSchema);
      fill(
        detail,
        h(
          'p',
          { class: 'report-formats' },
          FORMATS.flatMap(([f, label]) => [
            h('a', { href: formatHref(r.week, f), target: f === 'html' ? '_blank' : null, rel: 'noopener' }, label),
            ' ',
          ]),
        ),
        summary(r),
      );
    } catch (e) {
      fill(detail, h('p', { class: 'field-error' }, messageOf(e)));
    }
  }

  async function load(): Promise<void> {
    try {
      const page = await getJson('/api/v1/reports?limit=52', ReportPage);
      generate.textContent = `Make the report of ${page.latestCompleteWeek}`;
      if (page.items.length === 0) {
        fill(
          list,
          h(
            'p',
            null,
            "No report yet. Reports are made every Monday morning; make last week's now with the button above.",
          ),
        );
        fill(detail);
        return;
      }
      fill(
        list,
        h(
          'ul',
          { class: 'plain' },
          page.items.map((i) =>
            h(
              'li',
              null,
              h('button', { type: 'button', class: 'link-button', onclick: () => void show(i.week) }, i.week),
              ` generated ${day(i.generatedAt)}`,
            ),
          ),
        ),
      );
      await show(page.items[0]!.week);
    } catch (e) {
      fill(list, h('p', { class: 'field-error' }, messageOf(e)));
    }
  }

  generate.addEventListener('click', () => {
    generate.disabled = true;
    status.textContent = 'Making the report…';
    send('POST', '/api/v1/reports', {}, WeeklyReportSchema)
      .then(async (r) => {
        status.textContent = `Report of ${r.week} ready.`;
        await load();
        await show(r.week);
      })
      .catch((e: unknown) => {
        status.textContent = messageOf(e);
      })
      .finally(() => {
        generate.disabled = false;
      });
  });

  await load();
  return {
    title: 'Weekly reports',
    el: h(
      'div',
      { class: 'reports-view' },
      h('h1', null, 'Weekly referral-partner reports'),
      canWrite() ? generate : null,
      status,
      list,
      detail,
    ),
  };
}
