-- The learning loop: self-reviews of answers, the schedule folded from them, and what a later
-- attempt is compared with.

-- Every self-review, as made. The source of truth: `schedules` can always be rebuilt from it.
-- No foreign key to `questions`: a review outlives its question.
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    question_id TEXT NOT NULL,
    -- The round and step answered, or NULL for a review made on the question's own page.
    round_id    INTEGER REFERENCES rounds(id),
    position    INTEGER,
    at          INTEGER NOT NULL,
    suggested   TEXT NOT NULL CHECK (suggested IN ('again', 'hard', 'good', 'easy')),
    rating      TEXT NOT NULL CHECK (rating IN ('again', 'hard', 'good', 'easy')),
    -- How many key points and red flags the guide had, and which (JSON arrays of indexes) the
    -- answer covered and hit.
    key_points  INTEGER NOT NULL,
    covered     TEXT NOT NULL,
    red_flags   INTEGER NOT NULL,
    flags_hit   TEXT NOT NULL,
    -- Time used and budget; both 0 for an untimed answer.
    used_ms     INTEGER NOT NULL,
    budget_ms   INTEGER NOT NULL,
    -- Practice that leaves the schedule alone.
    cram        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX reviews_by_question ON reviews(question_id, at);
CREATE INDEX reviews_by_time ON reviews(at);
-- A round's answer has one review; reviewing it again replaces it.
CREATE UNIQUE INDEX reviews_by_step ON reviews(round_id, position) WHERE round_id IS NOT NULL;

-- Each reviewed question's place in the schedule: the fold of its reviews through FSRS
-- (domain/review.rs), kept to answer "what is due" quickly, and rebuilt when the rules or the
-- desired retention change.
CREATE TABLE schedules (
    question_id TEXT PRIMARY KEY,
    stability   REAL NOT NULL,
    difficulty  REAL NOT NULL,
    last_at     INTEGER NOT NULL,
    due_at      INTEGER NOT NULL,
    reviews     INTEGER NOT NULL,
    lapses      INTEGER NOT NULL
) STRICT;
CREATE INDEX schedules_by_due ON schedules(due_at);

-- A round started for practice only ("cram") logs its reviews without scheduling.
ALTER TABLE rounds ADD COLUMN cram INTEGER NOT NULL DEFAULT 0;

-- Which question each answer was written for, so a later attempt can be set beside the last one.
-- Filled in for the answers written before, from the round's stored steps (left NULL where a
-- round's record is damaged).
ALTER TABLE round_answers ADD COLUMN question_id TEXT;
UPDATE round_answers SET question_id = (
    SELECT CASE WHEN json_valid(r.state)
        THEN json_extract(r.state, '$.items[' || round_answers.position || '].slot.questionId') END
    FROM rounds r WHERE r.id = round_answers.round_id
);
CREATE INDEX round_answers_by_question ON round_answers(question_id, updated_at);
