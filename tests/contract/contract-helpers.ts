/** What the store contract's parts (store, merge, held erasure) share. */
import { expect } from 'vitest';
import { AppError } from '../../server/core/app-error.js';
import type { WorkspaceSnapshot } from '../../shared/index.js';

/** The call rejects with an AppError of this code (and, given a path, an error at that field path); the error. */
export async function expectAppError(p: Promise<unknown>, code: string, path?: string): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.code).toBe(code);
    if (path) expect(err.details.errors?.map((x) => x.path)).toContain(path);
    return err;
  }
  throw new Error(`expected AppError ${code}, but the call succeeded`);
}

export const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));

/** Every list of a snapshot in id order: two snapshots of the same records compare equal. */
export const sortedSnapshot = (s: WorkspaceSnapshot) => ({
  people: byId(s.people),
  organizations: byId(s.organizations),
  ties: byId(s.ties),
  interactions: byId(s.interactions),
  introductions: byId(s.introductions),
  referrals: byId(s.referrals),
  pitches: byId(s.pitches),
  mailingLists: byId(s.mailingLists),
  subscriptions: byId(s.subscriptions),
  consents: byId(s.consents),
  needs: byId(s.needs ?? []),
});
