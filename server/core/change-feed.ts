import { EventEmitter } from 'node:events';

/**
 * Tells whoever caches derived data (the analytics) that a workspace changed.
 * Services publish after each successful write.
 */
export class ChangeFeed {
  private readonly emitter = new EventEmitter();

  publish(workspaceId: string, what: string): void {
    this.emitter.emit('change', { workspaceId, what });
  }

  subscribe(fn: (e: { workspaceId: string; what: string }) => void): () => void {
    this.emitter.on('change', fn);
    return () => this.emitter.off('change', fn);
  }
}
