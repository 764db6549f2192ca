/**
 * The storage port: everything Nurture asks of a database. Two adapters
 * implement it (SQLite, the default, and Neo4j) and both must pass
 * tests/contract. Every call takes the workspace id first; nothing crosses
 * workspaces, and an id from another workspace behaves as if it did not exist.
 *
 * Adapters throw AppError: VALIDATION for a reference to a record that is not
 * in the workspace, CONFLICT for a duplicate, STORE_UNAVAILABLE when the
 * database cannot be reached.
 */
import type {
  Consent,
  ConsentCreate,
  ConsentQuery,
  ConsentUpdate,
  EgoNetwork,
  EventTime,
  Interaction,
  InteractionCreate,
  InteractionQuery,
  InteractionUpdate,
  Introduction,
  IntroductionCreate,
  IntroductionQuery,
  IntroductionUpdate,
  MailingList,
  MailingListCreate,
  MailingListQuery,
  MailingListUpdate,
  Organization,
  OrganizationCreate,
  OrganizationQuery,
  OrganizationUpdate,
  Page,
  Person,
  PersonCreate,
  PersonQuery,
  PersonUpdate,
  Pitch,
  PitchCreate,
  PitchQuery,
  PitchUpdate,
  Referral,
  ReferralCreate,
  ReferralQuery,
  ReferralUpdate,
  Subscription,
  SubscriptionCreate,
  SubscriptionQuery,
  SubscriptionUpdate,
  Tie,
  TieCreate,
  TieKind,
  TieQuery,
  TieUpdate,
  Workspace,
  WorkspaceCreate,
  WorkspaceSnapshot,
  AnalysisSnapshot,
  WorkspaceUpdate,
  Channel,
  ImportRecord,
  ImportRecordQuery,
  User,
  Role,
  Membership,
  ApiToken,
  AuditEntry,
  Invitation,
  MergeRecord,
  ClosenessRating,
  ExpressedNeed,
  ExpressedNeedCreate,
  Rating,
  HeldErasure,
} from '../../shared/index.js';

export interface Repo<T, C, U, Q> {
  create(ws: string, input: C): Promise<T>;
  /**
   * Several records in ONE transaction, in order (a later one may refer to an earlier
   * one): all are written or, on the first error, none. A batch of writes pays for one
   * commit (on Neo4j the commit is most of a small write's cost).
   */
  createMany(ws: string, inputs: C[]): Promise<T[]>;
  /** Null when there is no such record in this workspace. */
  get(ws: string, id: string): Promise<T | null>;
  /** Null when there is no such record in this workspace. */
  update(ws: string, id: string, patch: U): Promise<T | null>;
  /** False when there was no such record in this workspace. */
  delete(ws: string, id: string): Promise<boolean>;
  list(ws: string, query: Q): Promise<Page<T>>;
}

export type ListQuery<Q> = Omit<Q, never>;

/** A person in an import plan: an existing id, or the index of a row in `plan.people`. */
export type PersonRef = { id: string } | { row: number };

export interface ImportTie {
  a: PersonRef;
  b: PersonRef;
  kind: TieKind;
  since: string | null;
  source: string;
}

export interface ImportInteraction {
  participants: PersonRef[];
  initiator: PersonRef | null;
  occurredAt: EventTime;
  channel: Channel;
  source: string;
  /** Required: re-importing the same interaction must not duplicate it. */
  externalId: string;
  note?: string | null;
}

/**
 * A person row of an import. `matchId` names the person it must land on when
 * the importer matched it itself (rows with neither URL nor email); `isMe`
 * true makes the matched person the owner.
 */
export type ImportPerson = PersonCreate & { matchId?: string };

export interface ImportPlan {
  people: ImportPerson[];
  ties?: ImportTie[];
  interactions?: ImportInteraction[];
  /** Validate and count everything, then roll back: nothing is written. */
  dryRun?: boolean;
  /**
   * Provenance, stored in the same transaction (not on a dry run). The stored
   * counts are these plus the people/ties/interactions counts of the result.
   */
  record?: { fileName: string; fileHash: string; kind: string; counts: Record<string, number> };
}

/** A person as identity resolution sees them (server/domain/identity.ts): names and keys, nothing else. */
export interface PersonIdentity {
  id: string;
  name: string;
  /** The normalised profile URL (normalizeLinkedInUrl), as the store keeps it. */
  linkedinKey: string | null;
  emails: string[];
  company: string | null;
  position: string | null;
  connectedOn: string | null;
  isMe: boolean;
}

