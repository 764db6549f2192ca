/**
 * Calibration by the user: "how close are you?" ratings, the weights fitted
 * to them (in force only when they beat the defaults on held-out ratings:
 * server/analytics/strength/calibrate.ts), a reset to the defaults, the people
 * worth asking about next, and the needs people expressed. Every write tells
 * the change feed, so the analysis is recomputed with it.
 */
import type {
  AnalysisResult,
  Calibration,
  CalibrationCandidate,
  ClosenessRating,
  ExpressedNeed,
  ExpressedNeedCreate,
  FactorWeights,
  Page,
  PersonAnalysis,
  Rating,
} from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import { DEFAULTS as STRENGTH_DEFAULTS } from '../analytics/strength/relationship-strength.js';
import type { CalibrationFit } from '../analytics/strength/calibrate.js';
import { STAGES } from '../analytics/strength/stage.js';
import type { Store } from '../store/store.port.js';
import { type CalibrationDoc, readCalibration } from './calibration-doc.js';

export interface CalibrationDeps {
  store: Store;
  /** The workspace's current analysis (computed if there is none). */
  current(ws: string): Promise<AnalysisResult>;
  /** A fresh fit over the current analysis (server/analysis engine). */
  fit(ws: string): Promise<CalibrationFit>;
  /** Tells the analysis that the workspace changed. */
  changed(ws: string, what: string): void;
  now?: () => Date;
}

/** Gilbert & Karahalios, CHI 2009: their model's strong/weak accuracy against people's own ratings. */
export const REFERENCE = {
  strongWeak: 0.85,
  source: 'Gilbert & Karahalios, "Predicting tie strength with social media", CHI 2009',
};

const DEFAULT_WEIGHTS = STRENGTH_DEFAULTS.weights as FactorWeights;

/** The factors whose disagreement makes a person worth asking about. */
const EVIDENCE = ['intensity', 'history', 'recency', 'duration', 'reciprocity'] as const;

export class CalibrationService {
  constructor(private readonly deps: CalibrationDeps) {}

  private async requirePerson(ws: string, personId: string): Promise<void> {
    if (!(await this.deps.store.people.get(ws, personId))) throw AppError.notFound('person', personId);
  }

  async rate(ws: string, personId: string, rating: ClosenessRating, ratedBy: string | null): Promise<Rating> {
    await this.requirePerson(ws, personId);
    const me = await this.deps.store.getMe(ws);
    if (me?.id === personId) throw AppError.invalid('personId', 'rate the people you know, not yourself');
    const r = await this.deps.store.calibration.putRating(ws, personId, rating, ratedBy);
    this.deps.changed(ws, 'rating');
    return r;
  }

  async unrate(ws: string, personId: string): Promise<void> {
    await this.requirePerson(ws, personId);
    if (!(await this.deps.store.calibration.deleteRating(ws, personId)))
      throw new AppError('NOT_FOUND', `Person ${personId} has no rating`, { resource: 'rating', id: personId });
    this.deps.changed(ws, 'rating');
  }

  ratings(ws: string): Promise<Rating[]> {
    return this.deps.store.calibration.listRatings(ws);
  }

  private async stored(ws: string): Promise<CalibrationDoc | null> {
    return readCalibration(await this.deps.store.calibration.getCalibration(ws));
  }

  private view(fit: CalibrationFit, doc: CalibrationDoc | null): Calibration {
    const fitted = doc?.inForce === 'fitted' && doc.fitted ? doc.fitted : null;
    return {
      ratings: fit.ratings,
      minRatings: fit.minRatings,
      inForce: fitted ? 'fitted' : 'defaults',
      weights: fitted ?? DEFAULT_WEIGHTS,
      defaults: DEFAULT_WEIGHTS,
      fitted: fit.fitted,
      fittedAt: doc?.fittedAt ?? null,
      agreement: { defaults: fit.agreement.defaults, fitted: fit.agreement.fitted, folds: fit.folds },
      reference: REFERENCE,
      why: fitted
        ? `in force since ${doc!.fittedAt.slice(0, 10)}: ${doc!.why}`
        : doc
          ? `defaults in force: ${doc.why}`
          : `defaults in force: ${fit.why}`,
    };
  }

