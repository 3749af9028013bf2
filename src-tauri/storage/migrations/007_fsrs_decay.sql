-- FSRS's parameters can be fitted to the user's own reviews, and how fast memory fades (the decay)
-- is one of them: each schedule keeps the decay it was folded with, so recall is estimated with
-- the same curve that set its due date. Schedules folded before kept FSRS 6's default.
ALTER TABLE schedules ADD COLUMN decay REAL NOT NULL DEFAULT 0.1542;
