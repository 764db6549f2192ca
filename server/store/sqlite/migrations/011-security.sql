-- Security and accounts: invitations (a member joins only by accepting one),
-- one-time password resets, disabled accounts, and each user's own account log.
-- Secrets are stored only as hashes.
CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'member', 'viewer')),
  person_id TEXT,
  invited_by TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX invitations_ws ON invitations(workspace_id, email);

CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL
);
CREATE INDEX password_resets_user ON password_resets(user_id);

ALTER TABLE users ADD COLUMN disabled_at TEXT;

-- A user's account log: entries outside every workspace, by the user they are about.
CREATE INDEX audit_log_user ON audit_log(target, at) WHERE workspace_id IS NULL;
