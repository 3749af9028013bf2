-- The list pages through the bank by position instead of sorting it for every window. Each visible
-- question's place in bank order (1 is first) is kept in `bank_order`, a narrow table so that
-- numbering 100,000 questions writes a few megabytes, not every question's row again; each
-- category's count and first place is kept in `bank_categories`. The code that changes packs
-- renumbers both, in the same transaction (storage::question_rows::renumber). They start empty
-- here and are filled when the database is next opened.
CREATE TABLE bank_order (
    rank        INTEGER PRIMARY KEY,
    question_id TEXT NOT NULL,
    level       TEXT NOT NULL,
    category    TEXT NOT NULL
) STRICT;
CREATE INDEX bank_order_by_question ON bank_order(question_id);
CREATE INDEX bank_order_by_category ON bank_order(category, rank);

CREATE TABLE bank_categories (
    level      TEXT NOT NULL,
    name       TEXT NOT NULL,
    count      INTEGER NOT NULL,
    first_rank INTEGER NOT NULL,
    PRIMARY KEY (level, name)
) STRICT;

-- A pack file whose size and modification time are unchanged is not read again at start.
ALTER TABLE pack_sources ADD COLUMN size INTEGER;
ALTER TABLE pack_sources ADD COLUMN modified_ns INTEGER;

-- Search holds the visible questions only, so counting a word's matches needs no join, and gains
-- prefix indexes, so the one to three letters of a word being typed find their matches without
-- reading every term that starts with them. Relevance is bm25 with the prompt weighted most.
-- The triggers keep it in step with the questions and notes, so no caller can forget it; they
-- touch the index only when what it holds changes.
DROP TRIGGER questions_ai;
DROP TRIGGER questions_au;
DROP TRIGGER notes_ai;
DROP TRIGGER notes_au;
DROP TABLE search;
CREATE VIRTUAL TABLE search USING fts5(prompt, category, note,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
INSERT INTO search(search, rank) VALUES ('rank', 'bm25(4.0, 2.0, 1.0)');
-- The index's terms, so a word longer than the prefix indexes can be read as the terms it starts.
CREATE VIRTUAL TABLE search_terms USING fts5vocab(search, 'row');
INSERT INTO search(rowid, prompt, category, note)
    SELECT q.rowid, q.prompt, q.category, coalesce(n.body, '')
    FROM questions q LEFT JOIN notes n ON n.question_id = q.id WHERE q.hidden = 0;

CREATE TRIGGER questions_ai AFTER INSERT ON questions WHEN new.hidden = 0 BEGIN
    INSERT INTO search(rowid, prompt, category, note)
    VALUES (new.rowid, new.prompt, new.category, coalesce((SELECT body FROM notes WHERE question_id = new.id), ''));
END;
CREATE TRIGGER questions_au AFTER UPDATE OF prompt, category ON questions
    WHEN new.hidden = 0 AND old.hidden = 0 AND (old.prompt IS NOT new.prompt OR old.category IS NOT new.category) BEGIN
    UPDATE search SET prompt = new.prompt, category = new.category WHERE rowid = new.rowid;
END;
CREATE TRIGGER questions_hidden AFTER UPDATE OF hidden ON questions WHEN new.hidden = 1 AND old.hidden = 0 BEGIN
    DELETE FROM search WHERE rowid = new.rowid;
END;
CREATE TRIGGER questions_shown AFTER UPDATE OF hidden ON questions WHEN new.hidden = 0 AND old.hidden = 1 BEGIN
    INSERT INTO search(rowid, prompt, category, note)
    VALUES (new.rowid, new.prompt, new.category, coalesce((SELECT body FROM notes WHERE question_id = new.id), ''));
END;
CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
    UPDATE search SET note = new.body WHERE rowid = (SELECT rowid FROM questions WHERE id = new.question_id);
END;
CREATE TRIGGER notes_au AFTER UPDATE OF body ON notes WHEN old.body IS NOT new.body BEGIN
    UPDATE search SET note = new.body WHERE rowid = (SELECT rowid FROM questions WHERE id = new.question_id);
END;
