-- Encryption at rest: each encrypted product's data key, wrapped (encrypted) by the workspace's master key. The master
-- key itself is never stored here or in the lake; master_key_id is its fingerprint, so a wrong key is named as such.
-- Kept to SQL that SQLite and PostgreSQL both accept, as V1 is.

-- One row per (product, key version). wrapped_keyset is base64 text (portable: no BLOB/BYTEA difference). A master
-- key rotation re-wraps rows in place (wrapped_keyset, master_key_id, wrapped_at change; the data key does not, so no
-- data file is rewritten). Times are ISO-8601 UTC text with nine fraction digits, as in V1.
CREATE TABLE product_keys (
    product_id     VARCHAR(200) NOT NULL,
    key_version    INTEGER      NOT NULL,
    wrapped_keyset TEXT         NOT NULL,
    master_key_id  VARCHAR(100) NOT NULL,
    created_at     VARCHAR(40)  NOT NULL,
    wrapped_at     VARCHAR(40)  NOT NULL,
    PRIMARY KEY (product_id, key_version)
);
