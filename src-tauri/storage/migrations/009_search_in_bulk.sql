-- Loading a pack indexes its questions for search in one statement after writing them, rather
-- than one trigger run a question. FTS5 writes what it holds in memory to disk at the start of
-- every statement, so a question a statement made a segment of its own, and 100,000 questions
-- spent most of their load merging 100,000 tiny segments. While `search_deferred` holds its row
-- (only ever inside the transaction that writes a pack: storage::question_rows::write_pack), the
-- question triggers leave the index alone.
CREATE TABLE search_deferred (only INTEGER PRIMARY KEY CHECK (only = 1)) STRICT;

DROP TRIGGER questions_ai;
DROP TRIGGER questions_au;
DROP TRIGGER questions_hidden;
DROP TRIGGER questions_shown;

CREATE TRIGGER questions_ai AFTER INSERT ON questions
    WHEN new.hidden = 0 AND NOT EXISTS (SELECT 1 FROM search_deferred) BEGIN
    INSERT INTO search(rowid, prompt, category, note)
    VALUES (new.rowid, new.prompt, new.category, coalesce((SELECT body FROM notes WHERE question_id = new.id), ''));
END;
CREATE TRIGGER questions_au AFTER UPDATE OF prompt, category ON questions
    WHEN new.hidden = 0 AND old.hidden = 0 AND (old.prompt IS NOT new.prompt OR old.category IS NOT new.category)
        AND NOT EXISTS (SELECT 1 FROM search_deferred) BEGIN
    UPDATE search SET prompt = new.prompt, category = new.category WHERE rowid = new.rowid;
END;
CREATE TRIGGER questions_hidden AFTER UPDATE OF hidden ON questions
    WHEN new.hidden = 1 AND old.hidden = 0 AND NOT EXISTS (SELECT 1 FROM search_deferred) BEGIN
    DELETE FROM search WHERE rowid = new.rowid;
END;
CREATE TRIGGER questions_shown AFTER UPDATE OF hidden ON questions
    WHEN new.hidden = 0 AND old.hidden = 1 AND NOT EXISTS (SELECT 1 FROM search_deferred) BEGIN
    INSERT INTO search(rowid, prompt, category, note)
    VALUES (new.rowid, new.prompt, new.category, coalesce((SELECT body FROM notes WHERE question_id = new.id), ''));
END;
