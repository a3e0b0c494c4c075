-- How many claims hold each word, so near-duplicate lookups can search by a claim's rarest
-- words instead of ranking every claim that shares a common one.
CREATE VIRTUAL TABLE claims_fts_vocab USING fts5vocab(claims_fts, 'row');
