/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script,
 * no external request (its own Content-Security-Policy forbids any), laid out
 * for the screen and for A4 paper. Every text is escaped.
 */
import type { ReportActionRow, ReportPerson, ReportWeekActivity, WeeklyReport } from '../../../shared/index.js';
import { egoNetworksChart } from '../charts/ego-network-chart.js';
import { partnerScoresChart } from '../charts/partner-scores-chart.js';
import { stageColor } from '../charts/stage-colors.js';
import { stageDistributionChart } from '../charts/stage-distribution-chart.js';
import { dayLabel } from '../iso-week.js';
import { ERASED_NAME } from '../scrub-person.js';
import { CHANNELS } from '../week-activity.js';
import { escapeXml as esc } from '../../../shared/domain/escape.js';
import {
  CHANNEL_LABEL,
  MISTAKE_LABEL,
  STAGE_LABEL,
  count,
  money,
  more,
  rankMove,
  score,
  signed,
  signedInt,
} from './format.js';

const CSS = `
:root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --up: #15803d; --down: #b91c1c; --accent: #1e3a8a; --soft: #f3f4f6; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 190mm; margin: 0 auto; padding: 24px 16px 40px; }
header.report-head { border-bottom: 3px solid var(--accent); padding-bottom: 10px; margin-bottom: 18px; }
header.report-head h1 { font-size: 22px; margin: 0 0 4px; }
header.report-head p { margin: 0; color: var(--muted); }
h2 { font-size: 17px; margin: 26px 0 8px; color: var(--accent); break-after: avoid; page-break-after: avoid; }
h3 { font-size: 14px; margin: 16px 0 6px; break-after: avoid; }
section { margin-bottom: 8px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 8px; margin: 12px 0 4px; }
.kpi { background: var(--soft); border-radius: 6px; padding: 8px 10px; break-inside: avoid; }
.kpi b { display: block; font-size: 20px; }
.kpi span { color: var(--muted); font-size: 12px; }
table { width: 100%; border-collapse: collapse; font-size: 12.5px; margin: 6px 0; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 11.5px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot td { font-weight: 600; border-top: 2px solid var(--ink); }
.up { color: var(--up); } .down { color: var(--down); } .muted { color: var(--muted); }
.stage { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 5px; vertical-align: baseline; }
ul.actions { padding-left: 18px; margin: 6px 0; }
ul.actions li { margin: 3px 0; break-inside: avoid; }
.more { color: var(--muted); font-style: italic; margin: 4px 0; }
.empty { background: #fffbeb; border: 1px solid #f59e0b; border-radius: 6px; padding: 12px 14px; }
.none { color: var(--muted); }
figure { margin: 8px 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
footer { margin-top: 28px; border-top: 1px solid var(--line); padding-top: 8px; color: var(--muted); font-size: 11.5px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { margin-top: 16pt; }
  table { font-size: 9pt; }
  .kpi b { font-size: 15pt; }
  .kpis { grid-template-columns: repeat(6, 1fr); }
  section.chart-section, figure { break-inside: avoid; }
}
`;

function who(p: ReportPerson): string {
  return p.personId === null && p.name === ERASED_NAME ? `<span class="muted">${esc(p.name)}</span>` : esc(p.name);
}

function delta(x: number | null, digits = 1): string {
  if (x === null) return '';
  const cls = Number(x.toFixed(digits)) > 0 ? 'up' : Number(x.toFixed(digits)) < 0 ? 'down' : 'muted';
  return `<span class="${cls}">${esc(signed(x, digits))}</span>`;
}

function stageDot(stage: keyof typeof STAGE_LABEL): string {
  return `<span class="stage" style="background:${stageColor(stage)}"></span>${esc(STAGE_LABEL[stage])}`;
}

function moreLine(total: number, shown: number): string {
  const m = more(total, shown);
  return m ? `<p class="more">${esc(m)}</p>` : '';
}

function actionList(rows: readonly ReportActionRow[], total: number, none: string): string {
  if (rows.length === 0) return `<p class="none">${esc(none)}</p>`;
  return `<ul class="actions">${rows.map((r) => `<li>${esc(r.reason)}</li>`).join('')}</ul>${moreLine(total, rows.length)}`;
}

