-- Packs, questions, notes with their revisions, and the full-text index over questions and notes.

CREATE TABLE packs (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    source      TEXT NOT NULL,
    license     TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('bundled', 'user')),
    file        TEXT NOT NULL,
    loaded_at   INTEGER NOT NULL
) STRICT;

-- One row per pack file that loaded cleanly, with the hash of what was loaded, so an unchanged file
-- is skipped at the next start.
CREATE TABLE pack_sources (
    file         TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    pack_id      TEXT NOT NULL REFERENCES packs(id)
) STRICT;

-- Questions are never deleted: one that leaves its pack is hidden, so notes and history on it stay.
CREATE TABLE questions (
    id         TEXT PRIMARY KEY,
    pack_id    TEXT NOT NULL REFERENCES packs(id),
    level      TEXT NOT NULL,
    category   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    minutes    INTEGER NOT NULL,
    prompt     TEXT NOT NULL,
    position   INTEGER NOT NULL,
    hidden     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX questions_by_pack ON questions(pack_id, position);

CREATE TABLE notes (
    question_id TEXT PRIMARY KEY REFERENCES questions(id),
    body        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- Every saved version of every note, the current one included.
CREATE TABLE note_revisions (
    id          INTEGER PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES questions(id),
    body        TEXT NOT NULL,
    saved_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX note_revisions_by_question ON note_revisions(question_id, id);

-- rowid = questions.rowid. Kept in step by the triggers below, so no caller can forget it.
CREATE VIRTUAL TABLE search USING fts5(prompt, category, note, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER questions_ai AFTER INSERT ON questions BEGIN
    INSERT INTO search(rowid, prompt, category, note)
    VALUES (new.rowid, new.prompt, new.category, coalesce((SELECT body FROM notes WHERE question_id = new.id), ''));
END;
CREATE TRIGGER questions_au AFTER UPDATE OF prompt, category ON questions BEGIN
    UPDATE search SET prompt = new.prompt, category = new.category WHERE rowid = new.rowid;
END;
CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
    UPDATE search SET note = new.body WHERE rowid = (SELECT rowid FROM questions WHERE id = new.question_id);
END;
CREATE TRIGGER notes_au AFTER UPDATE OF body ON notes BEGIN
    UPDATE search SET note = new.body WHERE rowid = (SELECT rowid FROM questions WHERE id = new.question_id);
END;
