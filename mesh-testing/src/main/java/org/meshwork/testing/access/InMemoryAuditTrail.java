package org.meshwork.testing.access;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.meshwork.api.audit.AuditChain;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.audit.AuditTrail;
import org.meshwork.api.audit.AuditVerification;

/** An {@link AuditTrail} in memory, chained with {@link AuditChain} like the stored one, for unit tests. */
public final class InMemoryAuditTrail implements AuditTrail {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized AuditEntry record(AuditEvent event) {
        requireNonNull(event, "event is null");
        String previous = entries.isEmpty() ? AuditChain.GENESIS : entries.get(entries.size() - 1).hash();
        AuditEntry entry = AuditChain.link(entries.size() + 1, previous, event);
        entries.add(entry);
        return entry;
    }

    /** All at once, like a store's single transaction: no other append lands between them. */
    @Override
    public synchronized List<AuditEntry> recordAll(List<AuditEvent> events) {
        return events.stream().map(this::record).toList();
    }

    @Override
    public synchronized List<AuditEntry> query(AuditQuery query) {
        return entries.stream()
                .filter(entry -> entry.sequence() > query.afterSequence())
                .filter(entry -> query.product().map(p -> entry.event().product().map(p::equals).orElse(false)).orElse(true))
                .filter(entry -> query.actor().map(entry.event().actor()::equals).orElse(true))
                .filter(entry -> query.action().map(entry.event().action()::equals).orElse(true))
                .filter(entry -> query.since().map(since -> !entry.event().at().isBefore(since)).orElse(true))
                .limit(query.limit())
                .toList();
    }

    @Override
    public synchronized AuditVerification verify() {
        AuditChain.Walker walker = new AuditChain.Walker();
        for (AuditEntry entry : entries) {
            if (!walker.accept(entry)) {
                break;
            }
        }
        return walker.finish(entries.size(), entries.isEmpty() ? AuditChain.GENESIS : entries.get(entries.size() - 1).hash());
    }

    /** Every entry, in order. */
    public synchronized List<AuditEntry> entries() {
        return List.copyOf(entries);
    }
}
