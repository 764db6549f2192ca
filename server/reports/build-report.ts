/**
 * buildWeeklyReport: one week, from an analysis, the records and last week's report
 * ================================================================================
 *
 * A pure function: the analysis as of the week's end (computed over the
 * snapshot cut at that instant, with a 7-day strength trend so that "change"
 * means change over the week), the same cut snapshot, and the previous stored
 * report for the movement of the partner ranking. Long lists are cut at
 * `DEFAULTS` rows and keep their totals ("and N more").
 *
 * `analyzeWeek` makes the matching analysis; the service runs both.
 */
import type {
  AnalysisResult,
  ClosenessRating,
  EventTime,
  FactorWeights,
  Mistake,
  MistakeKind,
  RecommendationKind,
  RelationshipStage,
  ReportActionRow,
  ReportCoolingRow,
  ReportLedgerRow,
  ReportLedgerTotals,
  ReportMistakeRow,
  ReportPartnerRow,
  ReportWeekActivity,
  WeeklyReport,
  WorkspaceSnapshot,
} from '../../shared/index.js';
import { analyzeWorkspace } from '../analytics/analyze-workspace.js';
import { STAGES, stageOf, type StageThresholds, DEFAULTS as STAGE_DEFAULTS } from '../analytics/strength/stage.js';
import { egoNetworks } from './ego-networks.js';
import { firstSeen, snapshotAsOf } from './as-of-snapshot.js';
import { inWeek, type WeekRange } from './iso-week.js';
import { type NameOf, nameLookup, weekActivities, weekFlows } from './week-activity.js';

const ORIGIN = 'reports/build-report';

export const DEFAULTS = {
  /** Rows of the partner table (the CSV holds the same rows). */
  partners: 25,
  /** Entries of the ranking kept for next week's movement. */
  ranking: 200,
  flows: 25,
  ledger: 15,
  cooling: 10,
  dormant: 10,
  nurture: 10,
  actions: 5,
  mistakes: 20,
  egoCenters: 3,
  egoNeighbors: 10,
  /** Days over which the strength trend is read: one week. */
  trendDays: 7,
};

export type ReportOptions = Partial<typeof DEFAULTS>;

export interface WeekAnalysis {
  /** The snapshot cut at the week's end. */
  snapshot: WorkspaceSnapshot;
  /** Null when there is nothing to analyse (nobody, or no "me"). */
  analysis: AnalysisResult | null;
  seen: Map<string, EventTime>;
}

/**
 * The user's calibration as the live analysis applies it: the "how close are
 * you?" ratings and the factor weights in force (null: the defaults).
 */
export interface WeekCalibration {
  ratings: readonly { personId: string; rating: ClosenessRating; ratedAt: string }[];
  weights: FactorWeights | null;
}

/**
 * The snapshot cut at the week's end, and its analysis as of that instant with
 * a one-week trend, under the same ratings and weights as the live analysis:
 * a rating counts from its day on (one given after the week, or of someone not
 * yet in the workspace then, is left out).
 */
export function analyzeWeek(
  snapshot: WorkspaceSnapshot,
  range: WeekRange,
  options: ReportOptions = {},
  calibration: WeekCalibration = { ratings: [], weights: null },
): WeekAnalysis {
  const o = { ...DEFAULTS, ...options };
  const seen = firstSeen(snapshot);
  const cut = snapshotAsOf(snapshot, range, seen);
  const hasMe = cut.people.some((p) => p.isMe);
  const present = new Set(cut.people.map((p) => p.id));
  const ratings = calibration.ratings.filter((r) => present.has(r.personId) && Date.parse(r.ratedAt) <= range.end);
  const analysis =
    hasMe && cut.people.length > 1
      ? analyzeWorkspace(cut, {
          now: range.end,
          ratings,
          strength: { trendDays: o.trendDays, ...(calibration.weights ? { weights: calibration.weights } : {}) },
        })
      : null;
  return { snapshot: cut, analysis, seen };
}

