-- no-transaction
-- Articles whose text is revised (see src/domain/revision.rs): every revision's text is kept,
-- and claims are carried across revisions instead of being made again.
--
-- A removed claim keeps its row (its history and exports stay whole) but no longer holds a
-- position in the article, so (article_id, position) must be unique among current claims
-- only. SQLite cannot drop a table constraint: the claims table is made again, the way
-- SQLite's documentation describes (foreign keys off, copy, drop, rename, check), which is
-- why this migration runs outside sqlx's transaction and opens its own.
PRAGMA foreign_keys = OFF;

BEGIN IMMEDIATE;

CREATE TABLE claims_new (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles (id),
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('sentence', 'list_item')),
    text            TEXT NOT NULL,
    start_offset    INTEGER NOT NULL,
    end_offset      INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'unreviewed'
                    CHECK (status IN ('unreviewed', 'sourced', 'unsourced', 'contradicted')),
    -- Moves with every verdict and with every revision that changes the claim's words: a
    -- verdict sent for one version never lands on other words.
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL,
    checkworthiness REAL,
    reading         TEXT,
    speaker         TEXT,
    speaker_start   INTEGER,
    speaker_end     INTEGER,
    summary         TEXT,
    -- How many verdicts the claim's history holds.
    verdicts        INTEGER NOT NULL DEFAULT 0,
    -- The revision whose edit of the claim's words no verdict has answered yet.
    changed_in      INTEGER,
    -- The revision the claim's sentence left the article in.
    removed_in      INTEGER,
    -- For a claim made of others split or merged: a JSON array of their ids.
    derived_from    TEXT
);

INSERT INTO claims_new (id, article_id, position, kind, text, start_offset, end_offset, status,
                        version, updated_at, checkworthiness, reading, speaker, speaker_start,
                        speaker_end, summary, verdicts)
SELECT id, article_id, position, kind, text, start_offset, end_offset, status, version,
       updated_at, checkworthiness, reading, speaker, speaker_start, speaker_end, summary,
       version - 1
FROM claims;

DROP TABLE claims;
ALTER TABLE claims_new RENAME TO claims;

CREATE UNIQUE INDEX claims_article_position ON claims (article_id, position)
    WHERE removed_in IS NULL;
CREATE INDEX claims_article_status ON claims (article_id, status) WHERE removed_in IS NULL;
CREATE INDEX claims_status ON claims (status) WHERE removed_in IS NULL;
CREATE INDEX claims_article_checkworthiness ON claims (article_id, checkworthiness)
    WHERE removed_in IS NULL;
CREATE INDEX claims_checkworthiness ON claims (checkworthiness) WHERE removed_in IS NULL;
CREATE INDEX claims_article ON claims (article_id);
CREATE INDEX claims_changed ON claims (changed_in) WHERE changed_in IS NOT NULL;

CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO claims_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims
BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

-- A revision edits a claim's words in place.
CREATE TRIGGER claims_fts_update AFTER UPDATE OF text ON claims
BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO claims_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER claims_article_revision AFTER UPDATE OF status, version ON claims
BEGIN
    UPDATE articles SET revision = revision + 1 WHERE id = new.article_id;
END;

-- The text revision a verdict was made on (NULL: the first, for verdicts older than this).
ALTER TABLE annotations ADD COLUMN revision INTEGER;

-- The article's current text revision (`revision` is the cache stamp that moves with every
-- verdict).
ALTER TABLE articles ADD COLUMN text_revision INTEGER NOT NULL DEFAULT 1;

-- One row per text revision. `body` is kept once the revision is superseded; the current
-- revision's body is the article's.
CREATE TABLE article_revisions (
    article_id  INTEGER NOT NULL REFERENCES articles (id),
    revision    INTEGER NOT NULL,
    body        TEXT,
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    note        TEXT,
    carried     INTEGER NOT NULL,
    changed     INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    removed     INTEGER NOT NULL,
    PRIMARY KEY (article_id, revision)
) WITHOUT ROWID;

INSERT INTO article_revisions (article_id, revision, created_at, created_by, carried, changed,
                               added, removed)
SELECT a.id, 1, a.created_at, a.created_by, 0, 0,
       (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id), 0
FROM articles a;

-- A superseded revision's structure and where its claims stood in it.
CREATE TABLE revision_segments (
    article_id   INTEGER NOT NULL,
    revision     INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    PRIMARY KEY (article_id, revision, position),
    FOREIGN KEY (article_id, revision) REFERENCES article_revisions (article_id, revision)
) WITHOUT ROWID;

CREATE TABLE revision_claims (
    article_id   INTEGER NOT NULL,
    revision     INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    claim_id     INTEGER NOT NULL REFERENCES claims (id),
    text         TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    PRIMARY KEY (article_id, revision, position),
    FOREIGN KEY (article_id, revision) REFERENCES article_revisions (article_id, revision)
) WITHOUT ROWID;
CREATE INDEX revision_claims_claim ON revision_claims (claim_id, revision);

COMMIT;

PRAGMA foreign_keys = ON;
