-- Access control and the audit log. Kept to SQL that SQLite and PostgreSQL both accept, as V1 is.
-- Times are ISO-8601 UTC text as in V1. Lists (columns, row filters) are JSON text.

-- Bearer tokens: only a salted SHA-256 of each token's secret is kept, never the token.
CREATE TABLE access_tokens (
    token_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_name    VARCHAR(128) NOT NULL,
    description  TEXT,
    created_at   VARCHAR(40)  NOT NULL,
    created_by   VARCHAR(128) NOT NULL,
    expires_at   VARCHAR(40),
    revoked_at   VARCHAR(40),
    salt         VARCHAR(64)  NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL
);

CREATE INDEX access_tokens_by_user ON access_tokens (user_name, created_at);

-- Grants to read a product; revoking sets revoked_at, the row stays for the record.
CREATE TABLE access_grants (
    grant_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    product_id    VARCHAR(200) NOT NULL,
    grantee_kind  VARCHAR(8)   NOT NULL,
    grantee_name  VARCHAR(128) NOT NULL,
    columns_json  TEXT         NOT NULL,
    filter_json   TEXT         NOT NULL,
    purpose       TEXT,
    pii_clearance BOOLEAN      NOT NULL,
    granted_by    VARCHAR(128) NOT NULL,
    granted_at    VARCHAR(40)  NOT NULL,
    expires_at    VARCHAR(40),
    revoked_at    VARCHAR(40),
    request_id    VARCHAR(64)
);

CREATE INDEX access_grants_by_product ON access_grants (product_id, granted_at);

-- Self-serve access requests; a request is decided once (status moves from pending with a guarded update).
CREATE TABLE access_requests (
    request_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    product_id    VARCHAR(200) NOT NULL,
    requester     VARCHAR(128) NOT NULL,
    purpose       TEXT,
    columns_json  TEXT         NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    requested_at  VARCHAR(40)  NOT NULL,
    decided_by    VARCHAR(128),
    decided_at    VARCHAR(40),
    reason        TEXT,
    grant_id      VARCHAR(64)
);

CREATE INDEX access_requests_by_product ON access_requests (product_id, status, requested_at);
CREATE INDEX access_requests_by_requester ON access_requests (requester, requested_at);

-- The audit log: an append-only hash chain. hash = SHA-256(prev_hash || canonical JSON of the entry).
CREATE TABLE audit_log (
    sequence       BIGINT       NOT NULL PRIMARY KEY,
    at             VARCHAR(40)  NOT NULL,
    actor          VARCHAR(128) NOT NULL,
    action         VARCHAR(64)  NOT NULL,
    product_id     VARCHAR(200),
    outcome        VARCHAR(16)  NOT NULL,
    details_json   TEXT         NOT NULL,
    client_address VARCHAR(128),
    prev_hash      VARCHAR(64)  NOT NULL,
    hash           VARCHAR(64)  NOT NULL
);

CREATE INDEX audit_log_by_product ON audit_log (product_id, sequence);
CREATE INDEX audit_log_by_actor ON audit_log (actor, sequence);

-- The head of the chain, one row: appends lock it (PostgreSQL: FOR UPDATE; SQLite: the write transaction), so
-- appends from several processes are serialised, and verify can tell a removed last entry.
CREATE TABLE audit_head (
    id            INTEGER      NOT NULL PRIMARY KEY CHECK (id = 1),
    last_sequence BIGINT       NOT NULL,
    last_hash     VARCHAR(64)  NOT NULL
);

INSERT INTO audit_head (id, last_sequence, last_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
