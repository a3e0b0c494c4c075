-- Counts changes to accounts and API tokens, so that a running server notices one made by
-- another process (`claimdesk token revoke`, `claimdesk user ...`) within its change notice
-- and stops trusting the accounts and tokens it keeps in memory. Another process's commit is
-- seen through `PRAGMA data_version`; this counter says whether it touched accounts.
CREATE TABLE accounts_changes (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO accounts_changes (id, value) VALUES (1, 0);

CREATE TRIGGER users_changed_update AFTER UPDATE ON users
BEGIN
    UPDATE accounts_changes SET value = value + 1;
END;
CREATE TRIGGER users_changed_delete AFTER DELETE ON users
BEGIN
    UPDATE accounts_changes SET value = value + 1;
END;
CREATE TRIGGER api_tokens_changed_update AFTER UPDATE ON api_tokens
BEGIN
    UPDATE accounts_changes SET value = value + 1;
END;
CREATE TRIGGER api_tokens_changed_delete AFTER DELETE ON api_tokens
BEGIN
    UPDATE accounts_changes SET value = value + 1;
END;
