package org.meshwork.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.audit.AuditChain;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.audit.AuditTrail;
import org.meshwork.api.audit.AuditVerification;
import org.meshwork.store.MetadataStoreException;

/**
 * The audit log of a {@link JdbcMetadataStore}: table {@code audit_log}, a hash chain ({@link AuditChain}), and
 * {@code audit_head}, the one row that records the last sequence and hash. An append reads the head with the store's
 * row lock inside a write transaction (SQLite: {@code BEGIN IMMEDIATE} excludes every other writer; PostgreSQL:
 * {@code SELECT … FOR UPDATE}), so appends from any number of processes form one chain without gaps or forks.
 */
final class JdbcAuditTrail implements AuditTrail {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> DETAILS = new TypeReference<>() {};
    private static final String COLUMNS =
            "sequence, at, actor, action, product_id, outcome, details_json, client_address, authenticated_by, prev_hash,"
                    + " hash";
    private static final int VERIFY_PAGE = 5_000;

    private final JdbcMetadataStore store;

    JdbcAuditTrail(JdbcMetadataStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public AuditEntry record(AuditEvent event) {
        requireNonNull(event, "event is null");
        return recordAll(List.of(event)).get(0);
    }

    /** The events in one write transaction: the head is read (and locked) once and moved once, past all of them. */
    @Override
    public List<AuditEntry> recordAll(List<AuditEvent> events) {
        requireNonNull(events, "events is null");
        events.forEach(event -> requireNonNull(event, "an event is null"));
        if (events.isEmpty()) {
            return List.of();
        }
        return store.inWriteTransaction(events.size() == 1 ? "append to the audit log"
                : "append " + events.size() + " entries to the audit log", handle -> {
            Map<String, Object> head = handle.createQuery("SELECT last_sequence, last_hash FROM audit_head WHERE id = 1"
                            + store.rowLockClause())
                    .mapToMap()
                    .one();
            long sequence = ((Number) head.get("last_sequence")).longValue();
            String previous = (String) head.get("last_hash");
            List<AuditEntry> entries = new ArrayList<>(events.size());
            PreparedBatch insert = handle.prepareBatch("INSERT INTO audit_log (" + COLUMNS + ") VALUES (:sequence, :at,"
                    + " :actor, :action, :product, :outcome, :details, :client, :auth, :prev, :hash)");
            for (AuditEvent event : events) {
                sequence++;
                AuditEntry entry = AuditChain.link(sequence, previous, event);
                insert.bind("sequence", sequence)
                        .bind("at", TimestampText.format(event.at()))
                        .bind("actor", event.actor().value())
                        .bind("action", event.action())
                        .bind("product", event.product().map(ProductId::toString).orElse(null))
                        .bind("outcome", event.outcome())
                        .bind("details", details(event.details()))
                        .bind("client", event.clientAddress().orElse(null))
                        .bind("auth", event.authenticatedBy().orElse(null))
                        .bind("prev", entry.previousHash())
                        .bind("hash", entry.hash())
                        .add();
                entries.add(entry);
                previous = entry.hash();
            }
            insert.execute();
            handle.createUpdate("UPDATE audit_head SET last_sequence = :sequence, last_hash = :hash WHERE id = 1")
                    .bind("sequence", sequence)
                    .bind("hash", previous)
                    .execute();
            return List.copyOf(entries);
        });
    }

    @Override
    public List<AuditEntry> query(AuditQuery query) {
        requireNonNull(query, "query is null");
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE sequence > :after");
        query.product().ifPresent(product -> sql.append(" AND product_id = :product"));
        query.actor().ifPresent(actor -> sql.append(" AND actor = :actor"));
        query.action().ifPresent(action -> sql.append(" AND action = :action"));
        query.since().ifPresent(since -> sql.append(" AND at >= :since"));
        sql.append(" ORDER BY sequence LIMIT :limit");
        return store.withHandle("query the audit log", handle -> {
            Query statement = handle.createQuery(sql.toString())
                    .bind("after", query.afterSequence())
                    .bind("limit", query.limit());
            query.product().ifPresent(product -> statement.bind("product", product.toString()));
            query.actor().ifPresent(actor -> statement.bind("actor", actor.value()));
            query.action().ifPresent(action -> statement.bind("action", action));
            query.since().ifPresent(since -> statement.bind("since", TimestampText.format(since)));
            return statement.map((row, context) -> entry(row)).list();
        });
    }

    /**
     * Reads the head first, then the chain page by page in sequence order; entries appended after the head was read
     * are ignored, so a verify running beside writers checks a consistent prefix.
     */
    @Override
    public AuditVerification verify() {
        return store.withHandle("verify the audit log", handle -> {
            Map<String, Object> head = handle.createQuery("SELECT last_sequence, last_hash FROM audit_head WHERE id = 1")
                    .mapToMap()
                    .one();
            long headSequence = ((Number) head.get("last_sequence")).longValue();
            AuditChain.Walker walker = new AuditChain.Walker();
            long after = Long.MIN_VALUE;
            boolean going = true;
            while (going) {
                List<AuditEntry> page = handle.createQuery("SELECT " + COLUMNS + " FROM audit_log"
                                + " WHERE sequence > :after AND sequence <= :head ORDER BY sequence LIMIT :limit")
                        .bind("after", after)
                        .bind("head", headSequence)
                        .bind("limit", VERIFY_PAGE)
                        .map((row, context) -> entry(row))
                        .list();
                for (AuditEntry entry : page) {
                    if (!walker.accept(entry)) {
                        going = false;
                        break;
                    }
                    after = entry.sequence();
                }
                if (page.size() < VERIFY_PAGE) {
                    going = false;
                }
            }
            // rows past the head are not covered by it: an insert outside the log shows here
            long beyond = handle.createQuery("SELECT COUNT(*) FROM audit_log WHERE sequence > :head")
                    .bind("head", headSequence)
                    .mapTo(Long.class)
                    .one();
            AuditVerification result = walker.finish(headSequence, (String) head.get("last_hash"));
            if (result.intact() && beyond > 0 && !headMovedSince(handle, headSequence)) {
                return new AuditVerification(result.entries(), result.headHash(), Optional.of(headSequence + 1),
                        Optional.of("entry " + (headSequence + 1) + " was added outside the log: the chain head records "
                                + headSequence + " entries"));
            }
            return result;
        });
    }

    private static boolean headMovedSince(org.jdbi.v3.core.Handle handle, long headSequence) {
        return handle.createQuery("SELECT last_sequence FROM audit_head WHERE id = 1")
                .mapTo(Long.class)
                .one() != headSequence;
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        String product = row.getString("product_id");
        AuditEvent event = new AuditEvent(
                TimestampText.parse(row.getString("at")),
                UserName.of(row.getString("actor")),
                row.getString("action"),
                product == null ? Optional.empty() : Optional.of(ProductId.parse(product)),
                row.getString("outcome"),
                details(row.getString("details_json")),
                Optional.ofNullable(row.getString("client_address")),
                Optional.ofNullable(row.getString("authenticated_by")));
        return new AuditEntry(row.getLong("sequence"), event, row.getString("prev_hash"), row.getString("hash"));
    }

    private static Map<String, String> details(String json) throws SQLException {
        try {
            return JSON.readValue(json, DETAILS);
        } catch (JsonProcessingException e) {
            throw new SQLException("the details of an audit entry are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String details(Map<String, String> details) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(details));
        } catch (JsonProcessingException e) {
            throw new MetadataStoreException("cannot serialise audit details: " + e.getMessage(), e);
        }
    }
}
