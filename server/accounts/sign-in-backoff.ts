/**
 * Per-account sign-in backoff: after a few wrong passwords for one email,
 * each further one doubles the wait before that email is checked again
 * (30 s, 1 min, 2 min … up to 15 minutes), from any address. Keyed by the email
 * as typed, whether or not an account has it, so the answer tells nothing
 * about which accounts exist. A successful sign-in clears it.
 */
export const FREE_FAILURES = 5;
export const FIRST_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 15 * 60_000;
/** Emails remembered at most (the oldest are forgotten first). */
const MAX_TRACKED = 10_000;

export class SignInBackoff {
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds to wait before this email may be tried again (0: now). */
  wait(email: string): number {
    const f = this.failures.get(key(email));
    return f ? Math.max(0, f.until - this.now()) : 0;
  }

  failed(email: string): void {
    const k = key(email);
    const count = (this.failures.get(k)?.count ?? 0) + 1;
    const until =
      count > FREE_FAILURES ? this.now() + Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (count - FREE_FAILURES - 1)) : 0;
    this.failures.delete(k);
    if (this.failures.size >= MAX_TRACKED) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(k, { count, until });
  }

  succeeded(email: string): void {
    this.failures.delete(key(email));
  }
}

const key = (email: string) => email.trim().toLowerCase();
