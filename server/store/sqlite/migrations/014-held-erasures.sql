-- Erasure with a short undo (issue 15): deleting a person from the web app erases them at
-- once and keeps, here, a copy of what the erasure removed (JSON: the person, every record
-- naming them, private notes, memberships, rating, needs, merges), so that undo can put it
-- back with the same ids. When `due_at` passes (or the user asks), the row is deleted and
-- the erasure finished; secure_delete then zeroes it and a checkpoint empties the WAL.
CREATE TABLE held_erasures (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  held_at TEXT NOT NULL,
  due_at TEXT NOT NULL,
  requested_by TEXT,
  copy TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX held_erasures_due ON held_erasures(due_at);
