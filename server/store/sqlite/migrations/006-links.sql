-- Who is linked to whom: one row per ordered pair of people and kind of link (tie,
-- interaction, introduction, referral) with the number of records that link them.
-- Every record links its people pairwise: a tie its two ends; an interaction its
-- participants; an introduction the introducer and both people introduced; a
-- referral its referrer, recipient and prospect. The ego-network read walks these
-- rows (an index range per person) instead of a view over every record: a contact I
-- have 3,000 messages with is one row, not 3,000 expanded from JSON.
--
-- Triggers keep the table through every single-record write (create, update,
-- erasure, a workspace's deletion). A bulk import sets link_upkeep.deferred = 1
-- inside its transaction, adds the pairs of its new ties and interactions itself in
-- one sorted pass, and sets it back to 0 before it commits, so no other connection
-- ever sees it set.
DROP VIEW person_links;

CREATE TABLE links (
  ws TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  kind TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (ws, a, b, kind)
) WITHOUT ROWID;

CREATE TABLE link_upkeep (deferred INTEGER NOT NULL);
INSERT INTO link_upkeep (deferred) VALUES (0);

CREATE TRIGGER ties_links_insert AFTER INSERT ON ties
  WHEN (SELECT deferred FROM link_upkeep) = 0 BEGIN
  INSERT INTO links (ws, a, b, kind, n)
    SELECT DISTINCT NEW.workspace_id, x.value, y.value, 'tie', 1 FROM json_each(json_array(NEW.a_id, NEW.b_id)) x, json_each(json_array(NEW.a_id, NEW.b_id)) y
    WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
    ON CONFLICT (ws, a, b, kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER ties_links_delete AFTER DELETE ON ties BEGIN
  UPDATE links SET n = n - 1
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.a_id, OLD.b_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.a_id, OLD.b_id))) AND kind = 'tie' AND a <> b;
  DELETE FROM links
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.a_id, OLD.b_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.a_id, OLD.b_id))) AND kind = 'tie' AND n <= 0;
END;

CREATE TRIGGER ties_links_update AFTER UPDATE OF a_id, b_id ON ties
  WHEN OLD.a_id IS NOT NEW.a_id OR OLD.b_id IS NOT NEW.b_id BEGIN
  UPDATE links SET n = n - 1
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.a_id, OLD.b_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.a_id, OLD.b_id))) AND kind = 'tie' AND a <> b;
  DELETE FROM links
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.a_id, OLD.b_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.a_id, OLD.b_id))) AND kind = 'tie' AND n <= 0;
  INSERT INTO links (ws, a, b, kind, n)
    SELECT DISTINCT NEW.workspace_id, x.value, y.value, 'tie', 1 FROM json_each(json_array(NEW.a_id, NEW.b_id)) x, json_each(json_array(NEW.a_id, NEW.b_id)) y
    WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
    ON CONFLICT (ws, a, b, kind) DO UPDATE SET n = n + 1;
END;

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

CREATE TRIGGER introductions_links_insert AFTER INSERT ON introductions BEGIN
  INSERT INTO links (ws, a, b, kind, n)
    SELECT DISTINCT NEW.workspace_id, x.value, y.value, 'introduction', 1 FROM json_each(json_array(NEW.introducer_id, NEW.a_id, NEW.b_id)) x, json_each(json_array(NEW.introducer_id, NEW.a_id, NEW.b_id)) y
    WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
    ON CONFLICT (ws, a, b, kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER introductions_links_delete AFTER DELETE ON introductions BEGIN
  UPDATE links SET n = n - 1
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.introducer_id, OLD.a_id, OLD.b_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.introducer_id, OLD.a_id, OLD.b_id))) AND kind = 'introduction' AND a <> b;
  DELETE FROM links
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.introducer_id, OLD.a_id, OLD.b_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.introducer_id, OLD.a_id, OLD.b_id))) AND kind = 'introduction' AND n <= 0;
END;

