/**
 * Every Cypher statement of the Neo4j adapter. Values always travel as
 * parameters; the only text ever joined into a statement is a fragment
 * written in this file (labels, property names, filters, sort orders),
 * chosen by a whitelisted key, never by user input.
 *
 * The graph model is described at the top of neo4j-store.ts.
 */
import type { EntityName } from '../store.port.js';
import { DERIVED_KEYS, PROPERTY_FIELDS } from './model.js';

// ---------------------------------------------------------------------------
// Schema: constraints and indexes, created by init() (all idempotent).

/** Node labels that carry `workspaceId` (every node of a workspace). */
export const NODE_LABELS = [
  'Interaction',
  'Introduction',
  'Referral',
  'Pitch',
  'Subscription',
  'Consent',
  'MailingList',
  'Person',
  'Organization',
  'Import',
  'AuditEntry',
  'Report',
  'Invitation',
  'BoardDone',
  'PersonMerge',
  'DuplicateDismissal',
  'Need',
  'Calibration',
  'HeldErasure',
] as const;

/**
 * Labels whose records of one workspace are found through a composite index
 * led by `workspaceId`, not an index of their own: the condition names its
 * second key, which every such node has (the planner uses a composite index
 * only with a predicate on each key). One index less to write per record.
 */
export const WORKSPACE_SCAN: Partial<Record<string, string>> = {
  Person: 'n.name IS NOT NULL',
  Interaction: 'n.atMs IS NOT NULL',
  Import: 'n.importedAt IS NOT NULL',
  AuditEntry: 'n.at IS NOT NULL',
};

/** `MATCH (n:<label>)` for every node of label in workspace `$ws`, through its index. */
const inWorkspace = (label: string) =>
  `MATCH (n:${label} {workspaceId: $ws})${WORKSPACE_SCAN[label] ? ` WHERE ${WORKSPACE_SCAN[label]}` : ''}`;

const idConstraint = (label: string, name: string) =>
  `CREATE CONSTRAINT ${name}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`;
const wsIndex = (label: string, name: string) =>
  `CREATE INDEX ${name}_workspace IF NOT EXISTS FOR (n:${label}) ON (n.workspaceId)`;

export const SCHEMA: readonly string[] = [
  idConstraint('Workspace', 'workspace'),
  idConstraint('Person', 'person'),
  idConstraint('Organization', 'organization'),
  idConstraint('Interaction', 'interaction'),
  idConstraint('Introduction', 'introduction'),
  idConstraint('Referral', 'referral'),
  idConstraint('Pitch', 'pitch'),
  idConstraint('MailingList', 'mailing_list'),
  idConstraint('Subscription', 'subscription'),
  idConstraint('Consent', 'consent'),
  idConstraint('Import', 'import'),
  'CREATE CONSTRAINT tie_id IF NOT EXISTS FOR ()-[t:CONNECTED]-() REQUIRE t.id IS UNIQUE',
  // One tie of a kind per pair of people: pairKey is "lowId|highId|kind".
  'CREATE CONSTRAINT tie_pair IF NOT EXISTS FOR ()-[t:CONNECTED]-() REQUIRE t.pairKey IS UNIQUE',
  // The LinkedIn key is the normalised profile URL, unique within a workspace.
  'CREATE CONSTRAINT person_linkedin IF NOT EXISTS FOR (n:Person) REQUIRE (n.workspaceId, n.linkedinKey) IS UNIQUE',
  // `meOf` is set (to the workspace id) only on the owner, so a second "me" collides.
  'CREATE CONSTRAINT person_me IF NOT EXISTS FOR (n:Person) REQUIRE n.meOf IS UNIQUE',
  'CREATE CONSTRAINT interaction_external IF NOT EXISTS FOR (n:Interaction) REQUIRE (n.workspaceId, n.externalId) IS UNIQUE',
  // pairKey is "listId|personId".
  'CREATE CONSTRAINT subscription_pair IF NOT EXISTS FOR (n:Subscription) REQUIRE n.pairKey IS UNIQUE',
  wsIndex('Organization', 'organization'),
  wsIndex('Introduction', 'introduction'),
  wsIndex('Referral', 'referral'),
  wsIndex('Pitch', 'pitch'),
  wsIndex('MailingList', 'mailing_list'),
  wsIndex('Subscription', 'subscription'),
  wsIndex('Consent', 'consent'),
  wsIndex('PersonMerge', 'person_merge'),
  wsIndex('DuplicateDismissal', 'duplicate_dismissal'),
  wsIndex('HeldErasure', 'held_erasure'),
  'CREATE INDEX held_erasure_due IF NOT EXISTS FOR (n:HeldErasure) ON (n.dueAt)',
  'CREATE INDEX import_time IF NOT EXISTS FOR (n:Import) ON (n.workspaceId, n.importedAt)',
  // One weekly report per workspace and ISO week.
  'CREATE CONSTRAINT report_week IF NOT EXISTS FOR (n:Report) REQUIRE (n.workspaceId, n.week) IS UNIQUE',
  // The board's "done": one per workspace, member, week and card.
  'CREATE CONSTRAINT board_done_card IF NOT EXISTS FOR (n:BoardDone) REQUIRE (n.workspaceId, n.userId, n.week, n.card) IS UNIQUE',
  'CREATE INDEX tie_workspace IF NOT EXISTS FOR ()-[t:CONNECTED]-() ON (t.workspaceId)',
  'CREATE INDEX interaction_time IF NOT EXISTS FOR (n:Interaction) ON (n.workspaceId, n.atMs)',
  'CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.workspaceId, n.name)',
  // Accounts (see ACCOUNTS below). Emails are stored lower-cased, so uniqueness ignores case.
  idConstraint('User', 'user'),
  'CREATE CONSTRAINT user_email IF NOT EXISTS FOR (n:User) REQUIRE n.email IS UNIQUE',
  'CREATE CONSTRAINT session_token IF NOT EXISTS FOR (n:Session) REQUIRE n.tokenHash IS UNIQUE',
  idConstraint('ApiToken', 'api_token'),
  'CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.tokenHash IS UNIQUE',
  idConstraint('Need', 'need'),
  wsIndex('Need', 'need'),
  'CREATE CONSTRAINT calibration_workspace IF NOT EXISTS FOR (n:Calibration) REQUIRE n.workspaceId IS UNIQUE',
  idConstraint('AuditEntry', 'audit'),
  // Serves both `{workspaceId: $ws}` (its prefix) and the newest-first order.
  'CREATE INDEX audit_time IF NOT EXISTS FOR (n:AuditEntry) ON (n.workspaceId, n.at)',
  // A user's own account log (entries outside every workspace, by `user:<id>`).
  'CREATE INDEX audit_target IF NOT EXISTS FOR (n:AuditEntry) ON (n.target, n.at)',
  idConstraint('Invitation', 'invitation'),
  'CREATE CONSTRAINT invitation_token IF NOT EXISTS FOR (n:Invitation) REQUIRE n.tokenHash IS UNIQUE',
  wsIndex('Invitation', 'invitation'),
  'CREATE CONSTRAINT password_reset_token IF NOT EXISTS FOR (n:PasswordReset) REQUIRE n.tokenHash IS UNIQUE',
];

/** Indexes an earlier version created and the model no longer needs (see WORKSPACE_SCAN). */
export const RETIRED_SCHEMA: readonly string[] = [
  'DROP INDEX person_workspace IF EXISTS',
  'DROP INDEX interaction_workspace IF EXISTS',
];

export const AWAIT_INDEXES = 'CALL db.awaitIndexes(300)';
export const PING = 'RETURN 1 AS ok';

// ---------------------------------------------------------------------------
// Workspaces.

const WORKSPACE_PROJECTION = 'w {.id, .name, .timeZone, .createdAt, .updatedAt}';
export const WORKSPACE = {
  create: `CREATE (w:Workspace) SET w = $props RETURN ${WORKSPACE_PROJECTION} AS r`,
  get: `MATCH (w:Workspace {id: $id}) RETURN ${WORKSPACE_PROJECTION} AS r`,
  // `+=`: the change version and erasure mark (CHANGES) stay.
  update: `MATCH (w:Workspace {id: $id}) SET w += $props RETURN ${WORKSPACE_PROJECTION} AS r`,
  list: `MATCH (w:Workspace) RETURN ${WORKSPACE_PROJECTION} AS r ORDER BY w.createdAt, w.id`,
  exists: 'MATCH (w:Workspace {id: $id}) RETURN count(w) AS n',
  /** Guards writes: a record cannot be created in a workspace that does not exist. */
  existsWs: 'MATCH (w:Workspace {id: $ws}) RETURN count(w) AS n',
  /** One chunk of a workspace's records of one label; repeated until none is left. */
  deleteChunk: Object.fromEntries(
    NODE_LABELS.map((l) => [l, `${inWorkspace(l)} WITH n LIMIT $chunk DETACH DELETE n RETURN count(*) AS n`]),
  ) as Record<(typeof NODE_LABELS)[number], string>,
  /** Last of a workspace's delete: its memberships (MEMBER_OF) go with it. */
  delete: 'MATCH (w:Workspace {id: $id}) DETACH DELETE w RETURN count(*) AS n',
};