  /** The weights in force and how well the defaults and a fresh fit agree with the ratings (nothing stored). */
  async status(ws: string): Promise<Calibration> {
    await this.deps.current(ws);
    return this.view(await this.deps.fit(ws), await this.stored(ws));
  }

  /** Fits the weights to the ratings and stores the fit; its weights are in force only if they beat the defaults. */
  async calibrate(ws: string): Promise<Calibration> {
    await this.deps.current(ws);
    const fit = await this.deps.fit(ws);
    const doc: CalibrationDoc = {
      inForce: fit.inForce,
      fitted: fit.fitted,
      fittedAt: (this.deps.now?.() ?? new Date()).toISOString(),
      ratings: fit.ratings,
      folds: fit.folds,
      agreement: fit.agreement,
      why: fit.why,
    };
    await this.deps.store.calibration.putCalibration(ws, { json: JSON.stringify(doc), updatedAt: doc.fittedAt });
    this.deps.changed(ws, 'calibration');
    return this.view(fit, doc);
  }

  /** Back to the default weights (ratings are kept: each still holds its own tie). */
  async reset(ws: string): Promise<Calibration> {
    await this.deps.store.calibration.putCalibration(ws, null);
    this.deps.changed(ws, 'calibration');
    return this.status(ws);
  }

  /**
   * About `limit` unrated people worth asking about: spread evenly over the
   * stages the score puts them in, and within a stage those whose evidence
   * disagrees most (one factor high, another low: a long history gone quiet,
   * a busy but one-sided tie), with the most evidence first among equals.
   */
  async candidates(ws: string, limit: number): Promise<{ items: CalibrationCandidate[]; rated: number }> {
    const [result, ratings] = await Promise.all([this.deps.current(ws), this.ratings(ws)]);
    const rated = new Set(ratings.map((r) => r.personId));
    const byStage = new Map<string, { p: PersonAnalysis; spread: number; reason: string }[]>();
    for (const p of result.people) {
      if (rated.has(p.personId)) continue;
      const t = p.strengthToMe;
      if (t.evidence.records === 0 && !t.factors.duration.connectedSince) continue;
      const values = EVIDENCE.map((f) => [f, t.factors[f].value] as const).sort((a, b) => b[1] - a[1]);
      const [hiName, hi] = values[0]!;
      const [loName, lo] = values[values.length - 1]!;
      const spread = hi - lo + 0.01 * t.evidence.confidence;
      const reason =
        hi - lo >= 0.5
          ? `the evidence disagrees: ${hiName} ${Math.round(100 * hi)}% but ${loName} ${Math.round(100 * lo)}%`
          : `a "${t.stage}" tie, to check the score at that stage`;
      let list = byStage.get(t.stage);
      if (!list) byStage.set(t.stage, (list = []));
      list.push({ p, spread, reason });
    }
    for (const list of byStage.values())
      list.sort((a, b) => b.spread - a.spread || (a.p.personId < b.p.personId ? -1 : 1));
    // Round-robin over the stages, strongest first, so every stage is asked about.
    const picked: CalibrationCandidate[] = [];
    const queues = [...STAGES].reverse().map((s) => byStage.get(s) ?? []);
    for (let round = 0; picked.length < limit && queues.some((q) => q.length > round); round++)
      for (const q of queues) {
        const c = q[round];
        if (!c || picked.length >= limit) continue;
        picked.push({
          personId: c.p.personId,
          name: c.p.name,
          score: c.p.strengthToMe.score,
          stage: c.p.strengthToMe.stage,
          reason: c.reason,
        });
      }
    return { items: picked, rated: rated.size };
  }

  async addNeed(ws: string, input: ExpressedNeedCreate): Promise<ExpressedNeed> {
    await this.requirePerson(ws, input.personId);
    const n = await this.deps.store.needs.add(ws, input);
    this.deps.changed(ws, 'need');
    return n;
  }

  listNeeds(ws: string, query: { personId?: string; limit: number; offset: number }): Promise<Page<ExpressedNeed>> {
    return this.deps.store.needs.list(ws, query);
  }

  async deleteNeed(ws: string, id: string): Promise<void> {
    if (!(await this.deps.store.needs.delete(ws, id))) throw AppError.notFound('need', id);
    this.deps.changed(ws, 'need');
  }
}
