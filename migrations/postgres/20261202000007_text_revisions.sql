-- Articles whose text is revised (see src/domain/revision.rs): every revision's text is kept,
-- and claims are carried across revisions instead of being made again. The SQLite migration
-- of the same name explains each column.

-- A removed claim keeps its row but no longer holds a position in the article.
ALTER TABLE claims DROP CONSTRAINT claims_article_id_position_key;
ALTER TABLE claims ADD COLUMN verdicts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN changed_in BIGINT;
ALTER TABLE claims ADD COLUMN removed_in BIGINT;
ALTER TABLE claims ADD COLUMN derived_from TEXT;
UPDATE claims SET verdicts = version - 1;
CREATE UNIQUE INDEX claims_article_position ON claims (article_id, position)
    WHERE removed_in IS NULL;
CREATE INDEX claims_article ON claims (article_id);
CREATE INDEX claims_changed ON claims (changed_in) WHERE changed_in IS NOT NULL;

ALTER TABLE annotations ADD COLUMN revision BIGINT;
ALTER TABLE articles ADD COLUMN text_revision BIGINT NOT NULL DEFAULT 1;

CREATE TABLE article_revisions (
    article_id  BIGINT NOT NULL REFERENCES articles (id),
    revision    BIGINT NOT NULL,
    body        TEXT,
    created_at  TEXT NOT NULL,
    created_by  BIGINT REFERENCES users (id),
    note        TEXT,
    carried     BIGINT NOT NULL,
    changed     BIGINT NOT NULL,
    added       BIGINT NOT NULL,
    removed     BIGINT NOT NULL,
    PRIMARY KEY (article_id, revision)
);

INSERT INTO article_revisions (article_id, revision, created_at, created_by, carried, changed,
                               added, removed)
SELECT a.id, 1, a.created_at, a.created_by, 0, 0,
       (SELECT COUNT(*) FROM claims c WHERE c.article_id = a.id), 0
FROM articles a;

CREATE TABLE revision_segments (
    article_id   BIGINT NOT NULL,
    revision     BIGINT NOT NULL,
    position     BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    start_offset BIGINT NOT NULL,
    end_offset   BIGINT NOT NULL,
    PRIMARY KEY (article_id, revision, position),
    FOREIGN KEY (article_id, revision) REFERENCES article_revisions (article_id, revision)
);

CREATE TABLE revision_claims (
    article_id   BIGINT NOT NULL,
    revision     BIGINT NOT NULL,
    position     BIGINT NOT NULL,
    claim_id     BIGINT NOT NULL REFERENCES claims (id),
    text         TEXT NOT NULL,
    start_offset BIGINT NOT NULL,
    end_offset   BIGINT NOT NULL,
    PRIMARY KEY (article_id, revision, position),
    FOREIGN KEY (article_id, revision) REFERENCES article_revisions (article_id, revision)
);
CREATE INDEX revision_claims_claim ON revision_claims (claim_id, revision);
