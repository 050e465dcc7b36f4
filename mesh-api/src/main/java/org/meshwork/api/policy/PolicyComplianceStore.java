package org.meshwork.api.policy;

import java.util.List;
import org.meshwork.api.ProductId;

/**
 * Where each product's compliance status is kept: the latest verdict of every policy, written by the apply and run
 * gates and refreshed by the continuous evaluation, so a report or a dashboard reads it without evaluating anything.
 */
public interface PolicyComplianceStore {
    /** Stores the records, replacing the previous record of each (product, policy) pair; all or nothing. */
    void record(List<ComplianceRecord> records);

    /**
     * Replaces the whole status with {@code records}: pairs not among them (a deleted policy, a policy that no longer
     * applies) are dropped. All or nothing.
     */
    void replaceAll(List<ComplianceRecord> records);

    /** Every record, ordered by product and policy key. */
    List<ComplianceRecord> all();

    /** The records of one product, ordered by policy key. */
    List<ComplianceRecord> of(ProductId product);
}