// ---------------------------------------------------------------------------
// Change versions: `version` on the workspace node goes up by one in every write
// transaction that changes its records (as its last statement); `erased` holds the
// version of the last one that erased a person. Other replicas poll them.

export const CHANGES = {
  bump: `MATCH (w:Workspace {id: $ws})
    WITH w, coalesce(w.version, 0) + 1 AS v
    SET w.version = v, w.erased = CASE WHEN $erased THEN v ELSE w.erased END
    RETURN v AS version`,
  all: 'MATCH (w:Workspace) RETURN w.id AS id, coalesce(w.version, 0) AS version, coalesce(w.erased, 0) AS erased',
  of: 'MATCH (w:Workspace {id: $ws}) RETURN coalesce(w.version, 0) AS version',
};

// ---------------------------------------------------------------------------
// Scores written back by the analysis: properties of the people, beside their records'
// own (a record's update, `SET n = $props`, drops them until the next analysis, which
// that update starts).

/** Large workspaces (neo4j-store.ts largeWorkspaces): the columns come from nurture.columns.read. */
export const LARGE = {
  procedures: `SHOW PROCEDURES YIELD name WHERE name = 'nurture.columns.read' RETURN name`,
  peopleCount: 'MATCH (p:Person {workspaceId: $ws}) RETURN count(p) AS n',
};

export const SCORES = {
  write: `UNWIND $rows AS row
    MATCH (n:Person {workspaceId: $ws, id: row.personId}) USING INDEX n:Person(id)
    SET n.partnerScore = row.partnerScore, n.strength = row.strength, n.stage = row.stage,
      n.community = toInteger(row.community)`,
  gdsVersion: 'CALL gds.version() YIELD gdsVersion RETURN gdsVersion',
};

// ---------------------------------------------------------------------------
// Graph Data Science (neo4j-gds.ts): a projection of the workspace's people and the
// edges given in `$rows` ({s, t, w}: ids and weight), an algorithm streamed by person
// id, the projection dropped. Each call names its own projection.

const project = (undirected: boolean) => `UNWIND $rows AS row
    MATCH (a:Person {workspaceId: $ws, id: row.s}) USING INDEX a:Person(id)
    MATCH (b:Person {workspaceId: $ws, id: row.t}) USING INDEX b:Person(id)
    WITH gds.graph.project($name, a, b, {relationshipProperties: {weight: toFloat(row.w)}}${undirected ? ", {undirectedRelationshipTypes: ['*']}" : ''}) AS g
    RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships`;

export const GDS = {
  projectDirected: project(false),
  projectUndirected: project(true),
  drop: 'CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName',
  pageRank: `MATCH (s:Person {workspaceId: $ws}) WHERE s.id IN $sources
    WITH collect(s) AS sources
    CALL gds.pageRank.stream($name, {
      sourceNodes: sources, dampingFactor: $damping, maxIterations: toInteger($maxIterations), tolerance: $tolerance,
      relationshipWeightProperty: 'weight', scaler: 'L1Norm'
    }) YIELD nodeId, score
    RETURN gds.util.asNode(nodeId).id AS id, score`,
  louvain: `CALL gds.louvain.stream($name, {
      relationshipWeightProperty: 'weight', maxLevels: toInteger($maxLevels), tolerance: $tolerance, concurrency: 1
    }) YIELD nodeId, communityId
    RETURN gds.util.asNode(nodeId).id AS id, communityId AS community`,
  louvainStats: `CALL gds.louvain.stats($name, {
      relationshipWeightProperty: 'weight', maxLevels: toInteger($maxLevels), tolerance: $tolerance, concurrency: 1
    }) YIELD modularity
    RETURN modularity`,
  betweenness: `CALL gds.betweenness.stream($name, {relationshipWeightProperty: 'weight'}) YIELD nodeId, score
    RETURN gds.util.asNode(nodeId).id AS id, score`,
  betweennessSampled: `CALL gds.betweenness.stream($name, {
      relationshipWeightProperty: 'weight', samplingSize: toInteger($samplingSize), samplingSeed: toInteger($samplingSeed)
    }) YIELD nodeId, score
    RETURN gds.util.asNode(nodeId).id AS id, score`,
};

// ---------------------------------------------------------------------------
// Records.

export interface Filter {
  /** The key of the list query it serves. */
  key: string;
  /** A WHERE condition on `n`, reading `$<key>` (or the params that `params` returns). */
  where: string;
  params?: (value: unknown) => Record<string, unknown>;
}

export interface EntityCypher {
  label: string;
  /** Binds `n` to every record of workspace `$ws`. */
  matchAll: string;
  /** A condition that must go with `matchAll` (see WORKSPACE_SCAN). */
  scan?: string;
  /** Binds `n` to record `$id` of workspace `$ws`. */
  matchOne: string;
  /** The record as a map: its stored properties plus the ids its relationships point at. */
  project: string;
  /** Creates the record from `$props` (properties) and `$refs` (the ids its relationships point at). */
  create: string;
  /** Run after `matchOne ... SET n = $props WITH n`: replaces the relationships with those of `$refs`. */
  relink: string;
  /** Deletes `n` (bound by `matchOne`) with what depends on it; returns the count `n`. */
  delete: string;
  filters: Filter[];
  /** ORDER BY terms on `n`, from the list query (its sort keys are whitelisted). */
  orderBy: (q: Record<string, unknown>) => string;
}

const lower = (key: string) => (v: unknown) => ({ [key]: String(v).toLowerCase() });
const eq = (key: string): Filter => ({ key, where: `n.${key} = $${key}` });
const newestFirst = () => 'n.atMs DESC, n.id ASC';
const byName = () => 'n.name ASC, n.id ASC';
/** The record's own properties in a map projection (not the derived keys kept beside them). */
const own = (e: EntityName) => PROPERTY_FIELDS[e].map((f) => `.${f}`).join(', ');
/** An id of the relationship `pattern` (written with `(n)` and `(t)`), or null. */
const one = (pattern: string) => `head([${pattern} | t.id])`;
/** Creates the relationship `pattern` to the node `t` of label `label` whose id is `expr`, if any. */
const linkOne = (label: string, expr: string, pattern: string) =>
  `CALL (n) { MATCH (t:${label} {workspaceId: $ws, id: ${expr}}) USING INDEX t:${label}(id) CREATE ${pattern} }`;
const unlink = (pattern: string) => `CALL (n) { MATCH ${pattern} DELETE r }`;
const detachDelete = (matchOne: string) => `${matchOne} DETACH DELETE n RETURN count(*) AS n`;

// Lookups by id carry `USING INDEX ...(id)`: with `workspaceId` in the same
// pattern the planner sometimes seeks the workspace index and filters every
// record of the workspace, once per row of an UNWIND.
const node = (label: string) => ({
  matchAll: `MATCH (n:${label} {workspaceId: $ws})`,
  ...(WORKSPACE_SCAN[label] ? { scan: WORKSPACE_SCAN[label] } : {}),
  matchOne: `MATCH (n:${label} {workspaceId: $ws, id: $id}) USING INDEX n:${label}(id)`,
});

// ---------------------------------------------------------------------------
// Derived pair links, for the ego network: one (:Person)-[:LINKED]->(:Person) per
// pair of people of a workspace that some record links (lower id -> higher id), with
// the number of records of each kind linking them:
//   (:Person)-[:LINKED {workspaceId, ties, interactions, introductions, referrals}]->(:Person)
// A tie links its two ends; an interaction its participants; an introduction the
// introducer and both people introduced; a referral its referrer, recipient and
// prospect (the SQLite adapter's links table, one relationship per pair instead of a
// row per ordered pair and kind). Every statement below that writes such a record, or
// rewires or deletes one, adjusts the counts in the same statement; a link whose
// counts are all 0 is deleted, and a person's links go with the person (DETACH DELETE).

/** The count property of LINKED for each kind of link. */
export const LINK_COUNT = {
  tie: 'ties',
  interaction: 'interactions',
  introduction: 'introductions',
  referral: 'referrals',
} as const;
type LinkCount = (typeof LINK_COUNT)[keyof typeof LINK_COUNT];

const NEW_LINK = `l.workspaceId = $ws, ${Object.values(LINK_COUNT)
  .map((c) => `l.${c} = 0`)
  .join(', ')}`;
const LINK_EMPTY = Object.values(LINK_COUNT)
  .map((c) => `coalesce(l.${c}, 0)`)
  .join(' + ');

/**
 * Adds 1 to (`up`) or takes 1 from the `count` of every pair of different people in
 * `ps` (an expression for a list of Person nodes; duplicates count once).
 */
const adjustPairs = (ps: string, count: LinkCount, up: boolean) =>
  `UNWIND ${ps} AS lo UNWIND ${ps} AS hi
    WITH DISTINCT lo, hi WHERE lo.id < hi.id
    ${
      up
        ? `MERGE (lo)-[l:LINKED]->(hi) ON CREATE SET ${NEW_LINK}
    SET l.${count} = coalesce(l.${count}, 0) + 1`
        : `MATCH (lo)-[l:LINKED]->(hi)
    SET l.${count} = coalesce(l.${count}, 0) - 1
    WITH l WHERE ${LINK_EMPTY} <= 0 DELETE l`
    }`;