function kpis(r: WeeklyReport): string {
  const t = r.flows.totals;
  const g = r.growth.thisWeek;
  const items: [string, string][] = [
    [count(t.referralsReceived), 'referrals received'],
    [count(t.referralsGiven), 'referrals given'],
    [count(t.introductionsReceived + t.introductionsGiven), 'introductions'],
    [count(g.interactions), 'interactions'],
    [count(g.newPeople), 'new people'],
    [count(r.mistakes.total), 'mistakes this week'],
  ];
  return `<div class="kpis">${items.map(([v, l]) => `<div class="kpi"><b>${esc(v)}</b><span>${esc(l)}</span></div>`).join('')}</div>`;
}

function partnersSection(r: WeeklyReport): string {
  const rows = r.partners.items;
  const head = `<h2>Top referral partners</h2>`;
  if (rows.length === 0)
    return `<section id="partners">${head}<p class="none">No referral partner stands out yet: partners appear as referrals, introductions and real contact are logged.</p></section>`;
  const compared = r.comparedWith
    ? `Movement against the report of ${esc(r.comparedWith)}.`
    : 'No earlier report to compare with: movement shows from next week.';
  const chart = `<figure>${partnerScoresChart(rows.slice(0, 10))}<figcaption>Partner score (0–100), bar coloured by the stage of your tie; the black tick is last week's score.</figcaption></figure>`;
  const table =
    `<table class="partners"><thead><tr><th class="num">#</th><th class="num">Move</th><th>Partner</th><th class="num">Score</th><th class="num">Change</th><th class="num">Strength</th><th>Stage</th><th class="num">Given</th><th class="num">Received</th><th class="num">Balance</th></tr></thead><tbody>` +
    rows
      .map((p) => {
        const mv = rankMove(p.rankChange, p.isNew);
        const cls = p.isNew || (p.rankChange ?? 0) > 0 ? 'up' : (p.rankChange ?? 0) < 0 ? 'down' : 'muted';
        return `<tr><td class="num">${p.rank}</td><td class="num"><span class="${cls}">${esc(mv)}</span></td><td>${who(p)}</td><td class="num">${esc(score(p.score))}</td><td class="num">${delta(p.scoreChange)}</td><td class="num">${esc(score(p.strength))} ${delta(p.strengthChange)}</td><td>${stageDot(p.stage)}</td><td class="num">${p.referralsGiven + p.introductionsGiven}</td><td class="num">${p.referralsReceived + p.introductionsReceived}</td><td class="num">${esc(signedInt(p.balance))}</td></tr>`;
      })
      .join('') +
    `</tbody></table>`;
  return `<section id="partners" class="chart-section">${head}<p class="muted">${compared} Given and received count referrals and introductions, all time.</p>${chart}${table}${moreLine(r.partners.total, rows.length)}</section>`;
}

