-- Runnable coding drills: a question's test cases (JSON, NULL when it has none), the code the user
-- keeps for each question, and the counts of a round answer's last run.
ALTER TABLE questions ADD COLUMN drill TEXT;

CREATE TABLE drill_code (
    question_id TEXT PRIMARY KEY,
    body        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

ALTER TABLE round_answers ADD COLUMN run TEXT;
