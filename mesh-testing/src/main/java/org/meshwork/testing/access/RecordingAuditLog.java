package org.meshwork.testing.access;

import java.util.ArrayList;
import java.util.List;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditLog;

/** A hand-written {@link AuditLog} for tests that keeps every event in memory, in order. */
public final class RecordingAuditLog implements AuditLog {

    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public synchronized void append(AuditEvent event) {
        events.add(event);
    }

    public synchronized List<AuditEvent> events() {
        return List.copyOf(events);
    }

    public synchronized AuditEvent last() {
        if (events.isEmpty()) {
            throw new AssertionError("no audit event was appended");
        }
        return events.get(events.size() - 1);
    }
}
