package org.meshwork.server.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditLog;

/** Test audit log: events in memory, each chained to the previous by SHA-256 as the real log does on disk. */
final class InMemoryAuditTrail implements AuditTrail, AuditLog {
    private final List<AuditEvent> events = new ArrayList<>();
    private final List<String> hashes = new ArrayList<>();

    @Override
    public synchronized void append(AuditEvent event) {
        events.add(event);
        hashes.add(hash(hashes.isEmpty() ? "" : hashes.get(hashes.size() - 1), event));
    }

    @Override
    public synchronized Page search(Query query, Paging paging) {
        List<AuditEvent> matching = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            AuditEvent event = events.get(i);
            if (query.text().map(t -> event.toString().contains(t)).orElse(true)
                    && query.actor().map(a -> event.actor().value().equals(a)).orElse(true)
                    && query.product().map(p -> event.product().map(Object::toString).orElse("").equals(p)).orElse(true)
                    && query.action().map(a -> event.action().equals(a)).orElse(true)) {
                matching.add(event);
            }
        }
        List<AuditEvent> page = matching.stream().skip(paging.offset()).limit(paging.limit()).toList();
        return new Page(page, matching.size() > paging.offset() + paging.limit());
    }

    @Override
    public synchronized Verification verifyChain() {
        String previous = "";
        for (int i = 0; i < events.size(); i++) {
            String expected = hash(previous, events.get(i));
            if (!expected.equals(hashes.get(i))) {
                return new Verification(false, i + 1, "event " + (i + 1) + " does not match its hash");
            }
            previous = expected;
        }
        return new Verification(true, events.size(), "");
    }

    private static String hash(String previous, AuditEvent event) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previous.getBytes(StandardCharsets.UTF_8));
            digest.update(event.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
