-- The desk as a team: the SQLite migration of the same name explains each table and column.

ALTER TABLE claims DROP CONSTRAINT claims_status_check;
ALTER TABLE claims ADD CONSTRAINT claims_status_check
    CHECK (status IN ('unreviewed', 'sourced', 'unsourced', 'contradicted', 'dismissed'));
ALTER TABLE annotations DROP CONSTRAINT annotations_status_check;
ALTER TABLE annotations ADD CONSTRAINT annotations_status_check
    CHECK (status IN ('sourced', 'unsourced', 'contradicted', 'dismissed', 'unreviewed'));

ALTER TABLE articles ADD COLUMN reviews_required BIGINT NOT NULL DEFAULT 1
    CHECK (reviews_required IN (1, 2));

ALTER TABLE claims ADD COLUMN review_state TEXT NOT NULL DEFAULT 'open'
    CHECK (review_state IN ('open', 'awaiting_second', 'disputed', 'settled'));
ALTER TABLE claims ADD COLUMN reviews_submitted BIGINT NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN review_round BIGINT NOT NULL DEFAULT 1;
UPDATE claims SET review_state = 'settled', reviews_submitted = 1 WHERE verdicts > 0;
CREATE INDEX claims_review_state ON claims (review_state) WHERE review_state = 'disputed';

CREATE TABLE reviews (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id    BIGINT NOT NULL REFERENCES claims (id),
    round       BIGINT NOT NULL,
    reviewer_id BIGINT NOT NULL REFERENCES users (id),
    status      TEXT NOT NULL
                CHECK (status IN ('sourced', 'unsourced', 'contradicted', 'dismissed')),
    sources     JSONB NOT NULL DEFAULT '[]',
    note        TEXT,
    created_at  TEXT NOT NULL,
    revision    BIGINT NOT NULL,
    UNIQUE (claim_id, round, reviewer_id)
);
CREATE INDEX reviews_reviewer ON reviews (reviewer_id);
CREATE FUNCTION reviews_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'reviews are append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER reviews_no_update BEFORE UPDATE OR DELETE ON reviews
    FOR EACH ROW EXECUTE FUNCTION reviews_append_only();
CREATE TRIGGER reviews_no_truncate BEFORE TRUNCATE ON reviews
    FOR EACH STATEMENT EXECUTE FUNCTION reviews_append_only();

CREATE TABLE assignments (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id    BIGINT NOT NULL REFERENCES claims (id),
    reviewer_id BIGINT NOT NULL REFERENCES users (id),
    assigned_by BIGINT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    UNIQUE (claim_id, reviewer_id)
);
CREATE INDEX assignments_reviewer ON assignments (reviewer_id, id);

CREATE TABLE comments (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id   BIGINT NOT NULL REFERENCES claims (id),
    parent_id  BIGINT REFERENCES comments (id),
    author_id  BIGINT NOT NULL REFERENCES users (id),
    body       TEXT,
    created_at TEXT NOT NULL,
    removed_at TEXT,
    removed_by BIGINT REFERENCES users (id)
);
CREATE INDEX comments_claim ON comments (claim_id, id);

CREATE TABLE mentions (
    user_id    BIGINT NOT NULL REFERENCES users (id),
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    PRIMARY KEY (user_id, comment_id)
);
