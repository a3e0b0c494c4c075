-- Revisions that say when a cached rendering of an article is still current.
--
-- An article's revision moves with every verdict on any of its claims (the trigger below runs
-- inside the verdict's own transaction), so a page or JSON rendering made at revision R is
-- reused for as long as the article is still at R.
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;

CREATE TRIGGER claims_article_revision AFTER UPDATE OF status, version ON claims
BEGIN
    UPDATE articles SET revision = revision + 1 WHERE id = new.article_id;
END;

-- Names this database's history. A restore replaces it, because a restored database may
-- reach the same revision numbers again with different content.
CREATE TABLE lineage (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO lineage (id, value) VALUES (1, random());
