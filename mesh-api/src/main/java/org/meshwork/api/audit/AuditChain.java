package org.meshwork.api.audit;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The hash chain of the audit log, one definition for every store: the canonical form of an entry, its hash, and the
 * walk that checks a chain entry by entry. The canonical form is JSON with a fixed key order, the details sorted by
 * key, strings escaped the same way always, so the same entry hashes the same in every database and every version.
 */
public final class AuditChain {
    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    /**
     * {@code {"seq":…,"at":…,"actor":…,"action":…,"product":…,"outcome":…,"details":{…},"client":…,"auth":…}}; the
     * {@code auth} key is left out when the event has no authentication method, so entries written before it existed
     * hash as they did.
     */
    public static String canonical(long sequence, AuditEvent event) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"seq\":").append(sequence);
        out.append(",\"at\":");
        string(out, event.at().toString());
        out.append(",\"actor\":");
        string(out, event.actor().value());
        out.append(",\"action\":");
        string(out, event.action());
        out.append(",\"product\":");
        optional(out, event.product().map(Object::toString));
        out.append(",\"outcome\":");
        string(out, event.outcome());
        out.append(",\"details\":{");
        boolean first = true;
        for (Map.Entry<String, String> detail : new TreeMap<>(event.details()).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, detail.getKey());
            out.append(':');
            string(out, detail.getValue());
        }
        out.append("},\"client\":");
        optional(out, event.clientAddress());
        if (event.authenticatedBy().isPresent()) {
            out.append(",\"auth\":");
            string(out, event.authenticatedBy().get());
        }
        return out.append('}').toString();
    }

    /** Hex SHA-256 of the previous hash followed by the canonical form. */
    public static String hash(String previousHash, long sequence, AuditEvent event) {
        requireNonNull(previousHash, "previousHash is null");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            digest.update(canonical(sequence, event).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The entry that follows {@code previousHash} at {@code sequence}. */
    public static AuditEntry link(long sequence, String previousHash, AuditEvent event) {
        return new AuditEntry(sequence, event, previousHash, hash(previousHash, sequence, event));
    }

    private static void optional(StringBuilder out, Optional<String> value) {
        if (value.isPresent()) {
            string(out, value.get());
        } else {
            out.append("null");
        }
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Checks a chain entry by entry, in stored order: each entry's hash must match its content, its previous hash the
     * entry before it, and its sequence must follow on without a gap; at the end the chain must reach the recorded
     * head. The first problem is kept.
     */
    public static final class Walker {
        private long entries;
        private long lastSequence;
        private String lastHash = GENESIS;
        private Optional<Long> firstBad = Optional.empty();
        private Optional<String> problem = Optional.empty();

        /** Checks the next entry; returns false once a problem was found (the walk can stop). */
        public boolean accept(AuditEntry entry) {
            if (firstBad.isPresent()) {
                return false;
            }
            long expected = lastSequence + 1;
            if (entry.sequence() != expected) {
                return fail(expected, entry.sequence() > expected
                        ? "entry " + expected + " is missing (removed): the next stored entry is " + entry.sequence()
                        : "entry " + entry.sequence() + " is out of order after entry " + lastSequence);
            }
            if (!hash(entry.previousHash(), entry.sequence(), entry.event()).equals(entry.hash())) {
                return fail(entry.sequence(), "entry " + entry.sequence()
                        + " was changed: its content does not match its hash");
            }
            if (!entry.previousHash().equals(lastHash)) {
                return fail(entry.sequence(), "entry " + entry.sequence() + " does not follow entry " + lastSequence
                        + ": its previous hash is not that entry's hash (an entry was removed, inserted or reordered)");
            }
            entries++;
            lastSequence = entry.sequence();
            lastHash = entry.hash();
            return true;
        }

        /** Ends the walk against the head the store recorded with its last append. */
        public AuditVerification finish(long headSequence, String headHash) {
            if (firstBad.isEmpty()) {
                if (lastSequence < headSequence) {
                    fail(lastSequence + 1, "entry " + (lastSequence + 1) + " is missing (removed): the chain head records "
                            + headSequence + " entries but the log ends at " + lastSequence);
                } else if (lastSequence > headSequence) {
                    fail(headSequence + 1, "entry " + (headSequence + 1) + " was added outside the log: the chain head"
                            + " records " + headSequence + " entries");
                } else if (!lastHash.equals(headHash)) {
                    fail(lastSequence, "entry " + lastSequence + " does not match the hash the chain head recorded");
                }
            }
            return new AuditVerification(entries, lastHash, firstBad, problem);
        }

        private boolean fail(long sequence, String why) {
            firstBad = Optional.of(sequence);
            problem = Optional.of(why);
            return false;
        }
    }
}
