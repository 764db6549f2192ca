/**
 * The calibration document a workspace stores (store.calibration): the last
 * fit, its cross-validated agreement, and whether its weights are in force.
 */
import { z } from 'zod';
import { AgreementSchema, FactorWeightsSchema, type FactorWeights } from '../../shared/index.js';
import type { StoredCalibration } from '../store/store.port.js';

export const CalibrationDoc = z.strictObject({
  inForce: z.enum(['defaults', 'fitted']),
  fitted: FactorWeightsSchema.nullable(),
  fittedAt: z.iso.datetime({ offset: true }),
  ratings: z.number().int().min(0),
  folds: z.number().int().min(0),
  agreement: z.strictObject({ defaults: AgreementSchema, fitted: AgreementSchema.nullable() }),
  why: z.string(),
});
export type CalibrationDoc = z.infer<typeof CalibrationDoc>;

/** The stored document, or null when there is none or it cannot be read (the defaults then apply). */
export function readCalibration(stored: StoredCalibration | null): CalibrationDoc | null {
  if (!stored) return null;
  try {
    const parsed = CalibrationDoc.safeParse(JSON.parse(stored.json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The fitted weights when they are in force, else null (the defaults). */
export function weightsInForce(doc: CalibrationDoc | null): FactorWeights | null {
  return doc && doc.inForce === 'fitted' && doc.fitted ? doc.fitted : null;
}
