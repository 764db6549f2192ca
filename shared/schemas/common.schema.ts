import { z } from 'zod';

/** Opaque identifier minted by the store (UUID today; never parse it). */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be an id (letters, digits, _ and -)');
export type Id = z.infer<typeof Id>;

/**
 * Dates a record may carry: from 1900 to ten years ahead of today. A year 0
 * or 9999 is a typo (and would max out the duration of a relationship).
 */
export const MIN_YEAR = 1900;
export const MAX_YEARS_AHEAD = 10;
const DATE_RANGE = `must be between ${MIN_YEAR} and ${MAX_YEARS_AHEAD} years from now`;

export function inDateRange(value: string): boolean {
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) return true; // the format check says what is wrong
  const limit = new Date();
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
  return ms >= Date.UTC(MIN_YEAR, 0, 1) && ms <= limit.getTime();
}

/** A calendar day, `YYYY-MM-DD`, from 1900 to ten years ahead. */
export const IsoDate = z.iso.date().refine(inDateRange, DATE_RANGE);

/**
 * When something happened: a calendar day or an ISO 8601 instant with offset,
 * from 1900 to ten years ahead. Events logged by hand often carry only a day;
 * imported ones carry a time.
 */
export const EventTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).refine(inDateRange, DATE_RANGE);
export type EventTime = z.infer<typeof EventTime>;

export const Timestamp = z.iso.datetime({ offset: true });

export const ShortText = z.string().trim().max(500);
export const LongText = z.string().max(20_000);
export const Tag = z.string().trim().min(1).max(64);
export const Tags = z.array(Tag).max(100);
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');

/** Fields every stored record carries. */
export const RecordMeta = {
  id: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

/** Query-string integers arrive as text; coerce them, bounded. */
export const Limit = z.coerce.number().int().min(1).max(500).default(50);
export const Offset = z.coerce.number().int().min(0).max(10_000_000).default(0);

export const PageQuery = {
  limit: Limit,
  offset: Offset,
};

/** A page of results. `total` counts every match, not just this page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    total: z.number().int().min(0),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}
export type Page<T> = { items: T[]; total: number; limit: number; offset: number };

/** RFC 9457 problem details, with the field paths of validation errors. */
export const FieldError = z.object({
  path: z.string(),
  message: z.string(),
});
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    errors: z.array(FieldError).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof ProblemSchema>;
export type FieldError = z.infer<typeof FieldError>;
