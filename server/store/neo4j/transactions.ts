import type { ManagedTransaction } from 'neo4j-driver';

/** What a repository needs of the store: transactions with mapped errors (the store provides them). */
export interface Transactions {
  read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
  write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
  /** A write to a workspace's records: its change version goes up when `work` says it changed something. */
  writeWorkspace<T>(
    ws: string,
    work: (tx: ManagedTransaction) => Promise<{ value: T; changed: boolean }>,
    options?: { erased?: boolean },
  ): Promise<T>;
}
