/**
 * The report as Markdown (CommonMark with GitHub tables): the same sections as
 * the HTML page, without charts (their numbers are in the tables). Every text
 * from the records is escaped.
 */
import type { ReportActionRow, ReportPerson, ReportWeekActivity, WeeklyReport } from '../../../shared/index.js';
import { STAGES } from '../../analytics/strength/stage.js';
import { dayLabel } from '../iso-week.js';
import { ERASED_NAME } from '../scrub-person.js';
import { CHANNELS } from '../week-activity.js';
import { escapeMarkdown as md } from '../../../shared/domain/escape.js';
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

const who = (p: ReportPerson) => (p.personId === null && p.name === ERASED_NAME ? `_${md(p.name)}_` : md(p.name));

function table(head: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const sep = head.map((_, i) => ((align?.[i] ?? 'l') === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function moreLine(total: number, shown: number): string {
  const m = more(total, shown);
  return m ? `\n\n_${m}_` : '';
}

function actions(rows: readonly ReportActionRow[], total: number, none: string): string {
  if (rows.length === 0) return `_${none}_`;
  return rows.map((r) => `- ${md(r.reason)}`).join('\n') + moreLine(total, rows.length);
}

export function renderMarkdown(r: WeeklyReport): string {
  const [year, wk] = r.week.split('-W');
  const out: string[] = [];
  out.push(`# Weekly referral-partner report, week ${Number(wk)} of ${year}`);
  out.push(
    `${md(r.workspaceName)}${r.me ? ` · ${md(r.me.name)}` : ''} · ${dayLabel(r.period.firstDay)} – ${dayLabel(r.period.lastDay)} (${md(r.timeZone)})`,
  );
  const now = r.growth.thisWeek;
  const before = r.growth.previousWeek;
  const growth = () => {
    const row = (label: string, pick: (a: ReportWeekActivity) => number) => [
      md(label),
      count(pick(now)),
      count(pick(before)),
      signed(pick(now) - pick(before), 0),
    ];
    const channels = CHANNELS.filter((c) => now.interactionsByChannel[c] > 0 || before.interactionsByChannel[c] > 0);
    out.push('## Network growth');
    out.push(
      table(
        ['', 'This week', 'Week before', 'Change'],
        [
          row('New people', (a) => a.newPeople),
          row('New ties', (a) => a.newTies),
          row('First contacts', (a) => a.firstContacts),
          row('Interactions', (a) => a.interactions),
          ...channels.map((c) => row(`  ${CHANNEL_LABEL[c] ?? c}`, (a) => a.interactionsByChannel[c])),
        ],
        ['l', 'r', 'r', 'r'],
      ),
    );
    out.push(
      `${count(r.summary.people)} people and ${count(r.summary.ties)} ties in your network at the end of the week.`,
    );
    out.push('### Strength of your ties by stage');
    out.push(
      table(
        ['Stage', 'Now', 'A week ago'],
        STAGES.map((s) => [STAGE_LABEL[s], count(r.stages.now[s]), count(r.stages.weekAgo[s])]),
        ['l', 'r', 'r'],
      ),
    );
  };
  if (r.empty) {
    out.push('## Nothing to report yet');
    out.push(md(r.empty.message));
    growth();
    return `${out.join('\n\n')}\n`;
  }
  const t = r.flows.totals;
  out.push(
    `**This week:** ${t.referralsReceived} referrals received, ${t.referralsGiven} given · ${t.introductionsReceived + t.introductionsGiven} introductions · ${count(now.interactions)} interactions · ${count(now.newPeople)} new people · ${r.mistakes.total} mistakes`,
  );

  out.push('## Top referral partners');
  out.push(
    r.comparedWith
      ? `Movement against the report of ${r.comparedWith}.`
      : 'No earlier report to compare with: movement shows from next week.',
  );
  if (r.partners.items.length) {
    out.push(
      table(
        ['#', 'Move', 'Partner', 'Score', 'Change', 'Strength', 'Stage', 'Given', 'Received', 'Balance'],
        r.partners.items.map((p) => [
          String(p.rank),
          rankMove(p.rankChange, p.isNew),
          who(p),
          score(p.score),
          p.scoreChange === null ? '' : signed(p.scoreChange),
          `${score(p.strength)} (${signed(p.strengthChange)})`,
          STAGE_LABEL[p.stage],
          String(p.referralsGiven + p.introductionsGiven),
          String(p.referralsReceived + p.introductionsReceived),
          signedInt(p.balance),
        ]),
        ['r', 'l', 'l', 'r', 'r', 'r', 'l', 'r', 'r', 'r'],
      ) + moreLine(r.partners.total, r.partners.items.length),
    );
  } else out.push('_No referral partner stands out yet._');

  out.push('## Givers gain: referrals and introductions');
  out.push(
    `This week: ${t.referralsReceived} referrals received, ${t.referralsGiven} given; ${t.introductionsReceived} introductions to you, ${t.introductionsGiven} made by you.`,
  );
  if (r.flows.items.length) {
    out.push(
      table(
        ['Date', 'What', 'With', 'About', 'Status', 'Value'],
        r.flows.items.map((f) => [
          f.date.slice(0, 10),
          `${f.kind} ${f.direction}`,
          f.with.map(who).join(', '),
          f.about ? who(f.about) : '',
          f.status,
          f.value === null ? '' : md(`${f.value.toLocaleString('en')} ${f.currency ?? ''}`.trim()),
        ]),
        ['l', 'l', 'l', 'l', 'l', 'r'],
      ) + moreLine(r.flows.total, r.flows.items.length),
    );
  }
  out.push('### The running ledger per partner');
  const lt = r.ledger.totals;
  if (r.ledger.items.length) {
    out.push(
      table(
        [
          'Partner',
          'Referrals given',
          'Referrals received',
          'Intros given',
          'Intros received',
          'Balance',
          'Value received',
        ],
        [
          ...r.ledger.items.map((l) => [
            who(l),
            String(l.referralsGiven),
            String(l.referralsReceived),
            String(l.introductionsGiven),
            String(l.introductionsReceived),
            signedInt(l.balance),
            md(money(l.valueReceived)),
          ]),
          [
            `**All ${count(lt.partners)} partners**`,
            `**${lt.referralsGiven}**`,
            `**${lt.referralsReceived}**`,
            `**${lt.introductionsGiven}**`,
            `**${lt.introductionsReceived}**`,
            `**${signedInt(lt.balance)}**`,
            md(money(lt.valueReceived)),
          ],
        ],
        ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
      ) + moreLine(r.ledger.total, r.ledger.items.length),
    );
  } else out.push('_Nothing exchanged yet._');

  out.push('## Nurture this week');
  out.push(actions(r.nurture.items, r.nurture.total, 'No valuable partner needs nurturing this week.'));
  out.push('### Say thank you');
  out.push(actions(r.actions.thank.items, r.actions.thank.total, 'Nobody is waiting for a thank-you.'));
  out.push('### Give back');
  out.push(actions(r.actions.reciprocate.items, r.actions.reciprocate.total, 'Your ledger is balanced.'));
  out.push('### Ask permission before mailing');
  out.push(
    actions(r.actions.askPermission.items, r.actions.askPermission.total, 'Every subscriber has a recorded yes.'),
  );
  out.push('### Do not pitch yet');
  out.push(actions(r.actions.doNotPitchYet.items, r.actions.doNotPitchYet.total, 'Nobody new to hold back with.'));

  out.push('## Relationships cooling');
  if (r.cooling.items.length) {
    out.push(
      table(
        ['Person', 'Strength', 'Change', 'Stage', 'Silent for', 'Partner #'],
        r.cooling.items.map((c) => [
          `${who(c)}${c.cooling ? ' (cooling)' : ''}`,
          score(c.score),
          signed(c.change),
          `${STAGE_LABEL[c.stage]}${c.previousStage !== c.stage ? ` (was ${STAGE_LABEL[c.previousStage]})` : ''}`,
          c.silenceDays === null ? '' : `${Math.round(c.silenceDays)} days`,
          String(c.partnerRank),
        ]),
        ['l', 'r', 'r', 'l', 'r', 'r'],
      ) + moreLine(r.cooling.total, r.cooling.items.length),
    );
  } else out.push('_No tie lost strength this week._');
  out.push('### Dormant strong ties to reconnect');
  out.push(actions(r.dormant.items, r.dormant.total, 'No strong tie has gone dormant.'));

  out.push('## Mistakes found this week');
  if (r.mistakes.items.length) {
    out.push(
      table(
        ['Date', 'Mistake', 'Person', 'Why'],
        r.mistakes.items.map((m) => [m.date.slice(0, 10), MISTAKE_LABEL[m.kind], who(m), m.reasons.map(md).join('; ')]),
      ) + moreLine(r.mistakes.total, r.mistakes.items.length),
    );
  } else out.push('_No mistake found this week._');
  out.push(`${count(r.mistakes.onRecord)} on record in all.`);

  growth();
  if (r.egoNetworks.length) {
    out.push("## Your top partners' networks");
    out.push(
      r.egoNetworks
        .map(
          (e) =>
            `- **${md(e.center.name)}** (#${e.center.rank}, ${e.totalNeighbors} ties): ${e.neighbors.map((n) => (n.isMe ? 'you' : md(n.name))).join(', ')}`,
        )
        .join('\n'),
    );
  }
  out.push(`_Generated ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC by Nurture._`);
  return `${out.join('\n\n')}\n`;
}
