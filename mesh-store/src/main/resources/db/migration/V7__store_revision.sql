-- The store revision: one number raised in the same transaction as every change of resources (products, domains,
-- policies, glossary terms), grants, access requests and tokens. A process that reads it and finds it unchanged knows
-- none of those changed since, whichever process wrote, so it may reuse what it read then (the serving path's cache,
-- docs/serving.md). Audit, run, check, lineage, compliance and key writes do not raise it.
-- Raised by the store's SQL (JdbcMetadataStore), not by triggers: SQLite and PostgreSQL share these scripts and have
-- no trigger syntax in common. Kept to SQL that SQLite and PostgreSQL both accept, as V1 is.
CREATE TABLE store_revision (
    id       INTEGER NOT NULL PRIMARY KEY,
    revision BIGINT  NOT NULL
);

INSERT INTO store_revision (id, revision) VALUES (1, 0);
