/**
 * The web client's only door to the server. Every answer is parsed with the
 * shared schema it is promised to match, so a drift between server and client
 * fails loudly instead of drawing wrong numbers.
 */
import type { z } from 'zod';
import { ProblemSchema } from '../../shared/index.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: z.infer<typeof ProblemSchema> | null,
  ) {
    super(problem?.detail ?? `Request failed with status ${status}`);
  }
}

export async function getJson<S extends z.ZodType>(path: string, schema: S, init?: RequestInit): Promise<z.infer<S>> {
  const res = await fetch(path, { ...init, headers: { Accept: 'application/json', ...(init?.headers ?? {}) } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem = ProblemSchema.safeParse(body);
    throw new ApiError(res.status, problem.success ? problem.data : null);
  }
  return schema.parse(body);
}