export type RowOutcome = 'created' | 'updated' | 'unchanged';

export interface ImportResult {
  people: { created: number; updated: number; unchanged: number };
  /** Per row of `plan.people`: the id it landed on and what happened. */
  rows: { id: string; outcome: RowOutcome }[];
  /** Organisations created for the companies of the people written (see planImportOrganizations). */
  organizations: { created: number };
  ties: { created: number; unchanged: number };
  interactions: { created: number; unchanged: number };
  /**
   * Rows that created a new person with the same name and company (folded) as
   * someone already on file: flagged for the user, never merged silently.
   */
  possibleDuplicates: { row: number; id: string; existingId: string }[];
  /** The stored provenance record, or null (dry run, or no record asked for). */
  importId: string | null;
  dryRun: boolean;
}

/** A workspace whose records another connection changed (see Store.foreignChanges). */
export interface ForeignChange {
  workspaceId: string;
  /** Its change version now: every write transaction that changes its records adds one. */
  version: number;
  /** A person was erased meanwhile: what caches hold about the workspace must go at once. */
  erased: boolean;
  /** The workspace was deleted. */
  deleted: boolean;
}

export interface EgoOptions {
  depth: 1 | 2;
  limit: number;
}

export type EntityRepos = {
  people: Repo<Person, PersonCreate, PersonUpdate, PersonQuery>;
  organizations: Repo<Organization, OrganizationCreate, OrganizationUpdate, OrganizationQuery>;
  ties: Repo<Tie, TieCreate, TieUpdate, TieQuery>;
  interactions: Repo<Interaction, InteractionCreate, InteractionUpdate, InteractionQuery>;
  introductions: Repo<Introduction, IntroductionCreate, IntroductionUpdate, IntroductionQuery>;
  referrals: Repo<Referral, ReferralCreate, ReferralUpdate, ReferralQuery>;
  pitches: Repo<Pitch, PitchCreate, PitchUpdate, PitchQuery>;
  mailingLists: Repo<MailingList, MailingListCreate, MailingListUpdate, MailingListQuery>;
  subscriptions: Repo<Subscription, SubscriptionCreate, SubscriptionUpdate, SubscriptionQuery>;
  consents: Repo<Consent, ConsentCreate, ConsentUpdate, ConsentQuery>;
};

export type EntityName = keyof EntityRepos;

/**
 * Accounts, sessions, tokens, memberships and the audit log. Secrets are
 * stored only as hashes: the adapters never see a password or a raw token.
 */
export interface AccountRepo {
  countUsers(): Promise<number>;
  /** CONFLICT when the email is taken (emails are stored lower-cased). */
  createUser(input: { email: string; name: string; passwordHash: string }): Promise<User>;
  getUser(id: string): Promise<User | null>;
  /** `disabled`: the account may not sign in. */
  findUserByEmail(email: string): Promise<{ user: User; passwordHash: string; disabled: boolean } | null>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  /** False when there is no such user. */
  setDisabled(userId: string, disabled: boolean): Promise<boolean>;
  /**
   * Removes the account with its memberships, sessions, tokens, password
   * resets and private notes, in one transaction. CONFLICT when it is the last owner of a workspace that has
   * other members. False when there is no such user.
   */
  deleteUser(userId: string): Promise<boolean>;

  /**
   * Adds or changes a membership. VALIDATION when personId is not a person of
   * the workspace; CONFLICT when the change would leave a workspace that has
   * an owner without one (checked in the write's transaction).
   */
  putMembership(ws: string, userId: string, role: Role, personId?: string | null): Promise<Membership>;
  getMembership(ws: string, userId: string): Promise<Membership | null>;
  /** CONFLICT when it would remove the workspace's last owner (checked in the write's transaction). */
  removeMembership(ws: string, userId: string): Promise<boolean>;
  listMembershipsOfUser(userId: string): Promise<Membership[]>;
  listMembers(ws: string): Promise<Membership[]>;

