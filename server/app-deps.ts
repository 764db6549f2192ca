import type { Logger } from 'pino';
import type { AuthService } from './accounts/auth.service.js';
import type { Config } from './config.js';
import type { AnalyticsService } from './analysis/analysis.service.js';
import type { ImportRunner } from './import/import-runner.js';
import type { Store } from './store/store.port.js';
import type { ChangeFeed } from './core/change-feed.js';
import type { StoreReadiness } from './core/store-readiness.js';

/** What the components are built from; app.ts assembles it once. */
export interface AppDeps {
  config: Config;
  store: Store;
  feed: ChangeFeed;
  readiness: StoreReadiness;
  auth: AuthService;
  analytics: AnalyticsService;
  /** Imports in worker threads, bounded per workspace and overall. */
  imports: ImportRunner;
  log: Logger;
  version: string;
  startedAt: number;
}
