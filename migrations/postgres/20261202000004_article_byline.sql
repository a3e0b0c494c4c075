-- Who wrote an article and where it appeared, as the newsroom gave them or the imported page
-- said: ClaimReview names them in the claim's appearance.
ALTER TABLE articles ADD COLUMN author TEXT;
ALTER TABLE articles ADD COLUMN site_name TEXT;
