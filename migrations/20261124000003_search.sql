-- Full-text search over claims (FTS5, an external-content index over claims.text), so a
-- fact-checker sees at once that a claim was already reviewed in another article.
CREATE VIRTUAL TABLE claims_fts USING fts5(
    text,
    content = 'claims',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO claims_fts (rowid, text) SELECT id, text FROM claims;

CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO claims_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims
BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
