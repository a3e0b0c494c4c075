-- Webhooks: subscriptions, an outbox of deliveries written in the same transaction as the
-- change they announce (so none is lost to a crash), and every attempt's answer.
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    url        TEXT NOT NULL,
    -- The HMAC key; it must be kept to sign every delivery.
    secret     TEXT NOT NULL,
    -- JSON array of event names.
    events     TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id)
);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks (id),
    -- Public id, sent with every attempt so receivers can drop duplicates.
    delivery_id     TEXT NOT NULL UNIQUE,
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- Unix milliseconds.
    next_attempt_at INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);

CREATE TABLE webhook_attempts (
    id          INTEGER PRIMARY KEY,
    delivery    INTEGER NOT NULL REFERENCES webhook_deliveries (id),
    attempt     INTEGER NOT NULL,
    started_at  TEXT NOT NULL,
    status_code INTEGER,
    error       TEXT,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery, attempt);
