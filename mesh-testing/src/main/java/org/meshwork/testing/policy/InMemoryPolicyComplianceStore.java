package org.meshwork.testing.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meshwork.api.ProductId;
import org.meshwork.api.policy.ComplianceRecord;
import org.meshwork.api.policy.PolicyComplianceStore;

/** A hand-written {@link PolicyComplianceStore} fake for unit tests: the latest record per (product, policy). */
public final class InMemoryPolicyComplianceStore implements PolicyComplianceStore {
    private final Map<String, ComplianceRecord> records = new TreeMap<>();

    @Override
    public synchronized void record(List<ComplianceRecord> newRecords) {
        newRecords.forEach(record -> records.put(key(record), record));
    }

    @Override
    public synchronized void replaceAll(List<ComplianceRecord> newRecords) {
        records.clear();
        record(newRecords);
    }

    @Override
    public synchronized List<ComplianceRecord> all() {
        List<ComplianceRecord> all = new ArrayList<>(records.values());
        all.sort(Comparator.comparing((ComplianceRecord r) -> r.product().toString()).thenComparing(ComplianceRecord::policyKey));
        return all;
    }

    @Override
    public synchronized List<ComplianceRecord> of(ProductId product) {
        return all().stream().filter(record -> record.product().equals(product)).toList();
    }

    private static String key(ComplianceRecord record) {
        return record.product() + "\u0000" + record.policyKey();
    }
}
