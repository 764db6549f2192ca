-- Bulk imports write two participant rows per message: keep that table to one
-- B-tree (keyed by person, as the lookups are) and read an interaction's other
-- participants from its JSON column instead of a second index.
DROP VIEW person_links;

CREATE TABLE interaction_participants_v2 (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  PRIMARY KEY (workspace_id, person_id, interaction_id)
) WITHOUT ROWID;
INSERT INTO interaction_participants_v2 (workspace_id, person_id, interaction_id)
  SELECT workspace_id, person_id, interaction_id FROM interaction_participants;
DROP TABLE interaction_participants;
ALTER TABLE interaction_participants_v2 RENAME TO interaction_participants;

CREATE VIEW person_links AS
  SELECT workspace_id AS ws, a_id AS a, b_id AS b, 'tie' AS kind FROM ties
  UNION ALL SELECT workspace_id, b_id, a_id, 'tie' FROM ties
  UNION ALL SELECT ip.workspace_id, ip.person_id, j.value, 'interaction'
    FROM interaction_participants ip
    JOIN interactions i ON i.workspace_id = ip.workspace_id AND i.id = ip.interaction_id
    JOIN json_each(i.participant_ids) j
    WHERE j.value <> ip.person_id
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
