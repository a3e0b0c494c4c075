-- The desk as a team (see src/domain/review.rs, assignment.rs, comment.rs): an article's
-- review policy, each claim's place in its review, blind reviews, assignments, comments and
-- mentions.

-- 1: one review settles a claim; 2: two independent (blind) reviews do.
ALTER TABLE articles ADD COLUMN reviews_required INTEGER NOT NULL DEFAULT 1
    CHECK (reviews_required IN (1, 2));

-- open, awaiting_second, disputed, settled; a claim with verdicts is settled.
ALTER TABLE claims ADD COLUMN review_state TEXT NOT NULL DEFAULT 'open'
    CHECK (review_state IN ('open', 'awaiting_second', 'disputed', 'settled'));
-- Blind reviews submitted in the current round (a single-review verdict counts as one).
ALTER TABLE claims ADD COLUMN reviews_submitted INTEGER NOT NULL DEFAULT 0;
-- Reopening a claim starts a new round of reviews; earlier rounds stay for agreement.
ALTER TABLE claims ADD COLUMN review_round INTEGER NOT NULL DEFAULT 1;
UPDATE claims SET review_state = 'settled', reviews_submitted = 1 WHERE verdicts > 0;
CREATE INDEX claims_review_state ON claims (review_state) WHERE review_state = 'disputed';

-- A change of review moves the article's revision too: pages show it.
DROP TRIGGER claims_article_revision;
CREATE TRIGGER claims_article_revision
AFTER UPDATE OF status, version, review_state, reviews_submitted ON claims
BEGIN
    UPDATE articles SET revision = revision + 1 WHERE id = new.article_id;
END;

-- Blind reviews, kept apart from the claim's verdict history until they decide it (only their
-- author and editors see one before the second is in). Never updated, never deleted.
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    round       INTEGER NOT NULL,
    reviewer_id INTEGER NOT NULL REFERENCES users (id),
    status      TEXT NOT NULL CHECK (status IN ('sourced', 'unsourced', 'contradicted')),
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
