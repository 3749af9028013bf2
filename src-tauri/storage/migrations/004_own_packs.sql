-- Packs the user owns: imported from a file or written in the app. They live only in the database
-- (no pack file), can be edited there, and are removed softly, like the questions in them.
ALTER TABLE packs ADD COLUMN editable INTEGER NOT NULL DEFAULT 0;
-- The file an imported pack was read from, and in what format (NULL for packs written in the app).
ALTER TABLE packs ADD COLUMN imported_from TEXT;
ALTER TABLE packs ADD COLUMN format TEXT;
-- Set when the user removes the pack: its questions are hidden, their notes and history kept.
ALTER TABLE packs ADD COLUMN removed_at INTEGER;
-- When the user last wrote or changed a question in the app. Such a question is theirs: importing
-- its pack's file again never overwrites or hides it.
ALTER TABLE questions ADD COLUMN edited_at INTEGER;
