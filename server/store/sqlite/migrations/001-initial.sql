-- Nurture's embedded store. Every table is keyed by workspace first: no query
-- can reach a row without naming its workspace.

CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE organizations (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  name_lc TEXT NOT NULL,
  domain TEXT,
  tags TEXT NOT NULL,
  notes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX organizations_name ON organizations(workspace_id, name);

CREATE TABLE people (
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
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX people_linkedin_key ON people(workspace_id, linkedin_key) WHERE linkedin_key IS NOT NULL;
CREATE UNIQUE INDEX people_one_me ON people(workspace_id) WHERE is_me = 1;
CREATE INDEX people_name ON people(workspace_id, name, id);
CREATE INDEX people_org ON people(workspace_id, organization_id);

CREATE TABLE person_emails (
  workspace_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  email TEXT NOT NULL,
  PRIMARY KEY (workspace_id, email, person_id),
  FOREIGN KEY (workspace_id, person_id) REFERENCES people(workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX person_emails_person ON person_emails(workspace_id, person_id);

CREATE TABLE ties (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  a_id TEXT NOT NULL,
  b_id TEXT NOT NULL,
  lo_id TEXT NOT NULL,
  hi_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  since TEXT,
  source TEXT NOT NULL,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX ties_pair ON ties(workspace_id, lo_id, hi_id, kind);
CREATE INDEX ties_a ON ties(workspace_id, a_id);
CREATE INDEX ties_b ON ties(workspace_id, b_id);

CREATE TABLE interactions (
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
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX interactions_external ON interactions(workspace_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX interactions_time ON interactions(workspace_id, at_ms);

CREATE TABLE interaction_participants (
  workspace_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  PRIMARY KEY (workspace_id, interaction_id, person_id),
  FOREIGN KEY (workspace_id, interaction_id) REFERENCES interactions(workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX interaction_participants_person ON interaction_participants(workspace_id, person_id);

CREATE TABLE introductions (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  introducer_id TEXT NOT NULL,
  a_id TEXT NOT NULL,
  b_id TEXT NOT NULL,
  date TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX introductions_introducer ON introductions(workspace_id, introducer_id);
CREATE INDEX introductions_a ON introductions(workspace_id, a_id);
CREATE INDEX introductions_b ON introductions(workspace_id, b_id);

CREATE TABLE referrals (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  referrer_id TEXT NOT NULL,
  recipient_id TEXT NOT NULL,
  prospect_id TEXT,
  prospect_name TEXT,
  date TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  status TEXT NOT NULL,
  value REAL,
  currency TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX referrals_referrer ON referrals(workspace_id, referrer_id);
CREATE INDEX referrals_recipient ON referrals(workspace_id, recipient_id);
CREATE INDEX referrals_prospect ON referrals(workspace_id, prospect_id);

CREATE TABLE pitches (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  pitcher_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  date TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  offer TEXT,
  asked_for_it INTEGER NOT NULL,
  need_expressed INTEGER NOT NULL,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX pitches_person ON pitches(workspace_id, person_id);
CREATE INDEX pitches_pitcher ON pitches(workspace_id, pitcher_id);

CREATE TABLE mailing_lists (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  name_lc TEXT NOT NULL,
  description TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE subscriptions (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  list_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  subscribed_at TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  status TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX subscriptions_pair ON subscriptions(workspace_id, list_id, person_id);
CREATE INDEX subscriptions_person ON subscriptions(workspace_id, person_id);

CREATE TABLE consents (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  list_id TEXT,
  status TEXT NOT NULL,
  date TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  evidence TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX consents_person ON consents(workspace_id, person_id);
CREATE INDEX consents_list ON consents(workspace_id, list_id);

-- Who is linked to whom, in both directions, by any record: the ego network reads this.
CREATE VIEW person_links AS
  SELECT workspace_id AS ws, a_id AS a, b_id AS b, 'tie' AS kind FROM ties
  UNION ALL SELECT workspace_id, b_id, a_id, 'tie' FROM ties
  UNION ALL SELECT p1.workspace_id, p1.person_id, p2.person_id, 'interaction'
    FROM interaction_participants p1
    JOIN interaction_participants p2
      ON p2.workspace_id = p1.workspace_id AND p2.interaction_id = p1.interaction_id AND p2.person_id <> p1.person_id
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
