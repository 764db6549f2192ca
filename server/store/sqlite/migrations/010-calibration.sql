-- Calibration by the user (issue 14): "how close are you?" ratings (one per
-- person), the factor weights fitted to them, and the needs people expressed.
-- Ratings and needs go with their person (erasure) and with the workspace.
CREATE TABLE closeness_ratings (
  workspace_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  rating TEXT NOT NULL,
  rated_at TEXT NOT NULL,
  rated_by TEXT,
  PRIMARY KEY (workspace_id, person_id),
  FOREIGN KEY (workspace_id, person_id) REFERENCES people(workspace_id, id) ON DELETE CASCADE
);

CREATE TABLE calibrations (
  workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE expressed_needs (
  workspace_id TEXT NOT NULL,
  id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  expressed_on TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, person_id) REFERENCES people(workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX expressed_needs_person ON expressed_needs(workspace_id, person_id, expressed_on);
