import type { Membership } from '../../shared/index.js';

/**
 * How long a read may rely on a membership looked up before: a role changed or a member removed by
 * another process or replica is seen within this time. Writes always look it up and drop what was kept.
 */
export const MEMBERSHIP_CACHE_MS = 2_000;

/**
 * Memberships recently looked up for reads, by user and the workspace asked for. A cached ranking page
 * costs ~0.3 ms to serve; the lookup was a quarter of it. Whatever changes a membership in this process
 * calls clear() (a write request does it by itself; a read that links a member's own person too).
 */
export class RecentMemberships {
  private readonly byKey = new Map<string, { found: Membership | null; until: number }>();

  /** The membership kept for `key` (null: none), or undefined when nothing current is kept. */
  get(key: string, now: number): Membership | null | undefined {
    const hit = this.byKey.get(key);
    if (!hit) return undefined;
    if (hit.until > now) return hit.found;
    this.byKey.delete(key);
    return undefined;
  }

  set(key: string, found: Membership | null, now: number): void {
    if (this.byKey.size >= 10_000) this.byKey.clear();
    this.byKey.set(key, { found, until: now + MEMBERSHIP_CACHE_MS });
  }

  clear(): void {
    this.byKey.clear();
  }
}
