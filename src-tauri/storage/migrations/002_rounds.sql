-- Timed rounds: the engine's state, the answers typed during them, and a log of every transition.

CREATE TABLE rounds (
    id          INTEGER PRIMARY KEY,
    template_id TEXT NOT NULL,
    title       TEXT NOT NULL,
    -- The round engine's state as JSON, with running time folded in at each write.
    state       TEXT NOT NULL,
    -- A copy of the state's status, for listing without parsing.
    status      TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    ended_at    INTEGER
) STRICT;
CREATE INDEX rounds_by_status ON rounds(status, started_at);

CREATE TABLE round_answers (
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    position   INTEGER NOT NULL,
    body       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (round_id, position)
) STRICT;

-- Every transition and signal (pauses with their reason among them), in order.
CREATE TABLE round_events (
    id       INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    at       INTEGER NOT NULL,
    event    TEXT NOT NULL
) STRICT;
CREATE INDEX round_events_by_round ON round_events(round_id, id);
