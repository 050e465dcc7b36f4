package org.meshwork.store.jdbc;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.Enforcement;
import org.meshwork.api.descriptor.PolicyStage;
import org.meshwork.api.policy.ComplianceRecord;
import org.meshwork.api.policy.PolicyComplianceStore;
import org.meshwork.api.policy.PolicyVerdict;

/**
 * {@link PolicyComplianceStore} in table {@code policy_compliance} (migration V5) of a {@link JdbcMetadataStore}'s
 * database, sharing its connections, transactions and retries. Upserts use {@code INSERT … ON CONFLICT … DO UPDATE},
 * which SQLite and PostgreSQL both accept.
 */
final class JdbcPolicyComplianceStore implements PolicyComplianceStore {
    private static final String COLUMNS =
            "product_id, policy_key, stage, enforcement, verdict, reason, evaluated_at, evaluated_in";

    private final JdbcMetadataStore store;

    JdbcPolicyComplianceStore(JdbcMetadataStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public void record(List<ComplianceRecord> records) {
        List<ComplianceRecord> copy = List.copyOf(records);
        if (copy.isEmpty()) {
            return;
        }
        store.inWriteTransaction("record policy compliance", handle -> {
            copy.forEach(record -> upsert(handle, record));
            return null;
        });
    }

    @Override
    public void replaceAll(List<ComplianceRecord> records) {
        List<ComplianceRecord> copy = List.copyOf(records);
        store.inWriteTransaction("replace policy compliance", handle -> {
            handle.createUpdate("DELETE FROM policy_compliance").execute();
            copy.forEach(record -> upsert(handle, record));
            return null;
        });
    }

    @Override
    public List<ComplianceRecord> all() {
        return store.withHandle("read policy compliance", handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM policy_compliance ORDER BY product_id, policy_key")
                .map((rows, context) -> read(rows))
                .list());
    }

    @Override
    public List<ComplianceRecord> of(ProductId product) {
        requireNonNull(product, "product is null");
        return store.withHandle("read policy compliance of " + product, handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM policy_compliance WHERE product_id = :product"
                        + " ORDER BY policy_key")
                .bind("product", product.toString())
                .map((rows, context) -> read(rows))
                .list());
    }

    private static void upsert(Handle handle, ComplianceRecord record) {
        handle.createUpdate("INSERT INTO policy_compliance (" + COLUMNS + ") VALUES (:product, :policy, :stage,"
                        + " :enforcement, :verdict, :reason, :at, :in) ON CONFLICT (product_id, policy_key) DO UPDATE SET"
                        + " stage = excluded.stage, enforcement = excluded.enforcement, verdict = excluded.verdict,"
                        + " reason = excluded.reason, evaluated_at = excluded.evaluated_at,"
                        + " evaluated_in = excluded.evaluated_in")
                .bind("product", record.product().toString())
                .bind("policy", record.policyKey())
                .bind("stage", record.stage().label())
                .bind("enforcement", record.enforcement().label())
                .bind("verdict", record.verdict().label())
                .bind("reason", record.reason())
                .bind("at", TimestampText.format(record.evaluatedAt()))
                .bind("in", record.evaluatedIn().label())
                .execute();
    }

    private static ComplianceRecord read(java.sql.ResultSet rows) throws java.sql.SQLException {
        return new ComplianceRecord(ProductId.parse(rows.getString("product_id")), rows.getString("policy_key"),
                label(PolicyStage.fromLabel(rows.getString("stage")), "stage"),
                label(Enforcement.fromLabel(rows.getString("enforcement")), "enforcement"),
                label(PolicyVerdict.fromLabel(rows.getString("verdict")), "verdict"),
                rows.getString("reason"), TimestampText.parse(rows.getString("evaluated_at")),
                label(PolicyStage.fromLabel(rows.getString("evaluated_in")), "evaluated_in"));
    }

    private static <T> T label(java.util.Optional<T> value, String column) {
        return value.orElseThrow(() -> new IllegalStateException("policy_compliance." + column + " holds an unknown label"));
    }
}
