import { AppError } from './app-error.js';
import type { ChangeFeed } from './change-feed.js';
import type { Repo } from '../store/store.port.js';
import type { Page } from '../../shared/index.js';

/** The caller of a write, as services see them (nothing of HTTP). */
export interface Caller {
  role: 'owner' | 'member' | 'viewer' | null;
  personId: string | null;
}

export interface CrudService<T, C, U, Q> {
  list(ws: string, query: Q): Promise<Page<T>>;
  get(ws: string, id: string): Promise<T>;
  /** `caller`: who asks (their role and own person), for services where "me" is the caller's own person. */
  create(ws: string, input: C, caller?: Caller | null): Promise<T>;
  update(ws: string, id: string, patch: U): Promise<T>;
  /** `actor` is the user asking, for the audit log where a removal is audited. */
  remove(ws: string, id: string, actor?: string | null): Promise<void>;
}

/**
 * The plain service over one kind of record: absent records become NOT_FOUND,
 * and every write is announced on the change feed.
 */
export function crudService<T, C, U, Q>(
  repo: Repo<T, C, U, Q>,
  label: string,
  feed: ChangeFeed,
): CrudService<T, C, U, Q> {
  return {
    list: (ws, query) => repo.list(ws, query),
    async get(ws, id) {
      const r = await repo.get(ws, id);
      if (!r) throw AppError.notFound(label, id);
      return r;
    },
    async create(ws, input) {
      const r = await repo.create(ws, input);
      feed.publish(ws, label);
      return r;
    },
    async update(ws, id, patch) {
      const r = await repo.update(ws, id, patch);
      if (!r) throw AppError.notFound(label, id);
      feed.publish(ws, label);
      return r;
    },
    async remove(ws, id) {
      if (!(await repo.delete(ws, id))) throw AppError.notFound(label, id);
      feed.publish(ws, label);
    },
  };
}