  /** A new invitation; a pending one for the same email and workspace is replaced. */
  createInvitation(input: {
    workspaceId: string;
    email: string;
    role: Role;
    personId: string | null;
    invitedBy: string | null;
    tokenHash: string;
    expiresAt: string;
  }): Promise<Invitation>;
  /** Pending (not expired) invitations of the workspace, oldest first. */
  listInvitations(ws: string): Promise<Invitation[]>;
  /** False when the workspace has no such pending invitation. */
  revokeInvitation(ws: string, id: string): Promise<boolean>;
  /** The pending, unexpired invitation with this token hash. */
  findInvitation(tokenHash: string): Promise<Invitation | null>;
  /**
   * Consumes the invitation and makes the user a member, in one transaction
   * (an existing membership stays as it is). Null when the invitation is
   * used, revoked or expired; NOT_FOUND when the user does not exist.
   */
  acceptInvitation(tokenHash: string, userId: string): Promise<Membership | null>;

  createSession(input: { tokenHash: string; userId: string; csrfToken: string; expiresAt: string }): Promise<void>;
  getSession(tokenHash: string): Promise<{ userId: string; csrfToken: string; expiresAt: string } | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Every session of the user but `keep` (a session's token hash), if given. */
  deleteSessionsOfUser(userId: string, keep?: string): Promise<void>;

  createApiToken(input: { userId: string; name: string; prefix: string; tokenHash: string }): Promise<ApiToken>;
  listApiTokens(userId: string): Promise<ApiToken[]>;
  /** False when the user has no such token. */
  revokeApiToken(userId: string, id: string): Promise<boolean>;
  /** Revokes every live token of the user; returns how many. */
  revokeApiTokensOfUser(userId: string): Promise<number>;
  /** Finds a live token by its hash and records its use. */
  useApiToken(tokenHash: string): Promise<{ userId: string; token: ApiToken } | null>;

  /** A one-time password reset secret (its hash); the user's earlier ones end. */
  createPasswordReset(input: { userId: string; tokenHash: string; expiresAt: string }): Promise<void>;
  /** Consumes a live reset secret atomically: the user's id, or null (unknown, used or expired). */
  consumePasswordReset(tokenHash: string): Promise<string | null>;

  /** The member's private note on a person, visible to them alone. */
  getPrivateNote(ws: string, personId: string, userId: string): Promise<string | null>;
  setPrivateNote(ws: string, personId: string, userId: string, text: string | null): Promise<void>;

  appendAudit(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: string }): Promise<AuditEntry>;
  /** Newest first. */
  listAudit(ws: string, query: { limit: number; offset: number }): Promise<Page<AuditEntry>>;
  /**
   * A user's own account log, newest first: entries outside every workspace
   * (`workspaceId` null) whose target is `user:<id>` (sign-ins, password and
   * token changes).
   */
  listUserAudit(userId: string, query: { limit: number; offset: number }): Promise<Page<AuditEntry>>;
}

/** A weekly report as stored: its ISO week (`2026-W48`), when it was made, and its JSON document. */
export interface StoredReport {
  week: string;
  generatedAt: string;
  json: string;
}

/** Report snapshots: next week's deltas are computed against them; never two for one week. */
export interface ReportRepo {
  /** CONFLICT when the week already has a report. */
  save(ws: string, report: StoredReport): Promise<void>;
  /** Overwrites a stored week (erasure scrubs people from past reports). NOT_FOUND if absent. */
  replace(ws: string, report: StoredReport): Promise<void>;
  get(ws: string, week: string): Promise<StoredReport | null>;
  /** The latest report of a week before `week`. */
  previous(ws: string, week: string): Promise<StoredReport | null>;
  /** Newest first, without the documents. */
  list(ws: string, query: { limit: number; offset: number }): Promise<Page<{ week: string; generatedAt: string }>>;
}

/**
 * The nurture board's "done", per member and ISO week (`2026-W49`): a card's
 * key (`nurture:<personId>`) is done for that member that week only.
 */
export interface BoardRepo {
  doneKeys(ws: string, userId: string, week: string): Promise<string[]>;
  setDone(ws: string, userId: string, week: string, key: string, done: boolean): Promise<void>;
}

/**
 * People merged (two records of one human made one) and pairs answered "not the same". The merge
 * itself is planned by server/domain/person-merge.ts and written in ONE transaction: every record
 * naming the merged person moves onto the kept one (interactions, ties, introductions, referrals,
 * pitches, consents, subscriptions, private notes, memberships), emails, tags and notes are joined,
 * and the merged person is removed; what it changed is kept so that undo restores it exactly.
 */
