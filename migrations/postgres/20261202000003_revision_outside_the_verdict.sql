-- A verdict no longer bumps its article's revision inside its own transaction: that held the
-- article's row lock (and, through the notification, PostgreSQL's global notify lock) until
-- the verdict's commit reached the disk, so verdicts on one article - from every instance -
-- queued one fsync at a time. The storage bumps the revision right after the verdict commits,
-- in a transaction of its own that need not wait for the disk (a revision is a cache stamp,
-- not data), and that bump's notification tells the other instances.
DROP TRIGGER claims_article_revision ON claims;
DROP FUNCTION claims_article_revision();
DROP TRIGGER claims_changed ON claims;
DROP TRIGGER annotations_changed ON annotations;
-- Claims are still inserted by imports, which change articles too (and notify through them).
