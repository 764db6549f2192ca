-- The nurture board's "done", per member and ISO week: a card done this week is back next week.
CREATE TABLE board_done (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  week TEXT NOT NULL,
  card TEXT NOT NULL,
  done_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, user_id, week, card)
);
