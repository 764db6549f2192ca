-- Who has interacted with whom, kept as one row per ordered pair of participants
-- with the number of interactions they share. The ego-network read walks these rows
-- (an index range per person) instead of expanding every interaction of a busy
-- neighbour: a contact I have 3,000 messages with is then one row, not 3,000.
--
-- Triggers keep the table for every single-record write (create, update, erasure,
-- a workspace's deletion). A bulk import sets link_upkeep.deferred = 1 inside its
-- transaction, adds the pairs of all its interactions itself in one sorted pass, and
-- sets it back to 0 before it commits, so no other connection sees it set.
CREATE TABLE interaction_links (
  ws TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (ws, a, b)
) WITHOUT ROWID;

CREATE TABLE link_upkeep (deferred INTEGER NOT NULL);
INSERT INTO link_upkeep (deferred) VALUES (0);

CREATE TRIGGER interactions_links_insert AFTER INSERT ON interactions
  WHEN (SELECT deferred FROM link_upkeep) = 0 BEGIN
  INSERT INTO interaction_links (ws, a, b, n)
    SELECT DISTINCT NEW.workspace_id, x.value, y.value, 1 FROM json_each(NEW.participant_ids) x, json_each(NEW.participant_ids) y
    WHERE x.value <> y.value
    ON CONFLICT (ws, a, b) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER interactions_links_delete AFTER DELETE ON interactions BEGIN
  UPDATE interaction_links SET n = n - 1
    WHERE ws = OLD.workspace_id AND a <> b
      AND a IN (SELECT value FROM json_each(OLD.participant_ids)) AND b IN (SELECT value FROM json_each(OLD.participant_ids));
  DELETE FROM interaction_links
    WHERE ws = OLD.workspace_id AND n <= 0
      AND a IN (SELECT value FROM json_each(OLD.participant_ids)) AND b IN (SELECT value FROM json_each(OLD.participant_ids));
END;

CREATE TRIGGER interactions_links_update AFTER UPDATE OF participant_ids ON interactions
  WHEN OLD.participant_ids IS NOT NEW.participant_ids BEGIN
  UPDATE interaction_links SET n = n - 1
    WHERE ws = OLD.workspace_id AND a <> b
      AND a IN (SELECT value FROM json_each(OLD.participant_ids)) AND b IN (SELECT value FROM json_each(OLD.participant_ids));
  DELETE FROM interaction_links
    WHERE ws = OLD.workspace_id AND n <= 0
      AND a IN (SELECT value FROM json_each(OLD.participant_ids)) AND b IN (SELECT value FROM json_each(OLD.participant_ids));
  INSERT INTO interaction_links (ws, a, b, n)
    SELECT DISTINCT NEW.workspace_id, x.value, y.value, 1 FROM json_each(NEW.participant_ids) x, json_each(NEW.participant_ids) y
    WHERE x.value <> y.value
    ON CONFLICT (ws, a, b) DO UPDATE SET n = n + 1;
END;

-- What is on file already.
INSERT INTO interaction_links (ws, a, b, n)
  SELECT i.workspace_id, x.value, y.value, count(DISTINCT i.id) FROM interactions i, json_each(i.participant_ids) x, json_each(i.participant_ids) y
  WHERE x.value <> y.value
  GROUP BY i.workspace_id, x.value, y.value;

DROP VIEW person_links;
CREATE VIEW person_links AS
  SELECT workspace_id AS ws, a_id AS a, b_id AS b, 'tie' AS kind FROM ties
  UNION ALL SELECT workspace_id, b_id, a_id, 'tie' FROM ties
  UNION ALL SELECT ws, a, b, 'interaction' FROM interaction_links
  UNION ALL SELECT workspace_id, introducer_id, a_id, 'introduction' FROM introductions
  UNION ALL SELECT workspace_id, a_id, introducer_id, 'introduction' FROM introductions
  UNION ALL SELECT workspace_id, introducer_id, b_id, 'introduction' FROM introductions
  UNION ALL SELECT workspace_id, b_id, introducer_id, 'introduction' FROM introductions
  UNION ALL SELECT workspace_id, a_id, b_id, 'introduction' FROM introductions
  UNION ALL SELECT workspace_id, b_id, a_id, 'introduction' FROM introductions
  UNION ALL SELECT workspace_id, referrer_id, recipient_id, 'referral' FROM referrals
  UNION ALL SELECT workspace_id, recipient_id, referrer_id, 'referral' FROM referrals
  UNION ALL SELECT workspace_id, referrer_id, prospect_id, 'referral' FROM referrals WHERE prospect_id IS NOT NULL
  UNION ALL SELECT workspace_id, prospect_id, referrer_id, 'referral' FROM referrals WHERE prospect_id IS NOT NULL
  UNION ALL SELECT workspace_id, recipient_id, prospect_id, 'referral' FROM referrals WHERE prospect_id IS NOT NULL
  UNION ALL SELECT workspace_id, prospect_id, recipient_id, 'referral' FROM referrals WHERE prospect_id IS NOT NULL;