/** The links among the people related to record node `e` (if of `label`) through `rels`, adjusted (see adjustPairs). */
const linksOf = (e: string, label: string, rels: string, count: LinkCount, up: boolean) => `CALL (${e}) {
        MATCH (${e}:${label})-[:${rels}]-(p:Person) WITH collect(DISTINCT p) AS ps
        ${adjustPairs('ps', count, up)}
      }`;

/** The links of the two ends `s` and `e` of a tie. */
const tieLinks = (s: string, e: string, up: boolean) => `CALL (${s}, ${e}) {
        ${adjustPairs(`[${s}, ${e}]`, 'ties', up)}
      }`;

const INTERACTION_LINKS = (up: boolean) => linksOf('n', 'Interaction', 'PARTICIPATED_IN', 'interactions', up);
const INTRODUCTION_LINKS = (e: string, up: boolean) =>
  linksOf(e, 'Introduction', 'MADE|INTRODUCED', 'introductions', up);
const REFERRAL_LINKS = (e: string, up: boolean) => linksOf(e, 'Referral', 'GAVE|TO|ABOUT', 'referrals', up);

/**
 * The participants of interaction `n` from `$refs`: one PARTICIPATED_IN each,
 * `pos` keeping their order, `initiator: true` on the one who started it
 * (the property is absent on the others).
 */
const PARTICIPANTS = `CALL (n) {
        UNWIND range(0, size($refs.participantIds) - 1) AS pos
        MATCH (t:Person {workspaceId: $ws, id: $refs.participantIds[pos]}) USING INDEX t:Person(id)
        CREATE (t)-[:PARTICIPATED_IN {pos: pos, initiator: CASE WHEN t.id = $refs.initiatorId THEN true END}]->(n)
      }`;

/** A person `v` as a record map (ENTITY.people.project, for any variable). */
const personProject = (v: string) =>
  `${v} {${own('people')}, organizationId: ${one(`(${v})-[:WORKS_AT]->(t:Organization)`)}}`;

const PEOPLE_SORT: Record<string, string> = {
  name: 'name',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  connectedOn: 'connectedOn',
};

export const ENTITY: { [K in EntityName]: EntityCypher } = {
  people: {
    label: 'Person',
    ...node('Person'),
    project: personProject('n'),
    create: `CREATE (n:Person) SET n = $props WITH n
      ${linkOne('Organization', '$refs.organizationId', '(n)-[:WORKS_AT]->(t)')}`,
    relink: `${unlink('(n)-[r:WORKS_AT]->()')}
      ${linkOne('Organization', '$refs.organizationId', '(n)-[:WORKS_AT]->(t)')}`,
    // Erasure: the person goes with every record about them; a meeting of three
    // or more survives without them, a meeting left with one person does not.
    delete: `MATCH (n:Person {workspaceId: $ws, id: $id}) USING INDEX n:Person(id)
      CALL (n) {
        MATCH (n)-[:MADE|INTRODUCED|GAVE|TO|ABOUT|PITCHED|SUBSCRIBED|ANSWERED|EXPRESSED]-(e)
        WHERE e:Introduction OR e:Referral OR e:Pitch OR e:Subscription OR e:Consent OR e:Need
        WITH DISTINCT e
        ${INTRODUCTION_LINKS('e', false)}
        ${REFERRAL_LINKS('e', false)}
        DETACH DELETE e
      }
      // A member who was this person is no longer anyone; private notes (NOTE_ON) go with n.
      CALL (n) { MATCH (:Workspace {id: $ws})<-[m:MEMBER_OF]-(:User) WHERE m.personId = n.id SET m.personId = null }
      // A merge keeps a copy of both people to undo it: erased with either of them.
      CALL (n) { MATCH (m:PersonMerge {workspaceId: $ws}) WHERE m.keepId = n.id OR m.goneId = n.id DELETE m }
      WITH n, COLLECT { MATCH (n)-[:PARTICIPATED_IN]->(i:Interaction) RETURN i } AS meetings
      DETACH DELETE n
      WITH meetings
      CALL (meetings) {
        UNWIND meetings AS i
        WITH i, COUNT { (i)<-[:PARTICIPATED_IN]-(:Person) } AS left
        FOREACH (_ IN CASE WHEN left < 2 THEN [1] ELSE [] END | DETACH DELETE i)
        FOREACH (_ IN CASE WHEN left >= 2 THEN [1] ELSE [] END | SET i.updatedAt = $now)
      }
      RETURN 1 AS n`,
    filters: [
      { key: 'q', where: 'n.searchText CONTAINS $q', params: lower('q') },
      { key: 'tag', where: '$tag IN n.tags' },
      { key: 'company', where: 'n.companyLc CONTAINS $company', params: lower('company') },
      { key: 'organizationId', where: 'EXISTS { (n)-[:WORKS_AT]->(:Organization {id: $organizationId}) }' },
      { key: 'isMe', where: 'n.isMe = $isMe' },
    ],
    orderBy: (q) => {
      const prop = PEOPLE_SORT[String(q.sort ?? 'name')] ?? 'name';
      const dir = q.order === 'desc' ? 'DESC' : 'ASC';
      // Missing values sort last in both directions (Neo4j puts nulls first in DESC).
      return `n.${prop} IS NULL, n.${prop} ${dir}, n.id ${dir}`;
    },
  },

  organizations: {
    label: 'Organization',
    ...node('Organization'),
    project: `n {${own('organizations')}}`,
    create: 'CREATE (n:Organization) SET n = $props',
    relink: '',
    // People who worked there lose the WORKS_AT relationship (and so their organizationId).
    delete: `MATCH (n:Organization {workspaceId: $ws, id: $id}) USING INDEX n:Organization(id)
      CALL (n) { MATCH (n)<-[:WORKS_AT]-(p:Person) SET p.updatedAt = $now }
      DETACH DELETE n
      RETURN 1 AS n`,
    filters: [
      { key: 'q', where: 'n.nameLc CONTAINS $q', params: lower('q') },
      { key: 'tag', where: '$tag IN n.tags' },
    ],
    orderBy: byName,
  },

  ties: {
    label: 'CONNECTED',
    matchAll: 'MATCH ()-[n:CONNECTED {workspaceId: $ws}]->()',
    matchOne: 'MATCH ()-[n:CONNECTED {workspaceId: $ws, id: $id}]->() USING INDEX n:CONNECTED(id)',
    project: `n {${own('ties')}, aId: startNode(n).id, bId: endNode(n).id}`,
    create: `MATCH (a:Person {workspaceId: $ws, id: $refs.aId}), (b:Person {workspaceId: $ws, id: $refs.bId})
      USING INDEX a:Person(id) USING INDEX b:Person(id)
      CREATE (a)-[n:CONNECTED]->(b) SET n = $props
      WITH a, b ${tieLinks('a', 'b', true)}`,
    relink: '',
    delete: `MATCH (a)-[n:CONNECTED {workspaceId: $ws, id: $id}]->(b) USING INDEX n:CONNECTED(id)
      ${tieLinks('a', 'b', false)}
      DELETE n RETURN count(*) AS n`,
    filters: [{ key: 'personId', where: '(startNode(n).id = $personId OR endNode(n).id = $personId)' }, eq('kind')],
    orderBy: () => 'n.createdAt ASC, n.id ASC',
  },

  interactions: {
    label: 'Interaction',
    ...node('Interaction'),
    project: `n {${own('interactions')},
      participantIds: COLLECT { MATCH (n)<-[r:PARTICIPATED_IN]-(t:Person) RETURN t.id ORDER BY r.pos },
      initiatorId: ${one('(n)<-[:PARTICIPATED_IN {initiator: true}]-(t:Person)')}}`,
    create: `CREATE (n:Interaction) SET n = $props WITH n
      ${PARTICIPANTS}
      ${INTERACTION_LINKS(true)}`,
    relink: `${INTERACTION_LINKS(false)}
      ${unlink('(n)<-[r:PARTICIPATED_IN]-()')}
      ${PARTICIPANTS}
      ${INTERACTION_LINKS(true)}`,
    delete: `${node('Interaction').matchOne} ${INTERACTION_LINKS(false)} DETACH DELETE n RETURN count(*) AS n`,
    filters: [
      { key: 'personId', where: 'EXISTS { (n)<-[:PARTICIPATED_IN]-(:Person {id: $personId}) }' },
      eq('channel'),
      eq('source'),
      { key: 'range', where: 'n.atMs >= $fromMs AND n.atMs <= $toMs' },
    ],
    orderBy: newestFirst,
  },

  introductions: {
    label: 'Introduction',
    ...node('Introduction'),
    project: `n {${own('introductions')},
      introducerId: ${one('(n)<-[:MADE]-(t:Person)')},
      aId: ${one("(n)-[:INTRODUCED {role: 'a'}]->(t:Person)")},
      bId: ${one("(n)-[:INTRODUCED {role: 'b'}]->(t:Person)")}}`,
    create: `CREATE (n:Introduction) SET n = $props WITH n
      ${linkOne('Person', '$refs.introducerId', '(t)-[:MADE]->(n)')}
      ${linkOne('Person', '$refs.aId', "(n)-[:INTRODUCED {role: 'a'}]->(t)")}
      ${linkOne('Person', '$refs.bId', "(n)-[:INTRODUCED {role: 'b'}]->(t)")}
      ${INTRODUCTION_LINKS('n', true)}`,
    relink: `${INTRODUCTION_LINKS('n', false)}
      ${unlink('(n)-[r:MADE|INTRODUCED]-()')}
      ${linkOne('Person', '$refs.introducerId', '(t)-[:MADE]->(n)')}
      ${linkOne('Person', '$refs.aId', "(n)-[:INTRODUCED {role: 'a'}]->(t)")}
      ${linkOne('Person', '$refs.bId', "(n)-[:INTRODUCED {role: 'b'}]->(t)")}
      ${INTRODUCTION_LINKS('n', true)}`,
    delete: `${node('Introduction').matchOne} ${INTRODUCTION_LINKS('n', false)} DETACH DELETE n RETURN count(*) AS n`,
    filters: [{ key: 'personId', where: 'EXISTS { (n)-[:MADE|INTRODUCED]-(:Person {id: $personId}) }' }, eq('outcome')],
    orderBy: newestFirst,
  },

  referrals: {
    label: 'Referral',
    ...node('Referral'),
    project: `n {${own('referrals')},
      referrerId: ${one('(n)<-[:GAVE]-(t:Person)')},
      recipientId: ${one('(n)-[:TO]->(t:Person)')},
      prospectId: ${one('(n)-[:ABOUT]->(t:Person)')}}`,
    create: `CREATE (n:Referral) SET n = $props WITH n
      ${linkOne('Person', '$refs.referrerId', '(t)-[:GAVE]->(n)')}
      ${linkOne('Person', '$refs.recipientId', '(n)-[:TO]->(t)')}
      ${linkOne('Person', '$refs.prospectId', '(n)-[:ABOUT]->(t)')}
      ${REFERRAL_LINKS('n', true)}`,
    relink: `${REFERRAL_LINKS('n', false)}
      ${unlink('(n)-[r:GAVE|TO|ABOUT]-()')}
      ${linkOne('Person', '$refs.referrerId', '(t)-[:GAVE]->(n)')}
      ${linkOne('Person', '$refs.recipientId', '(n)-[:TO]->(t)')}
      ${linkOne('Person', '$refs.prospectId', '(n)-[:ABOUT]->(t)')}
      ${REFERRAL_LINKS('n', true)}`,
    delete: `${node('Referral').matchOne} ${REFERRAL_LINKS('n', false)} DETACH DELETE n RETURN count(*) AS n`,
    filters: [{ key: 'personId', where: 'EXISTS { (n)-[:GAVE|TO|ABOUT]-(:Person {id: $personId}) }' }, eq('status')],
    orderBy: newestFirst,
  },

  pitches: {
    label: 'Pitch',
    ...node('Pitch'),
    project: `n {${own('pitches')},
      pitcherId: ${one('(n)<-[:PITCHED]-(t:Person)')},
      personId: ${one('(n)-[:TO]->(t:Person)')}}`,
    create: `CREATE (n:Pitch) SET n = $props WITH n
      ${linkOne('Person', '$refs.pitcherId', '(t)-[:PITCHED]->(n)')}
      ${linkOne('Person', '$refs.personId', '(n)-[:TO]->(t)')}`,
    relink: `${unlink('(n)-[r:PITCHED|TO]-()')}
      ${linkOne('Person', '$refs.pitcherId', '(t)-[:PITCHED]->(n)')}
      ${linkOne('Person', '$refs.personId', '(n)-[:TO]->(t)')}`,
    delete: detachDelete(node('Pitch').matchOne),
    filters: [{ key: 'personId', where: 'EXISTS { (n)-[:PITCHED|TO]-(:Person {id: $personId}) }' }, eq('kind')],
    orderBy: newestFirst,
  },

  mailingLists: {
    label: 'MailingList',
    ...node('MailingList'),
    project: `n {${own('mailingLists')}}`,
    create: 'CREATE (n:MailingList) SET n = $props',
    relink: '',
    // Subscriptions to the list and answers about it go with it.
    delete: `MATCH (n:MailingList {workspaceId: $ws, id: $id}) USING INDEX n:MailingList(id)
      CALL (n) {
        MATCH (n)<-[:ON_LIST]-(e)
        WHERE e:Subscription OR e:Consent
        DETACH DELETE e
      }
      DETACH DELETE n
      RETURN 1 AS n`,
    filters: [{ key: 'q', where: 'n.nameLc CONTAINS $q', params: lower('q') }],
    orderBy: byName,
  },

  subscriptions: {
    label: 'Subscription',
    ...node('Subscription'),
    project: `n {${own('subscriptions')},
      listId: ${one('(n)-[:ON_LIST]->(t:MailingList)')},
      personId: ${one('(n)<-[:SUBSCRIBED]-(t:Person)')}}`,
    create: `CREATE (n:Subscription) SET n = $props WITH n
      ${linkOne('MailingList', '$refs.listId', '(n)-[:ON_LIST]->(t)')}
      ${linkOne('Person', '$refs.personId', '(t)-[:SUBSCRIBED]->(n)')}`,
    relink: `${unlink('(n)-[r:ON_LIST|SUBSCRIBED]-()')}
      ${linkOne('MailingList', '$refs.listId', '(n)-[:ON_LIST]->(t)')}
      ${linkOne('Person', '$refs.personId', '(t)-[:SUBSCRIBED]->(n)')}`,
    delete: detachDelete(node('Subscription').matchOne),
    filters: [
      { key: 'listId', where: 'EXISTS { (n)-[:ON_LIST]->(:MailingList {id: $listId}) }' },
      { key: 'personId', where: 'EXISTS { (n)<-[:SUBSCRIBED]-(:Person {id: $personId}) }' },
      eq('status'),
    ],
    orderBy: newestFirst,
  },

  consents: {
    label: 'Consent',
    ...node('Consent'),
    project: `n {${own('consents')},
      personId: ${one('(n)<-[:ANSWERED]-(t:Person)')},
      listId: ${one('(n)-[:ON_LIST]->(t:MailingList)')}}`,
    create: `CREATE (n:Consent) SET n = $props WITH n
      ${linkOne('Person', '$refs.personId', '(t)-[:ANSWERED]->(n)')}
      ${linkOne('MailingList', '$refs.listId', '(n)-[:ON_LIST]->(t)')}`,
    relink: `${unlink('(n)-[r:ANSWERED|ON_LIST]-()')}
      ${linkOne('Person', '$refs.personId', '(t)-[:ANSWERED]->(n)')}
      ${linkOne('MailingList', '$refs.listId', '(n)-[:ON_LIST]->(t)')}`,
    delete: detachDelete(node('Consent').matchOne),
    filters: [
      { key: 'personId', where: 'EXISTS { (n)<-[:ANSWERED]-(:Person {id: $personId}) }' },
      { key: 'listId', where: 'EXISTS { (n)-[:ON_LIST]->(:MailingList {id: $listId}) }' },
      eq('status'),
    ],
    orderBy: newestFirst,
  },
};

