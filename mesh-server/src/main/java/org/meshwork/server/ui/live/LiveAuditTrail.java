package org.meshwork.server.ui.live;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Principal;
import org.meshwork.api.audit.AuditEntry;
import org.meshwork.api.audit.AuditEvent;
import org.meshwork.api.audit.AuditQuery;
import org.meshwork.api.audit.AuditVerification;
import org.meshwork.platform.access.AccessService;
import org.meshwork.server.ui.AuditTrail;
import org.meshwork.server.ui.Paging;

/**
 * The audit page over the audit chain, through {@link AccessService#audit} and {@link AccessService#verifyAudit}
 * (which refuse, and record the refusal of, anyone but auditors and platform admins).
 *
 * <p>The chain is read in chain order with the exact filters (actor, product, action) applied by the store; free text
 * is matched here against the action, actor, product, outcome, details and client address. To show newest first, one
 * pass over the matching entries keeps only the last {@code offset + limit + 1} in memory, so memory stays bounded
 * however long the log is (the time of a page grows with the log: a store-side descending query would be the next
 * step for very large logs).
 */
public final class LiveAuditTrail implements AuditTrail {
    private static final int BATCH = 1_000;

    private final AccessService access;

    public LiveAuditTrail(AccessService access) {
        this.access = requireNonNull(access, "access is null");
    }

    @Override
    public Page search(Principal reader, Query query, Paging paging) {
        Optional<ProductId> product;
        Optional<UserName> actor;
        try {
            product = query.product().map(ProductId::parse);
            actor = query.actor().map(UserName::of);
        } catch (RuntimeException notAName) {
            access.audit(reader, AuditQuery.all(1)); // still checks (and records) that the reader may read the log
            return new Page(List.of(), false); // no event can name a malformed product or user
        }
        Optional<String> text = query.text().map(t -> t.toLowerCase(Locale.ROOT));
        int keep = paging.offset() + paging.limit() + 1;
        Deque<AuditEvent> newest = new ArrayDeque<>(keep);
        long after = 0;
        while (true) {
            List<AuditEntry> batch = access.audit(reader, new AuditQuery(product, actor, query.action(),
                    Optional.empty(), after, BATCH));
            for (AuditEntry entry : batch) {
                if (text.isEmpty() || matches(entry.event(), text.get())) {
                    if (newest.size() == keep) {
                        newest.removeFirst();
                    }
                    newest.addLast(entry.event());
                }
                after = entry.sequence();
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        List<AuditEvent> newestFirst = new ArrayList<>(newest);
        java.util.Collections.reverse(newestFirst);
        boolean more = newestFirst.size() > paging.offset() + paging.limit();
        List<AuditEvent> page = newestFirst.stream().skip(paging.offset()).limit(paging.limit()).toList();
        return new Page(page, more);
    }

    private static boolean matches(AuditEvent event, String text) {
        StringBuilder haystack = new StringBuilder().append(event.action()).append(' ').append(event.actor())
                .append(' ').append(event.outcome());
        event.product().ifPresent(p -> haystack.append(' ').append(p));
        event.clientAddress().ifPresent(a -> haystack.append(' ').append(a));
        event.details().forEach((k, v) -> haystack.append(' ').append(k).append('=').append(v));
        return haystack.toString().toLowerCase(Locale.ROOT).contains(text);
    }

    @Override
    public Verification verifyChain(Principal reader) {
        AuditVerification verification = access.verifyAudit(reader);
        String detail = verification.intact()
                ? "Head hash " + shortHash(verification.headHash()) + "."
                : "broken at event " + verification.firstBadSequence().orElse(0L) + ": "
                        + verification.problem().orElse("the hash does not match");
        return new Verification(verification.intact(), verification.entries(), detail);
    }

    private static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
