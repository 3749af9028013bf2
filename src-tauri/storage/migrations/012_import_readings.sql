-- How the user corrected the reading of a note in the import preview (which headings hold
-- questions, items left out...), as JSON, by the file's path, with the SHA-256 of the file it was
-- made on: importing the file again applies it (its choices by line only if the file is unchanged).
CREATE TABLE import_readings (
    path       TEXT PRIMARY KEY,
    reading    TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
