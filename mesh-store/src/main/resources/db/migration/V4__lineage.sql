-- Lineage of data products (the catalog's), per descriptor version and per run. Kept to SQL that SQLite and
-- PostgreSQL both accept, as V1 is.

-- run_id is '' for the lineage of a descriptor version, else the run's id. document is the catalog's JSON form of the
-- product's lineage (inputs as graph nodes, column lineage of the transform, notes). recorded_at is a time as in V1.
CREATE TABLE product_lineage (
    product_id         VARCHAR(200) NOT NULL,
    descriptor_version BIGINT       NOT NULL CHECK (descriptor_version >= 1),
    run_id             VARCHAR(200) NOT NULL,
    recorded_at        VARCHAR(40)  NOT NULL,
    document           TEXT         NOT NULL,
    PRIMARY KEY (product_id, descriptor_version, run_id)
);

CREATE INDEX product_lineage_by_run ON product_lineage (run_id);
