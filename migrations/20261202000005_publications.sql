-- Publishing: an editor publishes an article's reviews to its public fact-check page. What is
-- public is what was reviewed when the editor published (a snapshot of each claim's verdict
-- version, speaker and summary): later verdicts stay internal until published again.
CREATE TABLE publications (
    article_id     INTEGER PRIMARY KEY REFERENCES articles (id),
    published_at   TEXT NOT NULL,
    published_by   INTEGER NOT NULL REFERENCES users (id),
    -- The newsroom's own page for the reviews, when it publishes them itself.
    public_url     TEXT,
    -- Whether the public page names the reviewers (it does not unless the editor chooses).
    show_reviewers INTEGER NOT NULL DEFAULT 0 CHECK (show_reviewers IN (0, 1))
);

CREATE TABLE published_reviews (
    article_id    INTEGER NOT NULL REFERENCES publications (article_id),
    claim_id      INTEGER NOT NULL REFERENCES claims (id),
    -- The claim version whose verdict was published (its annotation is the review).
    version       INTEGER NOT NULL,
    speaker       TEXT,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    summary       TEXT,
    PRIMARY KEY (article_id, claim_id)
);
