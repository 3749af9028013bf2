-- What to check an answer against (key points, follow-ups, red flags, phases, coding and STAR
-- details) as JSON, and whether a question is word for word from the seed note. Pack loading fills
-- them in: the loader's version changed with this migration, so every pack loads once more.
ALTER TABLE questions ADD COLUMN seed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN guide TEXT NOT NULL DEFAULT '{}';
