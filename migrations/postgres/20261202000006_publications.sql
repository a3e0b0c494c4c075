-- Publishing: an editor publishes an article's reviews to its public fact-check page. What is
-- public is what was reviewed when the editor published (a snapshot of each claim's verdict
-- version, speaker and summary): later verdicts stay internal until published again.
CREATE TABLE publications (
    article_id     BIGINT PRIMARY KEY REFERENCES articles (id),
    published_at   TEXT NOT NULL,
    published_by   BIGINT NOT NULL REFERENCES users (id),
    -- The newsroom's own page for the reviews, when it publishes them itself.
    public_url     TEXT,
    -- Whether the public page names the reviewers (it does not unless the editor chooses).
    show_reviewers BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE published_reviews (
    article_id    BIGINT NOT NULL REFERENCES publications (article_id),
    claim_id      BIGINT NOT NULL REFERENCES claims (id),
    -- The claim version whose verdict was published (its annotation is the review).
    version       BIGINT NOT NULL,
    speaker       TEXT,
    speaker_start BIGINT,
    speaker_end   BIGINT,
    summary       TEXT,
    PRIMARY KEY (article_id, claim_id)
);
