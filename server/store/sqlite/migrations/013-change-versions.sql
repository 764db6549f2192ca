-- A change version per workspace, so that another process on the same file (the CLI
-- importing while the server runs, a second app process) learns which workspace changed.
-- Every write transaction that changes a workspace's records bumps `version` once, in the
-- same transaction; an erasure also sets `erased` to that version, so the caches that held
-- the erased person drop them at once. A reader polls `PRAGMA data_version` (free) and
-- reads this small table only when another connection has committed since.
CREATE TABLE workspace_changes (
  workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  erased INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO workspace_changes (workspace_id, version) SELECT id, 0 FROM workspaces;