/** The ids among `$ids` that name a record of `label` in workspace `$ws`. */
export const EXISTING: Record<string, string> = Object.fromEntries(
  ['Person', 'Organization', 'MailingList'].map((l) => [
    l,
    `UNWIND $ids AS id MATCH (t:${l} {workspaceId: $ws, id: id}) USING INDEX t:${l}(id) RETURN t.id AS id`,
  ]),
);

export const GET_ME = `MATCH (n:Person {workspaceId: $ws, meOf: $ws}) RETURN ${ENTITY.people.project} AS r`;

// ---------------------------------------------------------------------------
// Ego network. Two people are linked when a tie joins them, they took part in
// the same interaction, or they appear together in an introduction or a referral:
// one LINKED relationship per pair (see "Derived pair links"), so a hop is one
// expansion of a person's links, not a walk through their records.

const LINK_COUNTS_OF_L = `[${Object.values(LINK_COUNT)
  .map((c) => `coalesce(l.${c}, 0)`)
  .join(', ')}]`;

/** The counts of link `l`, in LINK_COUNT order (null for a kind never counted). */
const LINK_COUNTS = Object.values(LINK_COUNT)
  .map((c) => `l.${c}`)
  .join(', ');

/** A statement on one line, whitespace runs collapsed (for statements without string literals). */
const oneLine = (cypher: string) => cypher.replace(/\s+/g, ' ');

/** A person `v` as a list: own properties in PROPERTY_FIELDS order, then the organisation's id. */
const personList = (v: string) =>
  `[${PROPERTY_FIELDS.people.map((f) => `${v}.${f}`).join(', ')}, ${one(`(${v})-[:WORKS_AT]->(t:Organization)`)}]`;

