/**
 * Driver errors as the service's one error type. The driver's own message
 * may quote stored values (a constraint violation names the duplicate), so
 * it travels only as the `cause`, never in the message a client sees.
 */
import { AppError } from '../../core/app-error.js';

const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.ClientError.Database.DatabaseNotFound',
]);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE']);

const CONSTRAINT_VIOLATION = 'Neo.ClientError.Schema.ConstraintValidationFailed';
const OUT_OF_TX_MEMORY = /^Neo\.TransientError\.General\.(MemoryPoolOutOfMemoryError|TransactionMemoryLimit)/;

/** What each uniqueness rule means to a user, found by the label (or type) and property the server names. */
const CONFLICTS: { match: RegExp; message: string; path?: string }[] = [
  { match: /`Workspace`.*`id`/s, message: 'A workspace with this id already exists' },
  { match: /`Person`.*`meOf`/s, message: 'This workspace already has its owner ("me")', path: 'isMe' },
  {
    match: /`Person`.*`linkedinKey`/s,
    message: 'Another person in this workspace has this LinkedIn profile',
    path: 'linkedinUrl',
  },
  {
    match: /`CONNECTED`.*`pairKey`/s,
    message: 'These two people are already joined by a tie of this kind',
    path: 'bId',
  },
  {
    match: /`Interaction`.*`externalId`/s,
    message: 'An interaction with this external id already exists',
    path: 'externalId',
  },
  { match: /`Subscription`.*`pairKey`/s, message: 'This person is already subscribed to this list', path: 'personId' },
  { match: /`User`.*`email`/s, message: 'An account with this email already exists', path: 'email' },
];

function codeOf(e: unknown): string | undefined {
  return e !== null && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

export function isUnavailable(e: unknown): boolean {
  const code = codeOf(e);
  if (code && (UNAVAILABLE_CODES.has(code) || SOCKET_CODES.has(code))) return true;
  const cause = e instanceof Error ? e.cause : undefined;
  return cause !== undefined && cause !== e && isUnavailable(cause);
}

/**
 * The server refused the transaction's memory. The driver deems that
 * transient and would run the whole (large) transaction again, to the same end.
 */
export function isOutOfTransactionMemory(e: unknown): boolean {
  return OUT_OF_TX_MEMORY.test(codeOf(e) ?? '');
}

/** The AppError for a failure inside the adapter; anything unforeseen is returned as it is. */
export function mapError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  if (isUnavailable(e)) {
    return new AppError('STORE_UNAVAILABLE', 'The Neo4j database cannot be reached', {}, { cause: e });
  }
  if (isOutOfTransactionMemory(e)) {
    return new AppError(
      'PAYLOAD_TOO_LARGE',
      'The change is too large for the memory the Neo4j server gives one transaction ' +
        '(raise server.memory.heap.max_size or db.memory.transaction.total.max, or send less at once; ' +
        'the bundled development server takes --heap, e.g. npm run neo4j -- --heap 3g)',
      { setting: 'server.memory.heap.max_size' },
      { cause: e },
    );
  }
  if (codeOf(e) === CONSTRAINT_VIOLATION) {
    const text = e instanceof Error ? e.message : '';
    const known = CONFLICTS.find((c) => c.match.test(text));
    const message = known?.message ?? 'A record with the same key already exists';
    const details = known?.path ? { errors: [{ path: known.path, message }] } : {};
    return new AppError('CONFLICT', message, details, { cause: e });
  }
  return e;
}
