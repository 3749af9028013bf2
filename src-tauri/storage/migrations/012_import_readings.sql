-- How the user corrected the reading of a note in the import preview (which headings hold
-- questions, items left out...), as JSON, by the file's path: importing the file again applies it.
CREATE TABLE import_readings (
    path       TEXT PRIMARY KEY,
    reading    TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