export interface MergeRepo {
  /** NOT_FOUND when either person is not in the workspace; VALIDATION when they are one. */
  merge(ws: string, keepId: string, mergeId: string): Promise<MergeRecord>;
  /** NOT_FOUND for an unknown merge; CONFLICT when it was undone, or the people changed in a way it cannot undo. */
  undo(ws: string, mergeId: string): Promise<MergeRecord>;
  /** Newest first. */
  list(ws: string): Promise<MergeRecord[]>;
  /** The person an id names now: itself when on file, else the person it was merged into; null when neither. */
  resolve(ws: string, personId: string): Promise<string | null>;
  /** Records that the two are not the same human (idempotent). */
  dismiss(ws: string, aId: string, bId: string): Promise<void>;
  /** The pairs answered "not the same", as `a|b` with a < b. */
  dismissed(ws: string): Promise<Set<string>>;
}

/** The calibration of a workspace as stored: a JSON document the calibration service reads and writes. */
export interface StoredCalibration {
  json: string;
  updatedAt: string;
}

/**
 * "How close are you?" ratings (one per person; erased with the person) and
 * the workspace's fitted factor weights.
 */
export interface CalibrationRepo {
  /** Sets or replaces the person's rating. VALIDATION when the person is not in the workspace. */
  putRating(ws: string, personId: string, rating: ClosenessRating, ratedBy: string | null): Promise<Rating>;
  /** False when the person had no rating. */
  deleteRating(ws: string, personId: string): Promise<boolean>;
  /** Every rating of the workspace, by person id. */
  listRatings(ws: string): Promise<Rating[]>;
  getCalibration(ws: string): Promise<StoredCalibration | null>;
  /** Stores the calibration document; null removes it (back to the default weights). */
  putCalibration(ws: string, calibration: StoredCalibration | null): Promise<void>;
}

/** Needs people expressed, each on a day with a note; erased with the person. */
export interface NeedRepo {
  /** VALIDATION when the person is not in the workspace. */
  add(ws: string, input: ExpressedNeedCreate): Promise<ExpressedNeed>;
  /** Newest first (by the day expressed, then when recorded). */
  list(ws: string, query: { personId?: string; limit: number; offset: number }): Promise<Page<ExpressedNeed>>;
  /** False when there was no such need in this workspace. */
  delete(ws: string, id: string): Promise<boolean>;
}

/** A deleted person held for a short undo (server/domain/held-erasure.ts; shared/schemas/erasure.schema.ts). */
export type { HeldErasure };

/**
 * Erasures with a short undo. `hold` erases the person exactly as
 * `people.delete` does and, in the same transaction, keeps a copy of what it
 * removed (the person, every record naming them, private notes, the members
 * whose own person they were, their rating, needs and merges); nothing reads
 * the copy but `restore`. `restore` writes it back with the same ids (what names
 * people no longer on file stays erased, see planRestore). `discard` drops the
 * copy, and what other held copies name of that person, finishing the erasure.
 */
export interface ErasureRepo {
  /** NOT_FOUND when the person is not in the workspace. */
  hold(ws: string, personId: string, options: { dueAt: string; requestedBy: string | null }): Promise<HeldErasure>;
  /** The workspace's held erasures, soonest due first. */
  list(ws: string): Promise<HeldErasure[]>;
  /** Held erasures due at or before `now`, over every workspace. */
  due(now: string): Promise<{ workspaceId: string; id: string }[]>;
  /**
   * Puts the person back; NOT_FOUND when no such erasure is held (undone or finished already),
   * CONFLICT when they cannot come back (someone on file has their profile URL or email now).
   * `leftOut`: records not restored because they name someone no longer on file, by kind.
   */
  restore(ws: string, id: string): Promise<{ person: Person; leftOut: Record<string, number> }>;
  /** Drops the held copy (and, as `forget`, what the others name of that person); null when no such erasure is held. */
  discard(ws: string, id: string): Promise<HeldErasure | null>;
  /**
   * Drops from every held copy what names `personId` (erased at once meanwhile), so their
   * erasure leaves nothing behind in the copies either. How many copies changed.
   */
  forget(ws: string, personId: string): Promise<number>;
}

/** How to open the same database elsewhere (the analytics worker thread opens its own connection). */
export type StoreConnection =
  | { kind: 'sqlite'; file: string }
  | { kind: 'neo4j'; uri: string; user: string; password: string; database?: string | undefined };

/** What a unit of work may use: the records, accounts and reports, all inside one transaction. */
export interface StoreTx extends EntityRepos {
  readonly accounts: AccountRepo;
  readonly reports: ReportRepo;
  readonly erasures: ErasureRepo;
}

