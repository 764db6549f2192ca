-- Weekly report snapshots: one per workspace and ISO week.
CREATE TABLE reports (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  week TEXT NOT NULL,
  generated_at TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (workspace_id, week)
);