export const EGO = {
  /** The centre `$id` (as ENTITY.people projects it), "me"'s id, and everyone linked to the centre as [id, name]. */
  start: `MATCH (n:Person {workspaceId: $ws, id: $id}) USING INDEX n:Person(id)
    OPTIONAL MATCH (me:Person {meOf: $ws})
    RETURN ${ENTITY.people.project} AS r, me.id AS meId,
      COLLECT { MATCH (n)-[:LINKED]-(o:Person) RETURN [o.id, o.name] } AS near`,
  /**
   * The whole ego network at depth 1 in one statement: `people`, the centre `$id` first, then the
   * first `$limit` people linked to it by name and id (`capped` when there are more), each as a
   * list (own properties in PROPERTY_FIELDS order, then the organisation's id: no map keys to
   * decode), and the links among them all, each once: `[lower id, higher id, counts in LINK_COUNT
   * order]`. A link is found from its start (LINKED runs from the lower id), except one that starts
   * at the hub ("me" when among them, else the centre), found from its other end (`o IN [hub]`
   * keeps that a walk of the member's few links, not of the hub's many).
   * Kept short, whitespace collapsed: the driver sends a message of more than 1,400 bytes in
   * two writes.
   */
  depthOne: oneLine(`MATCH (n:Person {workspaceId: $ws, id: $id}) USING INDEX n:Person(id)
    OPTIONAL MATCH (me:Person {meOf: $ws})
    WITH n, me, COLLECT { MATCH (n)-[:LINKED]-(o) RETURN o ORDER BY o.name, o.id } AS near
    WITH me, [n] + near[..$limit] AS m, size(near) > $limit AS capped
    WITH m, capped, CASE WHEN me IN m THEN me ELSE m[0] END AS hub
    RETURN capped, [c IN m | ${personList('c')}] AS people,
      COLLECT {
        UNWIND m AS p WITH p WHERE p <> hub
        MATCH (p)-[l:LINKED]->(o) WHERE o IN m
        RETURN [p.id, o.id, ${LINK_COUNTS}] AS x
        UNION ALL
        UNWIND m AS p WITH p WHERE p <> hub
        MATCH (p)<-[l:LINKED]-(o) WHERE o IN [hub]
        RETURN [o.id, p.id, ${LINK_COUNTS}] AS x
      } AS links`),
  /** Everyone linked to any of `$ids`, with the name the ego network sorts by. */
  neighbours: `UNWIND $ids AS pid
    MATCH (p:Person {workspaceId: $ws, id: pid}) USING INDEX p:Person(id)
    MATCH (p)-[:LINKED]-(o:Person)
    RETURN DISTINCT o.id AS id, o.name AS name`,
  /**
   * The links among the people `$ids`, walked from `$from` (all but one of
   * them, "me" when present: each link is also found from its other end),
   * with the count of each kind of record behind it (LINK_COUNT order).
   */
  links: `UNWIND $from AS pid
    MATCH (p:Person {workspaceId: $ws, id: pid}) USING INDEX p:Person(id)
    MATCH (p)-[l:LINKED]-(o:Person) WHERE o.id IN $ids
    RETURN p.id AS a, o.id AS b, ${LINK_COUNTS_OF_L} AS counts`,
  people: `UNWIND $ids AS pid
    MATCH (n:Person {workspaceId: $ws, id: pid}) USING INDEX n:Person(id)
    RETURN ${ENTITY.people.project} AS r`,
};

// ---------------------------------------------------------------------------
// Bulk import: each statement takes one chunk of rows in `$rows`.

/**
 * `{workspaceId: src.workspaceId, id: src.id, ...}`: every property spelled
 * out, so the planner knows what a CREATE writes and needs no Eager step
 * (which `SET n = map` forces, buffering the whole batch) before the MATCHes
 * that follow it.
 */
const literal = (e: EntityName, src: string) =>
  `{${['workspaceId', ...PROPERTY_FIELDS[e], ...DERIVED_KEYS[e]].map((k) => `${k}: ${src}.${k}`).join(', ')}}`;

export const IMPORT = {
  /** The workspace's people, with the element id later statements of the import find them by. */
  people: `${inWorkspace('Person')}
    RETURN ${ENTITY.people.project} AS r, elementId(n) AS eid
    ORDER BY n.id`,
  /** The workspace's people as identity resolution sees them (PersonIdentity). */
  identities: `${inWorkspace('Person')}
    RETURN n.id AS id, n.name AS name, n.linkedinKey AS linkedinKey, coalesce(n.emails, []) AS emails,
      n.company AS company, n.position AS position, n.connectedOn AS connectedOn, coalesce(n.isMe, false) AS isMe
    ORDER BY n.id`,
  createPeople: `UNWIND $rows AS row
    CREATE (n:Person ${literal('people', 'row.props')})
    RETURN row.props.id AS id, elementId(n) AS eid`,
  updatePeople: `UNWIND $rows AS row
    MATCH (n:Person) WHERE elementId(n) = row.eid
    SET n = row.props`,
  /** The workspace's organisations by name, for the people an import links (planImportOrganizations). */
  organizations: `MATCH (n:Organization {workspaceId: $ws}) RETURN n.id AS id, n.name AS name ORDER BY n.id`,
  createOrganizations: `UNWIND $rows AS row
    CREATE (n:Organization) SET n = row.props`,
  // The organisation the plan gives each person written: a person follows it (a newer export moved them).
  linkOrganizations: `UNWIND $rows AS row
    MATCH (n:Person) WHERE elementId(n) = row.eid
    MATCH (o:Organization {workspaceId: $ws, id: row.organizationId}) USING INDEX o:Organization(id)
    CALL (n, o) {
      MATCH (n)-[old:WORKS_AT]->(other) WHERE other <> o
      DELETE old
    }
    WITH n, o WHERE NOT EXISTS { (n)-[:WORKS_AT]->(o) }
    CREATE (n)-[:WORKS_AT]->(o)`,
  /** The tie keys among `$keys` already on file: seeks for a few, one index scan for many. */
  existingTies: `UNWIND $keys AS key
    MATCH ()-[t:CONNECTED {pairKey: key}]->() USING INDEX t:CONNECTED(pairKey)
    WHERE t.workspaceId = $ws
    RETURN key`,
  allTieKeys: `MATCH ()-[t:CONNECTED {workspaceId: $ws}]->() RETURN t.pairKey AS key`,
  createTies: `UNWIND $rows AS row
    MATCH (a:Person) WHERE elementId(a) = row.a
    MATCH (b:Person) WHERE elementId(b) = row.b
    CREATE (a)-[:CONNECTED ${literal('ties', 'row.props')}]->(b)`,
  existingInteractions: `UNWIND $keys AS key
    MATCH (n:Interaction {workspaceId: $ws, externalId: key})
    USING INDEX n:Interaction(workspaceId, externalId)
    RETURN key`,
  allInteractionKeys: `MATCH (n:Interaction {workspaceId: $ws})
    USING INDEX n:Interaction(workspaceId, externalId)
    WHERE n.externalId IS NOT NULL
    RETURN n.externalId AS key`,
  /**
   * The links of the import's new ties and interactions, added up per pair in JavaScript:
   * `row.a`, `row.b` element ids (a has the lower id), `row.ties`, `row.interactions` counts.
   */
  addLinks: `UNWIND $rows AS row
    MATCH (a:Person) WHERE elementId(a) = row.a
    MATCH (b:Person) WHERE elementId(b) = row.b
    MERGE (a)-[l:LINKED]->(b) ON CREATE SET ${NEW_LINK}
    SET l.ties = coalesce(l.ties, 0) + toInteger(row.ties),
      l.interactions = coalesce(l.interactions, 0) + toInteger(row.interactions)`,
  /** `row.people`: element ids of the participants in order; `row.initiator`: the initiator's position, or null. */
  createInteractions: `UNWIND $rows AS row
    CREATE (n:Interaction ${literal('interactions', 'row.props')})
    WITH n, row
    UNWIND range(0, size(row.people) - 1) AS pos
    MATCH (t:Person) WHERE elementId(t) = row.people[pos]
    CREATE (t)-[:PARTICIPATED_IN {pos: pos, initiator: CASE WHEN pos = row.initiator THEN true END}]->(n)`,
};

/**
 * Before interactions carried `initiator: true` on a PARTICIPATED_IN, the
 * initiator had an INITIATED relationship of their own: init() moves any
 * that are left (a count from the counts store first, so it costs nothing after).
 */
export const MIGRATE = {
  countInitiated: 'MATCH ()-[i:INITIATED]->() RETURN count(i) AS n',
  initiated: `MATCH (p:Person)-[i:INITIATED]->(n:Interaction)
    CALL (p, i, n) {
      OPTIONAL MATCH (p)-[r:PARTICIPATED_IN]->(n)
      SET r.initiator = true
      DELETE i
    } IN TRANSACTIONS OF 10000 ROWS`,
  /**
   * The LINKED relationships (see "Derived pair links") of a workspace written before they
   * existed: `linkedPairs` on the workspace node says they are kept (set when it is created).
   * init() rebuilds them from scratch for each workspace without it, in one transaction per
   * workspace that first takes the workspace's lock; run twice, it gives the same result.
   */
  unlinkedWorkspaces: 'MATCH (w:Workspace) WHERE w.linkedPairs IS NULL RETURN w.id AS id ORDER BY w.id',
  linkedPairs: [
    'MATCH (w:Workspace {id: $ws}) SET w.lock = true REMOVE w.lock',
    `${inWorkspace('Person')} MATCH (n)-[l:LINKED]->() DELETE l`,
    ...(
      [
        ['ties', '(n)-[r:CONNECTED]-(b:Person)'],
        ['interactions', '(n)-[:PARTICIPATED_IN]->(r:Interaction)<-[:PARTICIPATED_IN]-(b:Person)'],
        ['introductions', '(n)-[:MADE|INTRODUCED]-(r:Introduction)-[:MADE|INTRODUCED]-(b:Person)'],
        ['referrals', '(n)-[:GAVE|TO|ABOUT]-(r:Referral)-[:GAVE|TO|ABOUT]-(b:Person)'],
      ] as const
    ).map(
      ([count, pattern]) => `${inWorkspace('Person')}
    MATCH ${pattern} WHERE n.id < b.id
    WITH n AS a, b, count(DISTINCT r) AS c
    MERGE (a)-[l:LINKED]->(b) ON CREATE SET ${NEW_LINK}
    SET l.${count} = c`,
    ),
    'MATCH (w:Workspace {id: $ws}) SET w.linkedPairs = 1',
  ],
};

