-- claimdesk on PostgreSQL: the same tables, columns and rules as the SQLite schema (see
-- ../), in PostgreSQL's own terms. Timestamps are the same fixed-width UTC RFC 3339 text that
-- claimdesk writes on both backends, so answers are byte-for-byte the same whichever serves
-- them. Offsets are Unicode code points into articles.body.

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'editor', 'admin')),
    password_hash TEXT,
    created_at    TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    label      TEXT NOT NULL,
    -- SHA-256 of the token (256 random bits: a fast hash is enough).
    token_hash TEXT NOT NULL UNIQUE,
    prefix     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE articles (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    body_sha256  TEXT NOT NULL UNIQUE,
    source_url   TEXT,
    published_at TEXT,
    created_at   TEXT NOT NULL,
    created_by   BIGINT REFERENCES users (id),
    -- Moves with every verdict on one of the article's claims (trigger below).
    revision     BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE segments (
    article_id   BIGINT NOT NULL REFERENCES articles (id),
    position     BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    start_offset BIGINT NOT NULL,
    end_offset   BIGINT NOT NULL,
    PRIMARY KEY (article_id, position)
);

-- Search folds case and accents, as the SQLite index does (unicode61, remove_diacritics).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION claimdesk_words (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION claimdesk_words
    ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword,
                      hword_asciipart, hword_part, hword_numpart
    WITH unaccent, simple;

CREATE TABLE claims (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id   BIGINT NOT NULL REFERENCES articles (id),
    position     BIGINT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('sentence', 'list_item')),
    text         TEXT NOT NULL,
    start_offset BIGINT NOT NULL,
    end_offset   BIGINT NOT NULL,
    -- Denormalised from the latest annotation, in the transaction that appends it.
    status       TEXT NOT NULL DEFAULT 'unreviewed'
                 CHECK (status IN ('unreviewed', 'sourced', 'unsourced', 'contradicted')),
    version      BIGINT NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL,
    words        tsvector GENERATED ALWAYS AS (to_tsvector('claimdesk_words', text)) STORED,
    UNIQUE (article_id, position)
);
CREATE INDEX claims_article_status ON claims (article_id, status, id);
CREATE INDEX claims_status ON claims (status, id);
CREATE INDEX claims_words ON claims USING gin (words);

-- The history that never forgets: one row per verdict, never updated, never deleted. The
-- service needs only INSERT and SELECT on it; the trigger refuses the rest to anyone.
CREATE TABLE annotations (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id    BIGINT NOT NULL REFERENCES claims (id),
    version     BIGINT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('sourced', 'unsourced', 'contradicted')),
    sources     JSONB NOT NULL DEFAULT '[]',
    note        TEXT,
    reviewer_id BIGINT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    UNIQUE (claim_id, version)
);

CREATE FUNCTION annotations_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'annotations are append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER annotations_no_update BEFORE UPDATE OR DELETE ON annotations
    FOR EACH ROW EXECUTE FUNCTION annotations_append_only();
CREATE TRIGGER annotations_no_truncate BEFORE TRUNCATE ON annotations
    FOR EACH STATEMENT EXECUTE FUNCTION annotations_append_only();

CREATE FUNCTION claims_article_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles SET revision = revision + 1 WHERE id = NEW.article_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claims_article_revision AFTER UPDATE OF status, version ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_article_revision();

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    -- Unix seconds.
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE webhooks (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    events     JSONB NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id)
);

CREATE TABLE webhook_deliveries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id      BIGINT NOT NULL REFERENCES webhooks (id),
    delivery_id     TEXT NOT NULL UNIQUE,
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    -- Unix milliseconds; while an instance holds the delivery, the end of its lease.
    next_attempt_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id)
    WHERE state = 'pending';
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);

CREATE TABLE webhook_attempts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery    BIGINT NOT NULL REFERENCES webhook_deliveries (id),
    attempt     BIGINT NOT NULL,
    started_at  TEXT NOT NULL,
    status_code BIGINT,
    error       TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery, attempt);

-- Names this database's history; a restore replaces it.
CREATE TABLE lineage (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO lineage (id, value) VALUES (1, (random() * 9007199254740991)::bigint);

-- Sign-in attempts, shared by every instance (see the SQLite migration of the same name).
CREATE TABLE attempt_limits (
    key TEXT PRIMARY KEY,
    tat BIGINT NOT NULL
);
CREATE INDEX attempt_limits_tat ON attempt_limits (tat);

-- Every instance keeps caches of articles, sessions and accounts; each listens on this
-- channel and drops what another instance's commit may have changed. The payload names what
-- changed and who changed it (each instance's connections carry its own application_name),
-- so an instance can skip its own. One notification per statement; PostgreSQL folds
-- identical ones within a transaction and delivers them at commit.
CREATE FUNCTION claimdesk_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('claimdesk_changes',
                      TG_ARGV[0] || ' ' || coalesce(current_setting('application_name', true), ''));
    RETURN NULL;
END;
$$;
CREATE TRIGGER articles_changed AFTER INSERT OR UPDATE OR DELETE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_notify('content');
CREATE TRIGGER claims_changed AFTER INSERT OR UPDATE OR DELETE ON claims
    FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_notify('content');
CREATE TRIGGER annotations_changed AFTER INSERT ON annotations
    FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_notify('content');
CREATE TRIGGER lineage_changed AFTER INSERT OR UPDATE ON lineage
    FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_notify('everything');
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_notify('accounts');
CREATE TRIGGER api_tokens_changed AFTER INSERT OR UPDATE OR DELETE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_notify('accounts');
CREATE TRIGGER sessions_changed AFTER INSERT OR UPDATE OR DELETE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_notify('accounts');
