-- Policy compliance: the latest verdict of every policy for every product. Kept to SQL that SQLite and PostgreSQL
-- both accept, as V1 is.

-- One row per (product, policy): the apply gate, the run gate and the continuous evaluation each overwrite the row
-- of the policies they evaluated, so the table is always the current status. policy_key is the policy's name for a
-- global policy and domain/name for a domain policy. stage, enforcement and verdict are lower-case labels
-- (verdict: pass | fail | warn | info). evaluated_at is a time as in V1 (ISO-8601 UTC text, nine fraction digits).
CREATE TABLE policy_compliance (
    product_id   VARCHAR(200) NOT NULL,
    policy_key   VARCHAR(400) NOT NULL,
    stage        VARCHAR(16)  NOT NULL,
    enforcement  VARCHAR(16)  NOT NULL,
    verdict      VARCHAR(8)   NOT NULL,
    reason       TEXT         NOT NULL,
    evaluated_at VARCHAR(40)  NOT NULL,
    evaluated_in VARCHAR(16)  NOT NULL,
    PRIMARY KEY (product_id, policy_key)
);
