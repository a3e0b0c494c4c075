-- What claimdesk reads in each claim (src/analysis): how check-worthy it is and why, its types,
-- who made it; and what reviewers wrote of it: a corrected speaker, a short summary. Claims
-- imported before this are read at the next start (checkworthiness NULL until then).
ALTER TABLE claims ADD COLUMN checkworthiness DOUBLE PRECISION;
-- JSON {"reasons": [...], "claim_types": [...]}: shown, never filtered on.
ALTER TABLE claims ADD COLUMN reading TEXT;
ALTER TABLE claims ADD COLUMN speaker TEXT;
-- Code-point offsets of the speaker's words in the body; NULL for a speaker a reviewer named
-- who the article does not name.
ALTER TABLE claims ADD COLUMN speaker_start BIGINT;
ALTER TABLE claims ADD COLUMN speaker_end BIGINT;
ALTER TABLE claims ADD COLUMN summary TEXT;
-- Triage: an article's claims, most check-worthy first.
CREATE INDEX claims_article_checkworthiness ON claims (article_id, checkworthiness);
CREATE INDEX claims_checkworthiness ON claims (checkworthiness);

-- Every correction of a speaker or summary, kept: who changed what from what, and when.
CREATE TABLE claim_edits (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id    BIGINT NOT NULL REFERENCES claims (id),
    field       TEXT NOT NULL CHECK (field IN ('speaker', 'summary')),
    value       TEXT,
    previous    TEXT,
    editor_id   BIGINT NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX claim_edits_claim ON claim_edits (claim_id, id);
