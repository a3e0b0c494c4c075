-- no-transaction
-- The desk as a team (see src/domain/review.rs, assignment.rs, comment.rs): an article's
-- review policy, each claim's place in its review, blind reviews, assignments, comments and
-- mentions; and two statuses a claim can take besides the verdicts: `dismissed` (not a
-- checkable claim) and, in the history, `unreviewed` (an editor reopened it).
--
-- SQLite cannot change a CHECK constraint: claims and annotations are made again, the way
-- SQLite's documentation describes (foreign keys off, copy, drop, rename, check), so this
-- migration runs outside sqlx's transaction and opens its own.
PRAGMA foreign_keys = OFF;

BEGIN IMMEDIATE;

-- 1: one review settles a claim; 2: two independent (blind) reviews do.
ALTER TABLE articles ADD COLUMN reviews_required INTEGER NOT NULL DEFAULT 1
    CHECK (reviews_required IN (1, 2));

CREATE TABLE claims_new (
    id                INTEGER PRIMARY KEY,
    article_id        INTEGER NOT NULL REFERENCES articles (id),
    position          INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('sentence', 'list_item')),
    text              TEXT NOT NULL,
    start_offset      INTEGER NOT NULL,
    end_offset        INTEGER NOT NULL,
    status            TEXT NOT NULL DEFAULT 'unreviewed'
                      CHECK (status IN ('unreviewed', 'sourced', 'unsourced', 'contradicted',
                                        'dismissed')),
    version           INTEGER NOT NULL DEFAULT 1,
    updated_at        TEXT NOT NULL,
    checkworthiness   REAL,
    reading           TEXT,
    speaker           TEXT,
    speaker_start     INTEGER,
    speaker_end       INTEGER,
    summary           TEXT,
    verdicts          INTEGER NOT NULL DEFAULT 0,
    changed_in        INTEGER,
    removed_in        INTEGER,
    derived_from      TEXT,
    -- Where the claim stands in its review; a claim with verdicts is settled.
    review_state      TEXT NOT NULL DEFAULT 'open'
                      CHECK (review_state IN ('open', 'awaiting_second', 'disputed', 'settled')),
    -- Blind reviews submitted in the current round (a single-review verdict counts as one).
    reviews_submitted INTEGER NOT NULL DEFAULT 0,
    -- Reopening a claim starts a new round of reviews; earlier rounds stay for agreement.
    review_round      INTEGER NOT NULL DEFAULT 1
);

INSERT INTO claims_new (id, article_id, position, kind, text, start_offset, end_offset, status,
                        version, updated_at, checkworthiness, reading, speaker, speaker_start,
                        speaker_end, summary, verdicts, changed_in, removed_in, derived_from,
                        review_state, reviews_submitted)
SELECT id, article_id, position, kind, text, start_offset, end_offset, status, version,
       updated_at, checkworthiness, reading, speaker, speaker_start, speaker_end, summary,
       verdicts, changed_in, removed_in, derived_from,
       CASE WHEN verdicts > 0 THEN 'settled' ELSE 'open' END,
       CASE WHEN verdicts > 0 THEN 1 ELSE 0 END
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
CREATE INDEX claims_review_state ON claims (review_state) WHERE review_state = 'disputed';

CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO claims_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims
BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER claims_fts_update AFTER UPDATE OF text ON claims
BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO claims_fts (rowid, text) VALUES (new.id, new.text);
END;

-- A change of review moves the article's revision too: pages show it.
CREATE TRIGGER claims_article_revision
AFTER UPDATE OF status, version, review_state, reviews_submitted ON claims
BEGIN
    UPDATE articles SET revision = revision + 1 WHERE id = new.article_id;
END;

-- The history that never forgets now also records dismissals and reopenings.
CREATE TABLE annotations_new (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    version     INTEGER NOT NULL,
    status      TEXT NOT NULL
                CHECK (status IN ('sourced', 'unsourced', 'contradicted', 'dismissed',
                                  'unreviewed')),
    sources     TEXT NOT NULL DEFAULT '[]',
    note        TEXT,
    reviewer_id INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    revision    INTEGER,
    UNIQUE (claim_id, version)
);
INSERT INTO annotations_new (id, claim_id, version, status, sources, note, reviewer_id,
                             created_at, revision)
SELECT id, claim_id, version, status, sources, note, reviewer_id, created_at, revision
FROM annotations;
DROP TABLE annotations;
ALTER TABLE annotations_new RENAME TO annotations;
CREATE TRIGGER annotations_no_update BEFORE UPDATE ON annotations
BEGIN
    SELECT RAISE(ABORT, 'annotations are append-only');
END;
CREATE TRIGGER annotations_no_delete BEFORE DELETE ON annotations
BEGIN
    SELECT RAISE(ABORT, 'annotations are append-only');
END;

-- Blind reviews, kept apart from the claim's verdict history until they decide it (only their
-- author and editors see one before the second is in). Never updated, never deleted.
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    round       INTEGER NOT NULL,
    reviewer_id INTEGER NOT NULL REFERENCES users (id),
    status      TEXT NOT NULL
                CHECK (status IN ('sourced', 'unsourced', 'contradicted', 'dismissed')),
    sources     TEXT NOT NULL DEFAULT '[]',
    note        TEXT,
    created_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    UNIQUE (claim_id, round, reviewer_id)
);
CREATE INDEX reviews_reviewer ON reviews (reviewer_id);
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
BEGIN
    SELECT RAISE(ABORT, 'reviews are append-only');
END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
BEGIN
    SELECT RAISE(ABORT, 'reviews are append-only');
END;

CREATE TABLE assignments (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    reviewer_id INTEGER NOT NULL REFERENCES users (id),
    assigned_by INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    UNIQUE (claim_id, reviewer_id)
);
CREATE INDEX assignments_reviewer ON assignments (reviewer_id, id);

-- A removed comment keeps its row (a tombstone in the thread) without its body.
CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claims (id),
    parent_id  INTEGER REFERENCES comments (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    body       TEXT,
    created_at TEXT NOT NULL,
    removed_at TEXT,
    removed_by INTEGER REFERENCES users (id)
);
CREATE INDEX comments_claim ON comments (claim_id, id);

CREATE TABLE mentions (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    comment_id INTEGER NOT NULL REFERENCES comments (id),
    PRIMARY KEY (user_id, comment_id)
);

COMMIT;

PRAGMA foreign_keys = ON;
