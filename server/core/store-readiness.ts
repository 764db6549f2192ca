import type { Store } from '../store/store.port.js';

/**
 * Opens the store on first need and again after a failure, so the service
 * starts while its database is down and recovers by itself when it returns.
 */
export class StoreReadiness {
  private pending: Promise<void> | null = null;
  private ready = false;

  constructor(
    private readonly store: Store,
    /** Runs once after the store opens (e.g. creating the default workspace). */
    private readonly afterInit: (store: Store) => Promise<void> = async () => {},
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  ensure(): Promise<void> {
    if (this.ready) return Promise.resolve();
    this.pending ??= this.store
      .init()
      .then(() => this.afterInit(this.store))
      .then(
        () => {
          this.ready = true;
        },
        (e: unknown) => {
          this.pending = null;
          throw e;
        },
      );
    return this.pending;
  }
}
