import type { ManagedTransaction } from 'neo4j-driver';

/** What a repository needs of the store: transactions with mapped errors (the store provides them). */
export interface Transactions {
  read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
  write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T>;
}
