import { z } from 'zod';

/** An ISO week, `2026-W49`. */
export const IsoWeek = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'must be an ISO week such as 2026-W49');

/** A board card: `<recommendation kind>:<person id>`. */
export const BoardCardKey = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[a-z_]+:[A-Za-z0-9_-]+$/, 'must be a card key such as nurture:<person id>');

export const BoardQuery = z.strictObject({ week: IsoWeek });
export const BoardDoneInput = z.strictObject({ week: IsoWeek, key: BoardCardKey, done: z.boolean() }).meta({
  id: 'BoardDoneInput',
});

/** The cards the signed-in member marked done in one week. */
export const BoardStateSchema = z.strictObject({ week: IsoWeek, done: z.array(z.string()) }).meta({ id: 'BoardState' });

export type BoardState = z.infer<typeof BoardStateSchema>;
