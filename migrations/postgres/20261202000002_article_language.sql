-- An article's language (BCP 47), given at import or detected; it picks the sentence rules.
-- Articles imported before were read with English rules.
ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