// ---------------------------------------------------------------------------
// Statements assembled from the fragments above (never from input).

/** Sets the record's properties; with `relink`, also rewires its relationships from `$refs`. */
export function updateStatement(c: EntityCypher, relink: boolean): string {
  const set = `${c.matchOne} SET n = $props`;
  return relink && c.relink ? `${set} WITH n ${c.relink}` : set;
}

const whereOf = (c: EntityCypher, conditions: string[]) => {
  const all = c.scan ? [c.scan, ...conditions] : conditions;
  return all.length ? `WHERE ${all.join(' AND ')}` : '';
};

export function countStatement(c: EntityCypher, conditions: string[]): string {
  return `${c.matchAll} ${whereOf(c, conditions)} RETURN count(n) AS total`;
}

export function pageStatement(c: EntityCypher, conditions: string[], orderBy: string): string {
  return `${c.matchAll} ${whereOf(c, conditions)}
    WITH n ORDER BY ${orderBy} SKIP $skip LIMIT $limit
    RETURN ${c.project} AS r`;
}

export const getStatement = (c: EntityCypher) => `${c.matchOne} RETURN ${c.project} AS r`;

/** `[n.a, n.b, …]`: a record's own properties as a list, in PROPERTY_FIELDS order. */
const ownList = (e: EntityName) => PROPERTY_FIELDS[e].map((f) => `n.${f}`).join(', ');

/**
 * The whole workspace for the analytics, one statement per kind. The large kinds come back
 * as lists, not maps (decoding 100,000 maps' keys took the driver longer than the server
 * took to read them: ~5 s against ~2 s for lists); an interaction carries its participants
 * as "<pos> <id>" strings, "!" first for the one who started it, one list per row instead of
 * a subquery per interaction (COLLECT … ORDER BY) or 200,000 more rows. The adapter builds
 * the records and sorts every list by id (both stores hand the analytics the same order).
 */
export const SNAPSHOT = {
  /** Own properties (PROPERTY_FIELDS.people), then the organisation's id. */
  people: `${inWorkspace('Person')}
    OPTIONAL MATCH (n)-[:WORKS_AT]->(o:Organization)
    RETURN [${ownList('people')}, o.id] AS r`,
  /** Own properties (PROPERTY_FIELDS.interactions), then the participants. */
  interactions: `${inWorkspace('Interaction')}
    RETURN [${ownList('interactions')}]
      + [(n)<-[p:PARTICIPATED_IN]-(t:Person) | CASE WHEN p.initiator THEN '!' ELSE '' END + toString(p.pos) + ' ' + t.id] AS r`,
  /** Own properties (PROPERTY_FIELDS.ties), then the two ends. */
  ties: `MATCH (a)-[n:CONNECTED {workspaceId: $ws}]->(b) USING INDEX n:CONNECTED(workspaceId)
    RETURN [${ownList('ties')}, a.id, b.id] AS r`,
  /** Every other kind: few records each, projected as the list queries do. */
  rest: (c: EntityCypher) => `${c.matchAll} ${whereOf(c, [])} RETURN ${c.project} AS r`,
};

// ---------------------------------------------------------------------------
// Provenance of imports: (:Import {id, fileName, fileHash, kind, importedAt, counts}),
// `counts` kept as JSON text (a property cannot hold a map).

export const IMPORT_RECORD = {
  create: 'CREATE (n:Import) SET n = $props',
  count: `${inWorkspace('Import')} RETURN count(n) AS total`,
  page: `${inWorkspace('Import')}
    WITH n ORDER BY n.importedAt DESC, n.id ASC SKIP $skip LIMIT $limit
    RETURN n {.id, .fileName, .fileHash, .kind, .importedAt, .counts} AS r`,
};

// ---------------------------------------------------------------------------
// Accounts. Users live outside every workspace; secrets are stored only as hashes.
//
//   (:User {id, email, name, passwordHash, createdAt, updatedAt})
//   (:User)-[:MEMBER_OF {role, personId, createdAt}]->(:Workspace)
//   (:User)-[:HAS_SESSION]->(:Session {tokenHash, csrfToken, expiresAt})
//   (:User)-[:OWNS]->(:ApiToken {id, name, prefix, tokenHash, createdAt, lastUsedAt, revokedAt})
//   (:User)-[:NOTE_ON {text, updatedAt}]->(:Person)          a private note, erased with the person
//   (:AuditEntry {id, workspaceId, actorUserId, action, target, at, meta})   meta as JSON text
//   (:Invitation {id, workspaceId, email, role, personId, invitedBy, tokenHash, createdAt, expiresAt})
//   (:User)-[:HAS_RESET]->(:PasswordReset {tokenHash, expiresAt})
//   `disabledAt` on a user who may not sign in.
//
// Changes that could leave a workspace without an owner first take the
// workspace node's write lock (LOCK_WORKSPACE), so two of them run one after
// the other and the second sees the first's result.
//
// `personId` of a membership is a property, not a relationship: a member may
// name no person, and the membership must outlive the person (erasure sets it to null).
// Audit entries keep plain ids: the log outlives the users and records it names.

const USER_PROJECTION = 'u {.id, .email, .name, .createdAt, .updatedAt}';
const MEMBERSHIP_PROJECTION =
  '{workspaceId: w.id, userId: u.id, role: m.role, personId: m.personId, createdAt: m.createdAt}';
const TOKEN_PROJECTION = 't {.id, .name, .prefix, .createdAt, .lastUsedAt}';
const AUDIT_PROJECTION = 'n {.id, .workspaceId, .actorUserId, .action, .target, .at, .meta}';
const INVITATION_PROJECTION = 'i {.id, .workspaceId, .email, .role, .personId, .invitedBy, .createdAt, .expiresAt}';

