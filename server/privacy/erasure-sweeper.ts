/**
 * Finishes held erasures when their undo time is up: every `everyMs` (30 s),
 * and once at start, so one that fell due while the server was down is
 * finished as soon as it is back. A tick that fails (the store away) is
 * logged and tried again on the next.
 */
import type { Logger } from 'pino';
import type { privacyService } from './privacy.service.js';

export function sweepErasures(
  privacy: Pick<ReturnType<typeof privacyService>, 'finishDue'>,
  log: Logger,
  { everyMs = 30_000 }: { everyMs?: number } = {},
): { stop: () => void; tick: () => Promise<number> } {
  let running: Promise<number> | null = null;
  const tick = () => {
    running ??= privacy
      .finishDue()
      .then((n) => {
        if (n > 0) log.info({ erasures: n }, `Finished ${n} erasure(s) whose undo time was up`);
        return n;
      })
      .catch((err: unknown) => {
        log.warn({ err }, 'Could not finish the erasures due; trying again shortly');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer), tick };
}