function flowsSection(r: WeeklyReport): string {
  const t = r.flows.totals;
  const list = r.flows.items.length
    ? `<table class="flows"><thead><tr><th>Date</th><th>What</th><th>With</th><th>About</th><th>Status</th><th class="num">Value</th></tr></thead><tbody>` +
      r.flows.items
        .map((f) => {
          const what = `${f.kind === 'referral' ? 'Referral' : 'Introduction'} ${f.direction}`;
          return `<tr><td>${esc(f.date.slice(0, 10))}</td><td class="${f.direction === 'received' ? 'up' : ''}">${esc(what)}</td><td>${f.with.map(who).join(', ')}</td><td>${f.about ? who(f.about) : ''}</td><td>${esc(f.status)}</td><td class="num">${f.value === null ? '' : esc(`${f.value.toLocaleString('en')} ${f.currency ?? ''}`.trim())}</td></tr>`;
        })
        .join('') +
      `</tbody></table>${moreLine(r.flows.total, r.flows.items.length)}`
    : '<p class="none">No referral or introduction with you was logged this week.</p>';
  const lt = r.ledger.totals;
  const ledger = r.ledger.items.length
    ? `<table class="ledger"><thead><tr><th>Partner</th><th class="num">Referrals given</th><th class="num">Referrals received</th><th class="num">Intros given</th><th class="num">Intros received</th><th class="num">Balance</th><th>Value received</th></tr></thead><tbody>` +
      r.ledger.items
        .map(
          (l) =>
            `<tr><td>${who(l)}</td><td class="num">${l.referralsGiven}</td><td class="num">${l.referralsReceived}</td><td class="num">${l.introductionsGiven}</td><td class="num">${l.introductionsReceived}</td><td class="num">${esc(signedInt(l.balance))}</td><td>${esc(money(l.valueReceived))}</td></tr>`,
        )
        .join('') +
      `</tbody><tfoot><tr><td>All ${count(lt.partners)} partners</td><td class="num">${count(lt.referralsGiven)}</td><td class="num">${count(lt.referralsReceived)}</td><td class="num">${count(lt.introductionsGiven)}</td><td class="num">${count(lt.introductionsReceived)}</td><td class="num">${esc(signedInt(lt.balance))}</td><td>${esc(money(lt.valueReceived))}</td></tr></tfoot></table>${moreLine(r.ledger.total, r.ledger.items.length)}`
    : '<p class="none">Nothing exchanged yet: givers gain, so look for a first referral or introduction to give.</p>';
  return (
    `<section id="flows"><h2>Givers gain: referrals and introductions</h2>` +
    `<p>This week: <b>${t.referralsReceived}</b> referral${t.referralsReceived === 1 ? '' : 's'} received, <b>${t.referralsGiven}</b> given; <b>${t.introductionsReceived}</b> introduction${t.introductionsReceived === 1 ? '' : 's'} to you, <b>${t.introductionsGiven}</b> made by you.</p>` +
    list +
    `<h3>The running ledger per partner</h3>` +
    ledger +
    `</section>`
  );
}

function coolingSection(r: WeeklyReport): string {
  const rows = r.cooling.items;
  const table = rows.length
    ? `<table class="cooling"><thead><tr><th>Person</th><th class="num">Strength</th><th class="num">Change</th><th>Stage</th><th class="num">Silent for</th><th class="num">Partner #</th></tr></thead><tbody>` +
      rows
        .map(
          (c) =>
            `<tr><td>${who(c)}${c.cooling ? ' <span class="down">(cooling)</span>' : ''}</td><td class="num">${esc(score(c.score))}</td><td class="num">${delta(c.change)}</td><td>${stageDot(c.stage)}${c.previousStage !== c.stage ? ` <span class="muted">(was ${esc(STAGE_LABEL[c.previousStage])})</span>` : ''}</td><td class="num">${c.silenceDays === null ? '' : esc(`${Math.round(c.silenceDays)} days`)}</td><td class="num">${c.partnerRank}</td></tr>`,
        )
        .join('') +
      `</tbody></table>${moreLine(r.cooling.total, rows.length)}`
    : '<p class="none">No tie lost strength this week.</p>';
  return (
    `<section id="cooling"><h2>Relationships cooling</h2><p class="muted">The largest drops in strength over the week.</p>${table}` +
    `<h3>Dormant strong ties to reconnect</h3>${actionList(r.dormant.items, r.dormant.total, 'No strong tie has gone dormant.')}</section>`
  );
}

function nurtureSection(r: WeeklyReport): string {
  const a = r.actions;
  return (
    `<section id="nurture"><h2>Nurture this week</h2>${actionList(r.nurture.items, r.nurture.total, 'No valuable partner needs nurturing this week.')}` +
    `<h3>Say thank you</h3>${actionList(a.thank.items, a.thank.total, 'Nobody is waiting for a thank-you.')}` +
    `<h3>Give back</h3>${actionList(a.reciprocate.items, a.reciprocate.total, 'Your ledger is balanced.')}` +
    `<h3>Ask permission before mailing</h3>${actionList(a.askPermission.items, a.askPermission.total, 'Every subscriber has a recorded yes.')}` +
    `<h3>Do not pitch yet</h3>${actionList(a.doNotPitchYet.items, a.doNotPitchYet.total, 'Nobody new to hold back with.')}</section>`
  );
}

