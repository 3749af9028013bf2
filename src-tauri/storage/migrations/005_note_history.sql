-- Note history keeps one revision per writing session instead of one full copy per autosave (the
-- rule is in storage/note_rows.rs). `sealed` closes a revision when the user leaves the note, so the
-- next save starts a new one.
ALTER TABLE note_revisions ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;

-- Collapse the histories written before: of each note's run of autosaved copies keep every version
-- a user may want back, and drop the copies made mid-typing. Kept, for each note:
--   the first version and the newest;
--   the last version before a pause of 5 minutes or more (REVISION_PAUSE_MS in note_rows.rs);
--   a restore, told apart by its text being that of an earlier version of the same note (autosave
--   never saved the same text twice in a row), and the version it replaced, just before it;
--   the last version before a save that shortened the text by a third or more (a cut, a clear).
DELETE FROM note_revisions WHERE id IN (
    WITH ordered AS (
        SELECT id, question_id, saved_at, length(body) AS len,
               lag(id) OVER note AS previous_id,
               lead(saved_at) OVER note AS next_saved_at,
               lead(length(body)) OVER note AS next_len,
               row_number() OVER (PARTITION BY question_id, body ORDER BY id) > 1 AS restore
        FROM note_revisions
        WINDOW note AS (PARTITION BY question_id ORDER BY id)
    ),
    marked AS (
        SELECT *, lead(restore) OVER (PARTITION BY question_id ORDER BY id) AS next_is_restore
        FROM ordered
    )
    SELECT id FROM marked
    WHERE previous_id IS NOT NULL
      AND next_saved_at IS NOT NULL
      AND next_saved_at - saved_at < 300000
      AND NOT restore
      AND NOT next_is_restore
      AND next_len * 3 > len * 2
);

-- What is left is history: the first save after this upgrade starts a new version.
UPDATE note_revisions SET sealed = 1;