CREATE TRIGGER introductions_links_update AFTER UPDATE OF introducer_id, a_id, b_id ON introductions
  WHEN OLD.introducer_id IS NOT NEW.introducer_id OR OLD.a_id IS NOT NEW.a_id OR OLD.b_id IS NOT NEW.b_id BEGIN
  UPDATE links SET n = n - 1
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.introducer_id, OLD.a_id, OLD.b_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.introducer_id, OLD.a_id, OLD.b_id))) AND kind = 'introduction' AND a <> b;
  DELETE FROM links
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.introducer_id, OLD.a_id, OLD.b_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.introducer_id, OLD.a_id, OLD.b_id))) AND kind = 'introduction' AND n <= 0;
  INSERT INTO links (ws, a, b, kind, n)
    SELECT DISTINCT NEW.workspace_id, x.value, y.value, 'introduction', 1 FROM json_each(json_array(NEW.introducer_id, NEW.a_id, NEW.b_id)) x, json_each(json_array(NEW.introducer_id, NEW.a_id, NEW.b_id)) y
    WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
    ON CONFLICT (ws, a, b, kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER referrals_links_insert AFTER INSERT ON referrals BEGIN
  INSERT INTO links (ws, a, b, kind, n)
    SELECT DISTINCT NEW.workspace_id, x.value, y.value, 'referral', 1 FROM json_each(json_array(NEW.referrer_id, NEW.recipient_id, NEW.prospect_id)) x, json_each(json_array(NEW.referrer_id, NEW.recipient_id, NEW.prospect_id)) y
    WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
    ON CONFLICT (ws, a, b, kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER referrals_links_delete AFTER DELETE ON referrals BEGIN
  UPDATE links SET n = n - 1
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.referrer_id, OLD.recipient_id, OLD.prospect_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.referrer_id, OLD.recipient_id, OLD.prospect_id))) AND kind = 'referral' AND a <> b;
  DELETE FROM links
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.referrer_id, OLD.recipient_id, OLD.prospect_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.referrer_id, OLD.recipient_id, OLD.prospect_id))) AND kind = 'referral' AND n <= 0;
END;

CREATE TRIGGER referrals_links_update AFTER UPDATE OF referrer_id, recipient_id, prospect_id ON referrals
  WHEN OLD.referrer_id IS NOT NEW.referrer_id OR OLD.recipient_id IS NOT NEW.recipient_id OR OLD.prospect_id IS NOT NEW.prospect_id BEGIN
  UPDATE links SET n = n - 1
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.referrer_id, OLD.recipient_id, OLD.prospect_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.referrer_id, OLD.recipient_id, OLD.prospect_id))) AND kind = 'referral' AND a <> b;
  DELETE FROM links
    WHERE ws = OLD.workspace_id AND a IN (SELECT value FROM json_each(json_array(OLD.referrer_id, OLD.recipient_id, OLD.prospect_id))) AND b IN (SELECT value FROM json_each(json_array(OLD.referrer_id, OLD.recipient_id, OLD.prospect_id))) AND kind = 'referral' AND n <= 0;
  INSERT INTO links (ws, a, b, kind, n)
    SELECT DISTINCT NEW.workspace_id, x.value, y.value, 'referral', 1 FROM json_each(json_array(NEW.referrer_id, NEW.recipient_id, NEW.prospect_id)) x, json_each(json_array(NEW.referrer_id, NEW.recipient_id, NEW.prospect_id)) y
    WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
    ON CONFLICT (ws, a, b, kind) DO UPDATE SET n = n + 1;
END;

-- What is on file already.
INSERT INTO links (ws, a, b, kind, n)
  SELECT r.workspace_id, x.value, y.value, 'tie', count(DISTINCT r.id) FROM ties r, json_each(json_array(r.a_id, r.b_id)) x, json_each(json_array(r.a_id, r.b_id)) y
  WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
  GROUP BY r.workspace_id, x.value, y.value;

INSERT INTO links (ws, a, b, kind, n)
  SELECT r.workspace_id, x.value, y.value, 'interaction', count(DISTINCT r.id) FROM interactions r, json_each(r.participant_ids) x, json_each(r.participant_ids) y
  WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
  GROUP BY r.workspace_id, x.value, y.value;

INSERT INTO links (ws, a, b, kind, n)
  SELECT r.workspace_id, x.value, y.value, 'introduction', count(DISTINCT r.id) FROM introductions r, json_each(json_array(r.introducer_id, r.a_id, r.b_id)) x, json_each(json_array(r.introducer_id, r.a_id, r.b_id)) y
  WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
  GROUP BY r.workspace_id, x.value, y.value;

INSERT INTO links (ws, a, b, kind, n)
  SELECT r.workspace_id, x.value, y.value, 'referral', count(DISTINCT r.id) FROM referrals r, json_each(json_array(r.referrer_id, r.recipient_id, r.prospect_id)) x, json_each(json_array(r.referrer_id, r.recipient_id, r.prospect_id)) y
  WHERE x.value IS NOT NULL AND y.value IS NOT NULL AND x.value <> y.value
  GROUP BY r.workspace_id, x.value, y.value;