export interface Store extends EntityRepos {
  readonly kind: 'sqlite' | 'neo4j';
  readonly connection: StoreConnection;
  readonly accounts: AccountRepo;
  readonly reports: ReportRepo;
  readonly board: BoardRepo;
  readonly merges: MergeRepo;
  readonly calibration: CalibrationRepo;
  readonly needs: NeedRepo;
  readonly erasures: ErasureRepo;

  /** Creates schema, constraints and indexes; safe to call on every start. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** True when the database answers a trivial query now. */
  ping(): Promise<boolean>;

  /**
   * A unit of work: every call `work` makes on `tx` is one transaction,
   * committed when it resolves and rolled back when it throws. Units run one
   * at a time; other callers wait for it (SQLite) or are isolated from it
   * (Neo4j). `work` may be run again after a transient failure (Neo4j
   * retries), so it must touch nothing but `tx` and be safe to repeat.
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;

  /**
   * Makes what was deleted unreadable in the database's own files, after an
   * erasure: SQLite has secure_delete on and here checkpoints and empties its
   * WAL; Neo4j keeps no deleted values readable through queries.
   */
  purgeDeleted(): Promise<void>;

  createWorkspace(input: WorkspaceCreate, id?: string): Promise<Workspace>;
  getWorkspace(id: string): Promise<Workspace | null>;
  updateWorkspace(id: string, patch: WorkspaceUpdate): Promise<Workspace | null>;
  listWorkspaces(): Promise<Workspace[]>;
  /** Removes a workspace and everything in it. */
  deleteWorkspace(id: string): Promise<boolean>;

  /** The owner of the workspace ("me"), if recorded. */
  getMe(ws: string): Promise<Person | null>;

  /**
   * Upserts people (matched by normalised LinkedIn URL, then any email), then
   * ties and interactions, in ONE transaction: on any error nothing is written.
   * Running the same plan twice changes nothing the second time. A newer row
   * updates imported fields (name, company, position, URL, connectedOn), adds
   * emails and tags, and never overwrites the user's notes.
   */
  applyImport(ws: string, plan: ImportPlan): Promise<ImportResult>;

  /** Everyone in the workspace as identity resolution sees them, in id order (read once per import). */
  personIdentities(ws: string): Promise<PersonIdentity[]>;

  /** Provenance records of past imports, newest first. */
  listImports(ws: string, query: ImportRecordQuery): Promise<Page<ImportRecord>>;

  /**
   * The external ids of the workspace's imported interactions. An importer
   * reads them before it plans, to leave out messages already on file (a
   * re-import then hands the store nothing to check); applyImport still
   * refuses a duplicate on its own.
   */
  importedExternalIds(ws: string): Promise<Set<string>>;

  /**
   * The person, their neighbours to `depth` hops, and the links among them.
   * Two people are linked by a tie, by taking part in one interaction, by an
   * introduction (introducer-a, introducer-b, a-b) or by a referral
   * (referrer-recipient, and each of them with the prospect when there is one).
   * Neighbours are ordered by hop, then name (code-point order), then id, and
   * cut at `limit` (the centre not counted); `capped` says a cut was made.
   * Null if no such person.
   */
  egoNetwork(ws: string, personId: string, options: EgoOptions): Promise<EgoNetwork | null>;

  /**
   * The whole workspace graph, read consistently (expressed needs included), for the analytics. Every
   * list is in id order (code-unit order; ids are ASCII), on every adapter, so
   * that what depends on the order (ties in a ranking, sampled sources) comes
   * out the same on both.
   */
  snapshot(ws: string): Promise<WorkspaceSnapshot>;

  /**
   * The analysis's read: snapshot() with the workspace's change version it reflects (read in the
   * same transaction). Ties and interactions may carry only what the analysis reads of them
   * (AnalysisSnapshot): an adapter may leave out their notes, sources and timestamps.
   */
  versionedSnapshot(ws: string): Promise<{ snapshot: AnalysisSnapshot; version: number }>;

  /**
   * Workspaces whose records another connection changed since the previous
   * call: another process on the same SQLite file (the CLI importing while the
   * server runs), another app replica on the same Neo4j. Every write
   * transaction that changes a workspace's records bumps its change version;
   * the versions this store wrote itself are left out (its callers publish
   * those in-process). The first call reports every workspace. Cheap enough to
   * poll twice a second (SQLite reads nothing unless another connection
   * committed); rejects with STORE_UNAVAILABLE while the database is down.
   */
  foreignChanges(): Promise<ForeignChange[]>;