export const ACCOUNTS = {
  countUsers: 'MATCH (u:User) RETURN count(u) AS n',
  createUser: 'CREATE (u:User) SET u = $props',
  getUser: `MATCH (u:User {id: $id}) RETURN ${USER_PROJECTION} AS r`,
  findUserByEmail: `MATCH (u:User {email: $email})
    RETURN ${USER_PROJECTION} AS r, u.passwordHash AS passwordHash, u.disabledAt IS NOT NULL AS disabled`,
  setPasswordHash: 'MATCH (u:User {id: $id}) SET u.passwordHash = $passwordHash, u.updatedAt = $now',
  setDisabled: 'MATCH (u:User {id: $id}) SET u.disabledAt = $disabledAt, u.updatedAt = $now RETURN count(u) AS n',
  /** Takes the write lock of each workspace the user owns (see LOCK_WORKSPACE). */
  lockOwnedWorkspaces: `MATCH (:User {id: $userId})-[:MEMBER_OF {role: 'owner'}]->(w:Workspace)
    SET w.lock = true REMOVE w.lock`,
  /** A workspace the user is the last owner of while others are members, if any. */
  soleOwnerOf: `MATCH (u:User {id: $userId})-[:MEMBER_OF {role: 'owner'}]->(w:Workspace)
    WITH w,
      COUNT { MATCH (o:User)-[:MEMBER_OF]->(w) WHERE o.id <> $userId RETURN o } AS others,
      COUNT { MATCH (o:User)-[:MEMBER_OF {role: 'owner'}]->(w) WHERE o.id <> $userId RETURN o } AS owners
    WHERE others > 0 AND owners = 0
    RETURN w.id AS ws LIMIT 1`,
  deleteUser: `MATCH (u:User {id: $userId})
    CALL (u) { MATCH (u)-[:HAS_SESSION|OWNS|HAS_RESET]->(x) DETACH DELETE x }
    DETACH DELETE u
    RETURN count(*) AS n`,
  /** LOCK_WORKSPACE: a write lock on the workspace node, held to the end of the transaction. */
  lockWorkspace: 'MATCH (w:Workspace {id: $ws}) SET w.lock = true REMOVE w.lock RETURN count(w) AS n',
  roleOf: 'MATCH (:User {id: $userId})-[m:MEMBER_OF]->(:Workspace {id: $ws}) RETURN m.role AS role',
  otherOwners: `MATCH (u:User)-[:MEMBER_OF {role: 'owner'}]->(:Workspace {id: $ws})
    WHERE u.id <> $userId RETURN count(u) AS n`,
  /** Whether the workspace and the user are there, to name the missing one. */
  userAndWorkspace: `OPTIONAL MATCH (w:Workspace {id: $ws}) WITH w LIMIT 1
    OPTIONAL MATCH (u:User {id: $userId})
    RETURN w IS NOT NULL AS ws, u IS NOT NULL AS user`,
  userExists: 'MATCH (u:User {id: $userId}) RETURN count(u) AS n',

  /** `$keepPerson`: an existing membership keeps its person (personId not given). */
  putMembership: `MATCH (u:User {id: $userId}), (w:Workspace {id: $ws})
    MERGE (u)-[m:MEMBER_OF]->(w)
      ON CREATE SET m.createdAt = $now, m.personId = $personId
      ON MATCH SET m.personId = CASE WHEN $keepPerson THEN m.personId ELSE $personId END
    SET m.role = $role
    RETURN ${MEMBERSHIP_PROJECTION} AS r`,
  getMembership: `MATCH (u:User {id: $userId})-[m:MEMBER_OF]->(w:Workspace {id: $ws}) RETURN ${MEMBERSHIP_PROJECTION} AS r`,
  removeMembership: 'MATCH (:User {id: $userId})-[m:MEMBER_OF]->(:Workspace {id: $ws}) DELETE m RETURN count(*) AS n',
  membershipsOfUser: `MATCH (u:User {id: $userId})-[m:MEMBER_OF]->(w:Workspace)
    RETURN ${MEMBERSHIP_PROJECTION} AS r ORDER BY m.createdAt, w.id`,
  members: `MATCH (u:User)-[m:MEMBER_OF]->(w:Workspace {id: $ws})
    RETURN ${MEMBERSHIP_PROJECTION} AS r ORDER BY m.createdAt, u.id`,

  createSession: `MATCH (u:User {id: $userId})
    CREATE (u)-[:HAS_SESSION]->(:Session {tokenHash: $tokenHash, csrfToken: $csrfToken, expiresAt: $expiresAt})
    RETURN count(*) AS n`,
  getSession: `MATCH (u:User)-[:HAS_SESSION]->(s:Session {tokenHash: $tokenHash})
    RETURN u.id AS userId, s.csrfToken AS csrfToken, s.expiresAt AS expiresAt`,
  deleteExpiredSession: 'MATCH (s:Session {tokenHash: $tokenHash}) WHERE s.expiresAt <= $now DETACH DELETE s',
  deleteSession: 'MATCH (s:Session {tokenHash: $tokenHash}) DETACH DELETE s',
  deleteSessionsOfUser: `MATCH (:User {id: $userId})-[:HAS_SESSION]->(s:Session) WHERE s.tokenHash <> $keep
    DETACH DELETE s`,

  deleteInvitationsTo: 'MATCH (i:Invitation {workspaceId: $ws, email: $email}) DELETE i',
  createInvitation: 'CREATE (i:Invitation) SET i = $props',
  listInvitations: `MATCH (i:Invitation {workspaceId: $ws}) WHERE i.expiresAt > $now
    RETURN ${INVITATION_PROJECTION} AS r ORDER BY i.createdAt, i.id`,
  revokeInvitation: 'MATCH (i:Invitation {workspaceId: $ws, id: $id}) DELETE i RETURN count(*) AS n',
  findInvitation: `MATCH (i:Invitation {tokenHash: $tokenHash}) WHERE i.expiresAt > $now
    RETURN ${INVITATION_PROJECTION} AS r`,
  /** Takes the invitation's lock before reading it: of two accepting at once, the second finds it gone. */
  claimInvitation: `MATCH (i:Invitation {tokenHash: $tokenHash})
    SET i.lock = true REMOVE i.lock
    WITH i WHERE i.expiresAt > $now
    WITH i, ${INVITATION_PROJECTION} AS r
    DELETE i
    RETURN r`,
  joinWorkspace: `MATCH (u:User {id: $userId}), (w:Workspace {id: $ws})
    MERGE (u)-[m:MEMBER_OF]->(w)
      ON CREATE SET m.createdAt = $now, m.role = $role, m.personId = $personId
    RETURN ${MEMBERSHIP_PROJECTION} AS r`,

  createApiToken: `MATCH (u:User {id: $userId})
    CREATE (u)-[:OWNS]->(t:ApiToken) SET t = $props
    RETURN count(*) AS n`,
  listApiTokens: `MATCH (:User {id: $userId})-[:OWNS]->(t:ApiToken) WHERE t.revokedAt IS NULL
    RETURN ${TOKEN_PROJECTION} AS r ORDER BY t.createdAt, t.id`,
  revokeApiToken: `MATCH (:User {id: $userId})-[:OWNS]->(t:ApiToken {id: $id}) WHERE t.revokedAt IS NULL
    SET t.revokedAt = $now RETURN count(t) AS n`,
  findApiToken: `MATCH (u:User)-[:OWNS]->(t:ApiToken {tokenHash: $tokenHash}) WHERE t.revokedAt IS NULL
    RETURN u.id AS userId, ${TOKEN_PROJECTION} AS r`,
  revokeApiTokensOfUser: `MATCH (:User {id: $userId})-[:OWNS]->(t:ApiToken) WHERE t.revokedAt IS NULL
    SET t.revokedAt = $now RETURN count(t) AS n`,
  // Last use is recorded at most once a minute: a script's every request need not be a write.
  useApiToken: `MATCH (u:User)-[:OWNS]->(t:ApiToken {tokenHash: $tokenHash}) WHERE t.revokedAt IS NULL
    SET t.lastUsedAt = CASE WHEN t.lastUsedAt IS NULL OR t.lastUsedAt < $staleBefore THEN $now ELSE t.lastUsedAt END
    RETURN u.id AS userId, ${TOKEN_PROJECTION} AS r`,

  createPasswordReset: `MATCH (u:User {id: $userId})
    CALL (u) { MATCH (u)-[:HAS_RESET]->(old:PasswordReset) DETACH DELETE old }
    CREATE (u)-[:HAS_RESET]->(:PasswordReset {tokenHash: $tokenHash, expiresAt: $expiresAt})`,
  consumePasswordReset: `MATCH (u:User)-[:HAS_RESET]->(r:PasswordReset {tokenHash: $tokenHash})
    SET r.lock = true REMOVE r.lock
    WITH u, r, r.expiresAt AS expiresAt
    DETACH DELETE r
    RETURN u.id AS userId, expiresAt`,

  getPrivateNote: `MATCH (:User {id: $userId})-[r:NOTE_ON]->(p:Person {id: $personId})
    WHERE p.workspaceId = $ws
    RETURN r.text AS text`,
  setPrivateNote: `MATCH (u:User {id: $userId}), (p:Person {workspaceId: $ws, id: $personId}) USING INDEX p:Person(id)
    MERGE (u)-[r:NOTE_ON]->(p)
    SET r.text = $text, r.updatedAt = $now`,
  deletePrivateNote: `MATCH (:User {id: $userId})-[r:NOTE_ON]->(p:Person {id: $personId})
    WHERE p.workspaceId = $ws
    DELETE r`,

  appendAudit: 'CREATE (a:AuditEntry) SET a = $props',
  countAudit: `${inWorkspace('AuditEntry')} RETURN count(n) AS total`,
  pageAudit: `${inWorkspace('AuditEntry')}
    WITH n ORDER BY n.at DESC, n.id DESC SKIP $skip LIMIT $limit
    RETURN ${AUDIT_PROJECTION} AS r`,
  countUserAudit:
    'MATCH (n:AuditEntry {target: $target}) WHERE n.at IS NOT NULL AND n.workspaceId IS NULL RETURN count(n) AS total',
  pageUserAudit: `MATCH (n:AuditEntry {target: $target}) WHERE n.at IS NOT NULL AND n.workspaceId IS NULL
    WITH n ORDER BY n.at DESC, n.id DESC SKIP $skip LIMIT $limit
    RETURN ${AUDIT_PROJECTION} AS r`,
};

// ---------------------------------------------------------------------------
// Weekly report snapshots: (:Report {workspaceId, week, generatedAt, json}).

export const REPORTS = {
  save: 'CREATE (:Report {workspaceId: $ws, week: $week, generatedAt: $generatedAt, json: $json})',
  replace:
    'MATCH (r:Report {workspaceId: $ws, week: $week}) SET r.generatedAt = $generatedAt, r.json = $json RETURN count(r) AS n',
  get: 'MATCH (r:Report {workspaceId: $ws, week: $week}) RETURN r.week AS week, r.generatedAt AS generatedAt, r.json AS json',
  previous:
    'MATCH (r:Report {workspaceId: $ws}) WHERE r.week < $week RETURN r.week AS week, r.generatedAt AS generatedAt, r.json AS json ORDER BY r.week DESC LIMIT 1',
  count: 'MATCH (r:Report {workspaceId: $ws}) RETURN count(r) AS total',
  page: 'MATCH (r:Report {workspaceId: $ws}) RETURN r.week AS week, r.generatedAt AS generatedAt ORDER BY r.week DESC SKIP $skip LIMIT $limit',
};

// The nurture board's "done" per member and week: (:BoardDone {workspaceId, userId, week, card, doneAt}).
export const BOARD = {
  done: 'MATCH (n:BoardDone {workspaceId: $ws, userId: $userId, week: $week}) RETURN n.card AS card ORDER BY n.doneAt, n.card',
  set: 'MERGE (n:BoardDone {workspaceId: $ws, userId: $userId, week: $week, card: $card}) ON CREATE SET n.doneAt = $at',
  unset: 'MATCH (n:BoardDone {workspaceId: $ws, userId: $userId, week: $week, card: $card}) DELETE n',
};

