-- Provenance of imports: which file, its hash, when, and the counts.
CREATE TABLE imports (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  counts TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX imports_time ON imports(workspace_id, imported_at);
