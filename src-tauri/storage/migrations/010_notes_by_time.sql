-- History lists notes newest first a page at a time, each page starting after the last note of the
-- page before: this index lets it seek there instead of sorting every note.
CREATE INDEX notes_by_time ON notes(updated_at, question_id);