export interface ReportInputs {
  range: WeekRange;
  timeZone: string;
  week: WeekAnalysis;
  /** The latest stored report of an earlier week, or null. */
  previous: WeeklyReport | null;
  generatedAt: string;
  options?: ReportOptions;
}

const STAGE_ZERO = () => Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<RelationshipStage, number>;
const MISTAKE_ZERO = (): Record<MistakeKind, number> => ({
  early_pitch: 0,
  signed_up_without_permission: 0,
  assumed_closeness: 0,
});

function thresholds(result: AnalysisResult): StageThresholds {
  const s = (result.options.strength as { stages?: StageThresholds } | undefined)?.stages;
  return s && typeof s.trusted === 'number' ? s : STAGE_DEFAULTS;
}

const time = (t: EventTime) => Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);

export function buildWeeklyReport(inputs: ReportInputs): WeeklyReport {
  const o = { ...DEFAULTS, ...inputs.options };
  const { range, previous } = inputs;
  const { snapshot, analysis, seen } = inputs.week;
  const ws = snapshot.workspace;
  const nameOf = nameLookup(snapshot);
  const me = snapshot.people.find((p) => p.isMe) ?? null;
  const others = snapshot.people.filter((p) => !p.isMe).length;
  const empty: WeeklyReport['empty'] =
    snapshot.people.length === 0 || (me && others === 0)
      ? {
          reason: 'no_people',
          message:
            "Nobody is in this network yet: import your LinkedIn connections or add the people you meet, and next week's report will have something to say.",
        }
      : !me
        ? {
            reason: 'no_me',
            message:
              'The report measures closeness to you: record yourself first (a person marked as you, or import your own LinkedIn export).',
          }
        : null;
  if (analysis && analysis.people.length > 0 && analysis.people[0]!.strengthToMe.trend.days !== o.trendDays) {
    throw new Error(`${ORIGIN}: the analysis must read the strength trend over ${o.trendDays} days (analyzeWeek does)`);
  }
  const previousRange = {
    ...range,
    firstDay: shiftDay(range.firstDay, -7),
    lastDay: shiftDay(range.lastDay, -7),
    start: range.start - 7 * 86_400_000,
    end: range.start,
  };
  const meId = me?.id ?? null;
  const [thisWeek, previousWeek] = weekActivities(snapshot, [range, previousRange], meId, seen) as [
    ReportWeekActivity,
    ReportWeekActivity,
  ];
  const growth = { thisWeek, previousWeek };
  const flows = meId
    ? weekFlows(snapshot, range, meId, nameOf)
    : {
        totals: { referralsGiven: 0, referralsReceived: 0, introductionsGiven: 0, introductionsReceived: 0 },
        rows: [],
      };

  const report: WeeklyReport = {
    schemaVersion: 1,
    workspaceId: ws.id,
    workspaceName: ws.name,
    timeZone: inputs.timeZone,
    week: range.week,
    period: {
      start: new Date(range.start).toISOString(),
      end: new Date(range.end).toISOString(),
      firstDay: range.firstDay,
      lastDay: range.lastDay,
    },
    generatedAt: inputs.generatedAt,
    comparedWith: previous?.week ?? null,
    me: me ? nameOf(me.id) : null,
    empty: analysis ? null : empty,
    summary: {
      people: others,
      ties: analysis?.summary.ties ?? 0,
      interactions: snapshot.interactions.length,
      analysisMs: analysis?.summary.durationMs ?? 0,
    },
    partners: { items: [], total: 0 },
    flows: { totals: flows.totals, items: flows.rows.slice(0, o.flows), total: flows.rows.length },
    ledger: { totals: emptyLedgerTotals(), items: [], total: 0 },
    cooling: { items: [], total: 0 },
    dormant: { items: [], total: 0 },
    nurture: { items: [], total: 0 },
    actions: {
      thank: { items: [], total: 0 },
      reciprocate: { items: [], total: 0 },
      askPermission: { items: [], total: 0 },
      doNotPitchYet: { items: [], total: 0 },
    },
    mistakes: { items: [], total: 0, byKind: MISTAKE_ZERO(), onRecord: 0 },
    growth,
    stages: { now: STAGE_ZERO(), weekAgo: STAGE_ZERO() },
    egoNetworks: [],
    ranking: [],
  };
  if (!analysis) return report;

  report.partners = partnerTable(analysis, previous, nameOf, o.partners);
  report.ranking = analysis.people
    .filter((p) => p.partner.score > 0)
    .slice(0, o.ranking)
    .map((p) => ({ personId: p.personId, rank: p.partner.rank, score: p.partner.score }));
  report.ledger = ledger(analysis, nameOf, o.ledger);
  report.cooling = cooling(analysis, nameOf, thresholds(analysis), o.cooling);
  const actions = (kind: RecommendationKind, n: number) => actionRows(analysis, kind, nameOf, n);
  report.dormant = actions('reconnect', o.dormant);
  report.nurture = actions('nurture', o.nurture);
  report.actions = {
    thank: actions('thank', o.actions),
    reciprocate: actions('reciprocate', o.actions),
    askPermission: actions('ask_permission', o.actions),
    doNotPitchYet: actions('do_not_pitch_yet', o.actions),
  };
  report.mistakes = mistakesOfWeek(analysis.mistakes, snapshot, range, nameOf, o.mistakes);
  const t = thresholds(analysis);
  for (const p of analysis.people) {
    report.stages.now[p.strengthToMe.stage]++;
    report.stages.weekAgo[stageOf(p.strengthToMe.trend.previousScore, t)]++;
  }
  report.egoNetworks = egoNetworks(analysis, nameOf, { centers: o.egoCenters, neighbors: o.egoNeighbors });
  return report;
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function partnerTable(
  result: AnalysisResult,
  previous: WeeklyReport | null,
  nameOf: NameOf,
  n: number,
): WeeklyReport['partners'] {
  const before = new Map((previous?.ranking ?? []).map((r) => [r.personId, r]));
  const ranked = result.people.filter((p) => p.partner.score > 0);
  const items = ranked.slice(0, n).map((p): ReportPartnerRow => {
    const was = before.get(p.personId) ?? null;
    const l = p.partner.parts.ledger.ledger;
    return {
      ...nameOf(p.personId),
      rank: p.partner.rank,
      score: p.partner.score,
      previousRank: was?.rank ?? null,
      previousScore: was?.score ?? null,
      rankChange: was ? was.rank - p.partner.rank : null,
      scoreChange: was ? p.partner.score - was.score : null,
      isNew: previous !== null && was === null,
      strength: p.strengthToMe.score,
      stage: p.strengthToMe.stage,
      strengthChange: p.strengthToMe.trend.delta,
      referralsGiven: l.referralsGiven,
      referralsReceived: l.referralsReceived,
      introductionsGiven: l.introductionsGiven,
      introductionsReceived: l.introductionsReceived,
      balance: l.balance,
    };
  });
  return { items, total: ranked.length };
}

function emptyLedgerTotals(): ReportLedgerTotals {
  return {
    partners: 0,
    referralsGiven: 0,
    referralsReceived: 0,
    referralsWonGiven: 0,
    referralsWonReceived: 0,
    valueGiven: {},
    valueReceived: {},
    introductionsGiven: 0,
    introductionsReceived: 0,
    balance: 0,
  };
}

function ledger(result: AnalysisResult, nameOf: NameOf, n: number): WeeklyReport['ledger'] {
  const totals = emptyLedgerTotals();
  const rows: (ReportLedgerRow & { rank: number; exchanged: number })[] = [];
  const add = (into: Record<string, number>, from: Record<string, number>) => {
    for (const [c, v] of Object.entries(from)) into[c] = (into[c] ?? 0) + v;
  };
  for (const p of result.people) {
    const l = p.partner.parts.ledger.ledger;
    const exchanged = l.referralsGiven + l.referralsReceived + l.introductionsGiven + l.introductionsReceived;
    if (exchanged === 0) continue;
    totals.partners++;
    totals.referralsGiven += l.referralsGiven;
    totals.referralsReceived += l.referralsReceived;
    totals.referralsWonGiven += l.referralsWonGiven;
    totals.referralsWonReceived += l.referralsWonReceived;
    totals.introductionsGiven += l.introductionsGiven;
    totals.introductionsReceived += l.introductionsReceived;
    totals.balance += l.balance;
    add(totals.valueGiven, l.valueGiven);
    add(totals.valueReceived, l.valueReceived);
    rows.push({ ...nameOf(p.personId), ...l, rank: p.partner.rank, exchanged });
  }
  rows.sort((x, y) => y.exchanged - x.exchanged || x.rank - y.rank);
  return { totals, items: rows.slice(0, n).map(({ rank: _r, exchanged: _e, ...row }) => row), total: rows.length };
}

function cooling(result: AnalysisResult, nameOf: NameOf, t: StageThresholds, n: number): WeeklyReport['cooling'] {
  const rows: ReportCoolingRow[] = [];
  for (const p of result.people) {
    const s = p.strengthToMe;
    if (s.trend.direction !== 'falling') continue;
    rows.push({
      ...nameOf(p.personId),
      score: s.score,
      previousScore: s.trend.previousScore,
      change: s.trend.delta,
      stage: s.stage,
      previousStage: stageOf(s.trend.previousScore, t),
      silenceDays: s.cooling.silenceDays,
      cooling: s.cooling.cooling,
      partnerRank: p.partner.rank,
    });
  }
  rows.sort((x, y) => x.change - y.change || x.partnerRank - y.partnerRank);
  return { items: rows.slice(0, n), total: rows.length };
}

function actionRows(
  result: AnalysisResult,
  kind: RecommendationKind,
  nameOf: NameOf,
  n: number,
): { items: ReportActionRow[]; total: number } {
  const all = result.recommendations.filter((r) => r.kind === kind);
  return {
    items: all.slice(0, n).map((r) => ({ ...nameOf(r.personId), priority: r.priority, reason: r.reason })),
    total: all.length,
  };
}

/**
 * Mistakes of this week: the pitch or subscription is dated in the week, or
 * was recorded in it (logged late, it is found now).
 */
function mistakesOfWeek(
  mistakes: Mistake[],
  snapshot: WorkspaceSnapshot,
  range: WeekRange,
  nameOf: NameOf,
  n: number,
): WeeklyReport['mistakes'] {
  const records = new Map<string, { date: EventTime; createdAt: string }>();
  for (const p of snapshot.pitches) records.set(p.id, { date: p.date, createdAt: p.createdAt });
  for (const s of snapshot.subscriptions) records.set(s.id, { date: s.subscribedAt, createdAt: s.createdAt });
  const byKind = MISTAKE_ZERO();
  const rows: ReportMistakeRow[] = [];
  for (const m of mistakes) {
    const r = records.get(m.recordId);
    const date = r?.date ?? m.date;
    if (!inWeek(date, range) && !(r && inWeek(r.createdAt, range))) continue;
    byKind[m.kind]++;
    rows.push({ kind: m.kind, ...nameOf(m.personId), date, recordId: m.recordId, reasons: m.reasons });
  }
  const order: Record<MistakeKind, number> = { early_pitch: 0, assumed_closeness: 1, signed_up_without_permission: 2 };
  rows.sort(
    (x, y) => time(x.date) - time(y.date) || order[x.kind] - order[y.kind] || (x.recordId < y.recordId ? -1 : 1),
  );
  return { items: rows.slice(0, n), total: rows.length, byKind, onRecord: mistakes.length };
}