// ---------------------------------------------------------------------------
// Merges of people (MergeRepo, server/store/neo4j/neo4j-merge.ts):
//   (:PersonMerge {workspaceId, id, keepId, goneId, goneName, at, undoneAt, moved, before})
//   (:DuplicateDismissal {workspaceId, pairKey: "lowId|highId", at})

/** Kinds of record that name people, each with its `personId` filter. */
const MERGE_KINDS = [
  'ties',
  'interactions',
  'introductions',
  'referrals',
  'pitches',
  'subscriptions',
  'consents',
] as const;

export const MERGES = {
  /** The records of a kind naming `$personId`. */
  recordsOf: Object.fromEntries(
    MERGE_KINDS.map((e) => {
      const c = ENTITY[e];
      const byPerson = c.filters.find((f) => f.key === 'personId')!.where;
      return [e, `${c.matchAll} WHERE ${c.scan ? `${c.scan} AND ` : ''}${byPerson} RETURN ${c.project} AS r`];
    }),
  ) as Record<(typeof MERGE_KINDS)[number], string>,
  notes: `MATCH (u:User)-[r:NOTE_ON]->(p:Person {workspaceId: $ws}) WHERE p.id IN $ids
    RETURN p.id AS personId, u.id AS userId, r.text AS text, r.updatedAt AS updatedAt`,
  setNote: `MATCH (u:User {id: $userId}), (p:Person {workspaceId: $ws, id: $personId}) USING INDEX p:Person(id)
    MERGE (u)-[r:NOTE_ON]->(p)
    SET r.text = $text, r.updatedAt = $updatedAt`,
  deleteNote: `MATCH (:User {id: $userId})-[r:NOTE_ON]->(p:Person {id: $personId}) WHERE p.workspaceId = $ws DELETE r`,
  members: 'MATCH (:Workspace {id: $ws})<-[m:MEMBER_OF]-(u:User) WHERE m.personId = $personId RETURN u.id AS userId',
  moveMembers: 'MATCH (:Workspace {id: $ws})<-[m:MEMBER_OF]-(:User) WHERE m.personId = $from SET m.personId = $to',
  setMember: 'MATCH (:Workspace {id: $ws})<-[m:MEMBER_OF]-(:User {id: $userId}) SET m.personId = $personId',
  /** The person alone, once their records have moved (not the erasure of ENTITY.people.delete). */
  removePerson: 'MATCH (n:Person {workspaceId: $ws, id: $id}) USING INDEX n:Person(id) DETACH DELETE n',
  exists: (label: string) =>
    `MATCH (n:${label} {workspaceId: $ws, id: $id}) USING INDEX n:${label}(id) RETURN count(n) AS n`,
  tieExists: 'MATCH ()-[n:CONNECTED {workspaceId: $ws, id: $id}]->() USING INDEX n:CONNECTED(id) RETURN count(n) AS n',
  create: 'CREATE (m:PersonMerge) SET m = $props',
  get: 'MATCH (m:PersonMerge {workspaceId: $ws}) WHERE m.id = $id RETURN m {.*} AS m',
  list: `MATCH (m:PersonMerge {workspaceId: $ws})
    RETURN m {.id, .keepId, .goneId, .goneName, .at, .undoneAt, .moved} AS m ORDER BY m.at DESC, m.id DESC`,
  undone: 'MATCH (m:PersonMerge {workspaceId: $ws}) WHERE m.id = $id SET m.undoneAt = $at',
  mergedInto: `MATCH (m:PersonMerge {workspaceId: $ws}) WHERE m.goneId = $id AND m.undoneAt IS NULL
    RETURN m.keepId AS keepId ORDER BY m.at DESC LIMIT 1`,
  dismiss: 'MERGE (d:DuplicateDismissal {workspaceId: $ws, pairKey: $pairKey}) ON CREATE SET d.at = $at',
  dismissed: 'MATCH (d:DuplicateDismissal {workspaceId: $ws}) RETURN d.pairKey AS pairKey',
};

// ---------------------------------------------------------------------------
// Calibration (issue 14): a rating is (:Workspace)-[:RATED {rating, ratedAt, ratedBy}]->(:Person),
// gone with either end; the fitted weights are (:Calibration {workspaceId, json, updatedAt});
// a need is (:Person)-[:EXPRESSED]->(:Need {workspaceId, id, expressedOn, note, createdAt}).

const RATING_PROJECTION = 'r {personId: p.id, .rating, .ratedAt, .ratedBy}';
const NEED_PROJECTION = 'n {.id, .createdAt, personId: p.id, .expressedOn, .note}';

export const CALIBRATION = {
  putRating: `MATCH (w:Workspace {id: $ws}), (p:Person {workspaceId: $ws, id: $personId})
    MERGE (w)-[r:RATED]->(p)
    SET r.rating = $rating, r.ratedAt = $ratedAt, r.ratedBy = $ratedBy
    RETURN ${RATING_PROJECTION} AS r`,
  deleteRating: `MATCH (:Workspace {id: $ws})-[r:RATED]->(:Person {workspaceId: $ws, id: $personId})
    DELETE r RETURN count(*) AS n`,
  listRatings: `MATCH (:Workspace {id: $ws})-[r:RATED]->(p:Person)
    RETURN ${RATING_PROJECTION} AS r ORDER BY p.id`,
  get: 'MATCH (c:Calibration {workspaceId: $ws}) RETURN c.json AS json, c.updatedAt AS updatedAt',
  put: 'MERGE (c:Calibration {workspaceId: $ws}) SET c.json = $json, c.updatedAt = $updatedAt',
  remove: 'MATCH (c:Calibration {workspaceId: $ws}) DELETE c',
};

export const NEEDS = {
  add: `MATCH (p:Person {workspaceId: $ws, id: $personId})
    CREATE (p)-[:EXPRESSED]->(n:Need {workspaceId: $ws, id: $id, createdAt: $createdAt, expressedOn: $expressedOn, note: $note})
    RETURN ${NEED_PROJECTION} AS r`,
  count: `MATCH (p:Person)-[:EXPRESSED]->(n:Need {workspaceId: $ws})
    WHERE $personId IS NULL OR p.id = $personId RETURN count(n) AS total`,
  page: `MATCH (p:Person)-[:EXPRESSED]->(n:Need {workspaceId: $ws})
    WHERE $personId IS NULL OR p.id = $personId
    RETURN ${NEED_PROJECTION} AS r ORDER BY n.expressedOn DESC, n.createdAt DESC, n.id DESC SKIP $skip LIMIT $limit`,
  all: `MATCH (p:Person)-[:EXPRESSED]->(n:Need {workspaceId: $ws})
    RETURN ${NEED_PROJECTION} AS r ORDER BY n.expressedOn, n.id`,
  delete: 'MATCH (n:Need {workspaceId: $ws, id: $id}) DETACH DELETE n RETURN count(*) AS n',
};

// ---------------------------------------------------------------------------
// Erasures with a short undo (ErasureRepo, server/store/neo4j/neo4j-erasures.ts):
//   (:HeldErasure {workspaceId, id, personId, heldAt, dueAt, requestedBy, copy})
// `copy` is the JSON of what the erasure removed (server/domain/held-erasure.ts).

export const ERASURES = {
  rating: `MATCH (:Workspace {id: $ws})-[r:RATED]->(p:Person {workspaceId: $ws, id: $id})
    RETURN ${RATING_PROJECTION} AS r`,
  needs: `MATCH (p:Person {workspaceId: $ws, id: $id})-[:EXPRESSED]->(n:Need)
    RETURN ${NEED_PROJECTION} AS r ORDER BY n.id`,
  merges: 'MATCH (m:PersonMerge {workspaceId: $ws}) WHERE m.keepId = $id OR m.goneId = $id RETURN m {.*} AS m',
  /** A member gets their own person back only if they have none meanwhile. */
  setMemberIfNone: `MATCH (:Workspace {id: $ws})<-[m:MEMBER_OF]-(:User {id: $userId})
    WHERE m.personId IS NULL SET m.personId = $personId`,
  interactionsOnFile: `UNWIND $ids AS id MATCH (t:Interaction {workspaceId: $ws, id: id}) USING INDEX t:Interaction(id)
    RETURN t.id AS id`,
  create: 'CREATE (h:HeldErasure) SET h = $props',
  get: 'MATCH (h:HeldErasure {workspaceId: $ws}) WHERE h.id = $id RETURN h {.*} AS h',
  list: 'MATCH (h:HeldErasure {workspaceId: $ws}) RETURN h {.*} AS h ORDER BY h.dueAt, h.id',
  due: `MATCH (h:HeldErasure) WHERE h.dueAt <= $now
    RETURN h.workspaceId AS workspaceId, h.id AS id ORDER BY h.dueAt`,
  remove: 'MATCH (h:HeldErasure {workspaceId: $ws}) WHERE h.id = $id DELETE h',
  others: 'MATCH (h:HeldErasure {workspaceId: $ws}) RETURN h.id AS id, h.copy AS copy',
  setCopy: 'MATCH (h:HeldErasure {workspaceId: $ws}) WHERE h.id = $id SET h.copy = $copy',
};
