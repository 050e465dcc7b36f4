-- Results of the quality checks of pipeline runs. Kept to SQL that SQLite and PostgreSQL both accept, as V1 is.

-- One row per check result; a run's results are written in one transaction, once, at positions 0, 1, 2, ...
-- product_id is the run's product when the results were recorded, copied so that history needs no join.
-- evaluated_at is a time as in V1 (ISO-8601 UTC text, nine fraction digits), the same for every result of a run.
-- failing_sample is a JSON array of objects (column name to text value or null), in column order; [] when none.
CREATE TABLE check_results (
    run_id         VARCHAR(200) NOT NULL,
    position       INTEGER      NOT NULL CHECK (position >= 0),
    product_id     VARCHAR(200) NOT NULL,
    evaluated_at   VARCHAR(40)  NOT NULL,
    name           TEXT         NOT NULL,
    kind           TEXT         NOT NULL,
    severity       VARCHAR(16)  NOT NULL,
    measured       DOUBLE PRECISION,
    expectation    TEXT         NOT NULL,
    passed         BOOLEAN      NOT NULL,
    message        TEXT         NOT NULL,
    failing_rows   BIGINT,
    failing_sample TEXT         NOT NULL,
    PRIMARY KEY (run_id, position),
    FOREIGN KEY (run_id) REFERENCES runs (run_id)
);

-- checkHistory: the newest runs of a product that recorded results, found through their first result.
CREATE INDEX check_results_by_product ON check_results (product_id, evaluated_at, run_id);
