-- Sign-in attempts counted in the database, so every process serving this database (and
-- every instance, on PostgreSQL) shares one limit per address and per account name.
-- `tat` is the generic cell rate algorithm's "theoretical arrival time" in Unix milliseconds:
-- attempts are refused while it runs further ahead of now than the burst allows.
CREATE TABLE attempt_limits (
    key TEXT PRIMARY KEY NOT NULL,
    tat INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX attempt_limits_tat ON attempt_limits (tat);
