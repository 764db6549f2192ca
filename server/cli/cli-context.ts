/**
 * What every CLI command needs: the configured store, opened once, and the
 * workspace it works in.
 */
import { DEFAULT_WORKSPACE_ID } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { AppError } from '../core/app-error.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.port.js';

export class CliContext {
  private store: Store | null = null;
  readonly config: Config;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.config = loadConfig(env);
  }

  async openStore(): Promise<Store> {
    if (!this.store) {
      const store = await openStore(this.config);
      await store.init();
      this.store = store;
    }
    return this.store;
  }

  async workspaceId(): Promise<string> {
    const store = await this.openStore();
    const named = this.config.cliWorkspace;
    if (named) {
      if (!(await store.getWorkspace(named)))
        throw new AppError('NOT_FOUND', `No workspace ${named} (NURTURE_WORKSPACE) in this store`);
      return named;
    }
    if (!(await store.getWorkspace(DEFAULT_WORKSPACE_ID))) {
      try {
        await store.createWorkspace({ name: 'My network' }, DEFAULT_WORKSPACE_ID);
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
      }
    }
    return DEFAULT_WORKSPACE_ID;
  }

  async close(): Promise<void> {
    await this.store?.close();
    this.store = null;
  }
}
