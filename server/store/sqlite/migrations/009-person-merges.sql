-- Two records of one human made one (issue 13). A merge moves every record naming the
-- merged person onto the kept one in one transaction and is kept here: the merged id
-- leads to the kept person while the merge stands, and `before` (JSON: both people and
-- every record and private note the merge changed, as they were) is what undo restores.
-- "Not the same" answers to the duplicate finder are kept so the pair is not listed again.
CREATE TABLE person_merges (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  keep_id TEXT NOT NULL,
  gone_id TEXT NOT NULL,
  gone_name TEXT NOT NULL,
  at TEXT NOT NULL,
  undone_at TEXT,
  moved TEXT NOT NULL,
  before TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX person_merges_gone ON person_merges(workspace_id, gone_id);
CREATE INDEX person_merges_time ON person_merges(workspace_id, at);

CREATE TABLE duplicate_dismissals (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  a_id TEXT NOT NULL,
  b_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, a_id, b_id)
) WITHOUT ROWID;
