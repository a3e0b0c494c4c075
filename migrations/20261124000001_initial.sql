-- claimdesk schema, version 1.
-- Timestamps are UTC RFC 3339 text with microseconds (fixed width, so they also sort as text).
-- Offsets are Unicode code points into articles.body.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'editor', 'admin')),
    -- NULL for accounts that only use API tokens.
    password_hash TEXT,
    created_at    TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    label        TEXT NOT NULL,
    -- SHA-256 of the token. Tokens are 256 random bits, so a fast hash is enough: there is
    -- nothing to brute-force, and lookups stay a single index probe.
    token_hash   TEXT NOT NULL UNIQUE,
    -- The first characters of the token, to tell tokens apart in listings.
    prefix       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    -- Re-importing an identical body returns the existing article.
    body_sha256  TEXT NOT NULL UNIQUE,
    source_url   TEXT,
    published_at TEXT,
    created_at   TEXT NOT NULL,
    created_by   INTEGER REFERENCES users (id)
);

-- The article's structure as segmented at import: claims, and what is not a claim
-- (headings, list markers, boilerplate), so pages can render the article faithfully.
CREATE TABLE segments (
    article_id   INTEGER NOT NULL REFERENCES articles (id),
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    PRIMARY KEY (article_id, position)
) WITHOUT ROWID;

CREATE TABLE claims (
    id                   INTEGER PRIMARY KEY,
    article_id           INTEGER NOT NULL REFERENCES articles (id),
    position             INTEGER NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('sentence', 'list_item')),
    text                 TEXT NOT NULL,
    start_offset         INTEGER NOT NULL,
    end_offset           INTEGER NOT NULL,
    -- Denormalised from the latest annotation, in the same transaction that appends it; that
    -- annotation is the one with the claim's version (UNIQUE (claim_id, version) finds it).
    status               TEXT NOT NULL DEFAULT 'unreviewed'
                         CHECK (status IN ('unreviewed', 'sourced', 'unsourced', 'contradicted')),
    version              INTEGER NOT NULL DEFAULT 1,
    updated_at           TEXT NOT NULL,
    UNIQUE (article_id, position)
);
-- Both end in the rowid (claims.id), so filtered listings in id order need no sort.
CREATE INDEX claims_article_status ON claims (article_id, status);
CREATE INDEX claims_status ON claims (status);

-- The history that never forgets: one row per verdict, never updated, never deleted.
CREATE TABLE annotations (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    -- The claim version this verdict produced (2 for the first verdict).
    version     INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('sourced', 'unsourced', 'contradicted')),
    -- JSON array of {"url": ..., "citation": ...}.
    sources     TEXT NOT NULL DEFAULT '[]',
    note        TEXT,
    reviewer_id INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    UNIQUE (claim_id, version)
);

CREATE TRIGGER annotations_no_update BEFORE UPDATE ON annotations
BEGIN
    SELECT RAISE(ABORT, 'annotations are append-only');
END;

CREATE TRIGGER annotations_no_delete BEFORE DELETE ON annotations
BEGIN
    SELECT RAISE(ABORT, 'annotations are append-only');
END;
