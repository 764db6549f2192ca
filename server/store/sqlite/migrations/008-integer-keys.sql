-- People and interactions get a stable integer key (rid, an alias of the rowid),
-- and interaction participants are kept by those keys: two integers per row
-- instead of three 36-character ids in a row and again in its index. A first
-- import of 100,000 messages writes 200,000 participant rows; by text ids they
-- were about 45 MB and a second of the import's writes, by integer keys they are
-- a few MB. (id, workspace) stays the key the API and every other table use.
--
-- The tables are rebuilt (SQLite cannot add an INTEGER PRIMARY KEY in place);
-- migrate() runs this with foreign keys off and checks them before it commits.
-- The rowids are kept, so the participants are carried over by joining on them.

CREATE TABLE people_v2 (
  rid INTEGER PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  first_name TEXT,
  last_name TEXT,
  emails TEXT NOT NULL,
  linkedin_url TEXT,
  linkedin_key TEXT,
  company TEXT,
  company_lc TEXT,
  position TEXT,
  organization_id TEXT,
  tags TEXT NOT NULL,
  notes TEXT,
  connected_on TEXT,
  source TEXT NOT NULL,
  is_me INTEGER NOT NULL,
  need_note TEXT,
  need_noted_on TEXT,
  search_text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (workspace_id, id)
);
INSERT INTO people_v2 (rid, workspace_id, id, name, first_name, last_name, emails, linkedin_url, linkedin_key, company, company_lc,
    position, organization_id, tags, notes, connected_on, source, is_me, need_note, need_noted_on, search_text, created_at, updated_at)
  SELECT rowid, workspace_id, id, name, first_name, last_name, emails, linkedin_url, linkedin_key, company, company_lc,
    position, organization_id, tags, notes, connected_on, source, is_me, need_note, need_noted_on, search_text, created_at, updated_at
  FROM people;

CREATE TABLE interactions_v2 (
  rid INTEGER PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  channel TEXT NOT NULL,
  participant_ids TEXT NOT NULL,
  initiator_id TEXT,
  note TEXT,
  source TEXT NOT NULL,
  external_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (workspace_id, id)
);
INSERT INTO interactions_v2 (rid, workspace_id, id, occurred_at, at_ms, channel, participant_ids, initiator_id, note, source, external_id, created_at, updated_at)
  SELECT rowid, workspace_id, id, occurred_at, at_ms, channel, participant_ids, initiator_id, note, source, external_id, created_at, updated_at
  FROM interactions;

-- Keyed by person (an ego's interactions are one range); the second index serves an interaction's deletion.
-- No foreign keys: checking two parents per row cost a 100,000-message import a third of a second. The
-- triggers at the end remove a person's or an interaction's rows with it (a workspace's deletion too,
-- which cascades to its people and interactions), and the store writes only keys it has just read.
CREATE TABLE interaction_participants_v4 (
  person INTEGER NOT NULL,
  interaction INTEGER NOT NULL,
  PRIMARY KEY (person, interaction)
) WITHOUT ROWID;
INSERT INTO interaction_participants_v4 (person, interaction)
  SELECT DISTINCT p.rid, i.rid FROM interaction_participants ip
    JOIN people_v2 p ON p.workspace_id = ip.workspace_id AND p.id = ip.person_id
    JOIN interactions_v2 i ON i.workspace_id = ip.workspace_id AND i.id = ip.interaction_id
  ORDER BY 1, 2;

DROP TABLE interaction_participants;
DROP TABLE interactions;
DROP TABLE people;
ALTER TABLE people_v2 RENAME TO people;
ALTER TABLE interactions_v2 RENAME TO interactions;
ALTER TABLE interaction_participants_v4 RENAME TO interaction_participants;
CREATE INDEX interaction_participants_interaction ON interaction_participants(interaction);

CREATE UNIQUE INDEX people_linkedin_key ON people(workspace_id, linkedin_key) WHERE linkedin_key IS NOT NULL;
CREATE UNIQUE INDEX people_one_me ON people(workspace_id) WHERE is_me = 1;
CREATE INDEX people_name ON people(workspace_id, name, id);
CREATE INDEX people_org ON people(workspace_id, organization_id);
CREATE UNIQUE INDEX interactions_external ON interactions(workspace_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX interactions_time ON interactions(workspace_id, at_ms);

-- Dropping the old interactions table dropped its link triggers (006); the same ones again.
CREATE TRIGGER interactions_links_insert AFTER INSERT ON interactions
  WHEN (SELECT deferred FROM link_upkeep) = 0 BEGIN
  INSERT INTO links (ws, a, b, kind, n)
    SELECT DISTINCT NEW.workspace_id, x.value, y.value, 'interaction', 1 FROM json_each(NEW.participant_ids) x, json_each(NEW.participant_ids) y
    WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
    ON CONFLICT (ws, a, b, kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER interactions_links_delete AFTER DELETE ON interactions BEGIN
  UPDATE links SET n = n - 1
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(OLD.participant_ids)) AND b IN (SELECT value FROM json_each(OLD.participant_ids)) AND kind = 'interaction' AND a <> b;
  DELETE FROM links
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(OLD.participant_ids)) AND b IN (SELECT value FROM json_each(OLD.participant_ids)) AND kind = 'interaction' AND n <= 0;
END;

CREATE TRIGGER interactions_links_update AFTER UPDATE OF participant_ids ON interactions
  WHEN OLD.participant_ids IS NOT NEW.participant_ids BEGIN
  UPDATE links SET n = n - 1
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(OLD.participant_ids)) AND b IN (SELECT value FROM json_each(OLD.participant_ids)) AND kind = 'interaction' AND a <> b;
  DELETE FROM links
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(OLD.participant_ids)) AND b IN (SELECT value FROM json_each(OLD.participant_ids)) AND kind = 'interaction' AND n <= 0;
  INSERT INTO links (ws, a, b, kind, n)
    SELECT DISTINCT NEW.workspace_id, x.value, y.value, 'interaction', 1 FROM json_each(NEW.participant_ids) x, json_each(NEW.participant_ids) y
    WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
    ON CONFLICT (ws, a, b, kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER people_participants_delete AFTER DELETE ON people BEGIN
  DELETE FROM interaction_participants WHERE person = OLD.rid;
END;

CREATE TRIGGER interactions_participants_delete AFTER DELETE ON interactions BEGIN
  DELETE FROM interaction_participants WHERE interaction = OLD.rid;
END;
