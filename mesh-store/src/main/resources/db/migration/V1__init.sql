-- Meshwork metadata store, first schema. Kept to SQL that SQLite and PostgreSQL both accept.
-- Times are ISO-8601 UTC text with nine fraction digits (2026-03-01T10:15:30.123000000Z): lossless, and their text
-- order is their time order.

-- One row per resource: the pointer to its current version. Commits move it with a compare-and-set.
CREATE TABLE resources (
    kind            VARCHAR(32)  NOT NULL,
    name            VARCHAR(200) NOT NULL,
    current_version BIGINT       NOT NULL CHECK (current_version >= 1),
    PRIMARY KEY (kind, name)
);

-- Every committed version of every resource; versions count from 1 without gaps.
CREATE TABLE resource_versions (
    kind         VARCHAR(32)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    version      BIGINT       NOT NULL CHECK (version >= 1),
    domain       VARCHAR(63),
    document     TEXT         NOT NULL,
    content_hash VARCHAR(128) NOT NULL,
    applied_by   VARCHAR(128) NOT NULL,
    applied_at   VARCHAR(40)  NOT NULL,
    PRIMARY KEY (kind, name, version),
    FOREIGN KEY (kind, name) REFERENCES resources (kind, name)
);

CREATE INDEX resource_versions_by_domain ON resource_versions (kind, domain);

-- One row per pipeline run, replaced as the run progresses.
CREATE TABLE runs (
    run_id             VARCHAR(200) NOT NULL PRIMARY KEY,
    product_id         VARCHAR(200) NOT NULL,
    descriptor_version BIGINT       NOT NULL,
    trigger_kind       VARCHAR(16)  NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    started_at         VARCHAR(40)  NOT NULL,
    ended_at           VARCHAR(40),
    rows_read          BIGINT       NOT NULL,
    rows_written       BIGINT       NOT NULL,
    rows_quarantined   BIGINT       NOT NULL,
    bytes_written      BIGINT       NOT NULL,
    table_version      BIGINT,
    error              TEXT
);

CREATE INDEX runs_by_product ON runs (product_id, started_at);
