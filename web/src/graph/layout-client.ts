/**
 * The explorer's side of the layout worker: one worker per explorer, one
 * layout at a time (a new request supersedes the running one).
 */
import type { FromWorker, LayoutPositions, LayoutRequest } from './layout-protocol.js';

export class LayoutClient {
  private readonly worker: Worker;
  private run = 0;
  private listener: ((p: LayoutPositions) => void) | null = null;

  constructor(onError: (message: string) => void) {
    this.worker = new Worker(new URL('./layout.worker.ts', import.meta.url), {
      type: 'module',
      name: 'nurture-layout',
    });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const msg = e.data;
      if (msg.run !== this.run) return;
      if (msg.type === 'error') onError(msg.message);
      else this.listener?.(msg);
    };
    this.worker.onerror = (e) => onError(e.message || 'The layout worker failed');
  }

  start(req: Omit<LayoutRequest, 'type' | 'run'>, onPositions: (p: LayoutPositions) => void): void {
    this.run++;
    this.listener = onPositions;
    const msg: LayoutRequest = { type: 'layout', run: this.run, ...req };
    this.worker.postMessage(msg);
  }

  pin(index: number, x: number | null, y: number | null): void {
    this.worker.postMessage({ type: 'pin', run: this.run, index, x, y });
  }

  dispose(): void {
    this.worker.terminate();
  }
}