function mistakesSection(r: WeeklyReport): string {
  const m = r.mistakes;
  const kinds = (Object.keys(m.byKind) as (keyof typeof m.byKind)[])
    .filter((k) => m.byKind[k] > 0)
    .map((k) => `${MISTAKE_LABEL[k]}: ${m.byKind[k]}`);
  const body = m.items.length
    ? `<p>${esc(kinds.join(' · '))}</p><table class="mistakes"><thead><tr><th>Date</th><th>Mistake</th><th>Person</th><th>Why</th></tr></thead><tbody>` +
      m.items
        .map(
          (x) =>
            `<tr><td>${esc(x.date.slice(0, 10))}</td><td>${esc(MISTAKE_LABEL[x.kind])}</td><td>${who(x)}</td><td>${x.reasons.map(esc).join('; ')}</td></tr>`,
        )
        .join('') +
      `</tbody></table>${moreLine(m.total, m.items.length)}`
    : '<p class="none">No mistake found this week.</p>';
  return `<section id="mistakes"><h2>Mistakes found this week</h2>${body}<p class="muted">${esc(`${count(m.onRecord)} on record in all.`)}</p></section>`;
}

function growthSection(r: WeeklyReport): string {
  const now = r.growth.thisWeek;
  const before = r.growth.previousWeek;
  const row = (label: string, pick: (a: ReportWeekActivity) => number) =>
    `<tr><td>${esc(label)}</td><td class="num">${count(pick(now))}</td><td class="num">${count(pick(before))}</td><td class="num">${delta(pick(now) - pick(before), 0)}</td></tr>`;
  const channels = CHANNELS.filter((c) => now.interactionsByChannel[c] > 0 || before.interactionsByChannel[c] > 0);
  return (
    `<section id="growth"><h2>Network growth</h2><table class="growth"><thead><tr><th></th><th class="num">This week</th><th class="num">Week before</th><th class="num">Change</th></tr></thead><tbody>` +
    row('New people', (a) => a.newPeople) +
    row('New ties', (a) => a.newTies) +
    row('First contacts', (a) => a.firstContacts) +
    row('Interactions', (a) => a.interactions) +
    channels.map((c) => row(`\u2003${CHANNEL_LABEL[c] ?? c}`, (a) => a.interactionsByChannel[c])).join('') +
    `</tbody></table><p class="muted">${esc(`${count(r.summary.people)} people and ${count(r.summary.ties)} ties in your network at the end of the week.`)}</p>` +
    `<figure>${stageDistributionChart(r.stages.now, r.stages.weekAgo)}<figcaption>Strength of your ties by stage: now, and a week ago.</figcaption></figure></section>`
  );
}

function egoSection(r: WeeklyReport): string {
  if (r.egoNetworks.length === 0) return '';
  return `<section id="ego" class="chart-section"><h2>Your top partners' networks</h2><figure>${egoNetworksChart(r.egoNetworks)}<figcaption>Each partner's strongest ties: the stronger, the closer and the thicker the line; colour by stage; you in amber; ties among them in grey.</figcaption></figure></section>`;
}

export function renderHtml(r: WeeklyReport): string {
  const [year, wk] = r.week.split('-W');
  const title = `Weekly referral-partner report, week ${Number(wk)} of ${year}`;
  const when = `${dayLabel(r.period.firstDay)} – ${dayLabel(r.period.lastDay)} (${r.timeZone})`;
  const body = r.empty
    ? `<section id="empty" class="empty"><h2>Nothing to report yet</h2><p>${esc(r.empty.message)}</p></section>${growthSection(r)}`
    : kpis(r) +
      partnersSection(r) +
      flowsSection(r) +
      nurtureSection(r) +
      coolingSection(r) +
      mistakesSection(r) +
      growthSection(r) +
      egoSection(r);
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(`${title}: ${r.workspaceName}`)}</title><style>${CSS}</style></head><body><main>` +
    `<header class="report-head"><h1>${esc(title)}</h1><p>${esc(`${r.workspaceName}${r.me ? ` · ${r.me.name}` : ''} · ${when}`)}</p></header>` +
    body +
    `<footer>${esc(`Generated ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC by Nurture. Scores are as of the end of the week; strength (0–100) weighs intensity, recency, duration, reciprocity, shared contacts and favours exchanged; the partner score adds referral and introduction flows, brokerage and reach.`)}</footer>` +
    '</main></body></html>\n'
  );
}