  /**
   * Where this connection's transactions have got to: on Neo4j its bookmarks
   * (one bookmark manager for all its sessions), on SQLite nothing (one file,
   * every read sees every commit). Another connection that uses them
   * (useBookmarks) reads what this one wrote, on a cluster too.
   */
  bookmarks(): Promise<string[]>;
  /** Reads made from now on see at least what `bookmarks` (of another connection to this database) name. */
  useBookmarks(bookmarks: string[]): Promise<void>;

  /**
   * Writes an analysis's scores onto the people (Neo4j: `partnerScore`, `strength`,
   * `stage`, `community` properties, so they can be queried in Cypher and seen in
   * Bloom). Derived data: no change version is bumped. SQLite keeps nothing (the API
   * serves the scores).
   */
  writeScores(ws: string, scores: PersonScores[]): Promise<void>;

  /** The Graph Data Science version the database runs (Neo4j with the plugin), else null. */
  gdsVersion(): Promise<string | null>;

  /** Graph algorithms run inside the database (Neo4j with Graph Data Science), or null without them. */
  graphAlgorithms(): Promise<GraphAlgorithms | null>;

  /**
   * The columnar read and write-back of very large workspaces (Neo4j with Nurture's procedures,
   * neo4j/procedures), or null: SQLite, or a Neo4j server without the procedures.
   */
  largeWorkspaces(): Promise<LargeWorkspaces | null>;
}

/**
 * A workspace too large for a record per tie and a result object per person (issue 19: 1,000,000
 * people / 5,000,000 ties), read and written as columns.
 */
export interface LargeWorkspaces {
  /** How many people the workspace holds (from the index). */
  peopleCount(ws: string): Promise<number>;
  /**
   * The analysis snapshot in one read transaction: ties as columns (without ids, which the analysis
   * never reads), people as records holding what the analysis reads (id, name, organisation,
   * connection date, me, noted need), every other record whole; its change version; and each
   * person's node id (int64 little-endian, in the snapshot's order) for `writeScores`.
   */
  snapshot(ws: string): Promise<{ snapshot: AnalysisSnapshot; version: number; nodes: Uint8Array }>;
  /** Scores onto the people, by node id (as `snapshot` gave them), in batches; as Store.writeScores names them. */
  writeScores(ws: string, scores: ScoreColumns): Promise<{ written: number; skipped: number }>;
}

/**
 * Scores as columns, one entry per person: `nodes` int64 little-endian node ids; NaN removes a score,
 * a stage code past the end of `stages` removes the stage, community -1 removes the community.
 */
export interface ScoreColumns {
  nodes: Uint8Array;
  partnerScore: Float64Array;
  strength: Float64Array;
  stage: Uint8Array;
  stages: readonly string[];
  community: Int32Array;
}

/** An edge between two people of the workspace, by id, with its weight (or distance). */
export interface WeightedEdge {
  source: string;
  target: string;
  weight: number;
}

/**
 * The analytics' graph algorithms, run by the database on a projection of the
 * workspace's people and the given edges (their weights come from Nurture's own
 * models), dropped after each call. Results are by person id; people without an
 * edge are not in the projection.
 */
export interface GraphAlgorithms {
  readonly version: string;
  /** PageRank on directed edges restarting at `sources`, scaled to sum to 1. */
  personalizedPageRank(
    ws: string,
    edges: WeightedEdge[],
    options: { sources: string[]; damping: number; maxIterations: number; tolerance: number },
  ): Promise<Map<string, number>>;
  /** Louvain on undirected edges. */
  louvain(
    ws: string,
    edges: WeightedEdge[],
    options: { maxLevels?: number; tolerance?: number },
  ): Promise<{ community: Map<string, number>; modularity: number }>;
  /**
   * Betweenness on undirected edges whose weights are distances, normalised as
   * NetworkX does (2 / ((n-1)(n-2))); from `samplingSize` sampled sources when given.
   */
  betweenness(
    ws: string,
    edges: WeightedEdge[],
    options: { samplingSize?: number; samplingSeed?: number },
  ): Promise<Map<string, number>>;
}

/** One person's scores from an analysis, written back onto them (Store.writeScores). */
export interface PersonScores {
  personId: string;
  partnerScore: number;
  strength: number;
  stage: string;
  community: number | null;
}
