package org.meshwork.server.ui;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.ControlAction;
import org.meshwork.api.access.Principal;
import org.meshwork.api.audit.AuditEvent;

/** Test access requests, kept in memory; decisions are checked with the access controller and audited. */
final class InMemoryAccessRequests implements AccessRequests {
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Clock clock;
    private final InMemoryAuditTrail audit;
    private TestAccessController controller;

    InMemoryAccessRequests(Clock clock, InMemoryAuditTrail audit) {
        this.clock = clock;
        this.audit = audit;
    }

    void controller(TestAccessController controller) {
        this.controller = controller;
    }

    @Override
    public synchronized Request request(Principal requester, ProductId product, String purpose) {
        InvalidArgumentException.check(!purpose.isBlank(), "purpose must not be blank");
        Request request = new Request("r" + ids.incrementAndGet(), product, requester.name(), purpose, Status.PENDING,
                clock.instant(), Optional.empty(), Optional.empty());
        requests.add(request);
        audit.append(new AuditEvent(clock.instant(), requester.name(), ControlAction.REQUEST_ACCESS.label(),
                Optional.of(product), "ok", java.util.Map.of("purpose", purpose), Optional.empty()));
        return request;
    }

    @Override
    public synchronized List<Request> forProduct(ProductId product, boolean pendingOnly, Paging paging) {
        return requests.stream().filter(r -> r.product().equals(product))
                .filter(r -> !pendingOnly || r.status() == Status.PENDING)
                .sorted(Comparator.comparing(Request::requestedAt).reversed())
                .skip(paging.offset()).limit(paging.limit()).toList();
    }

    @Override
    public synchronized List<Request> byRequester(UserName requester, ProductId product, Paging paging) {
        return requests.stream().filter(r -> r.product().equals(product) && r.requester().equals(requester))
                .sorted(Comparator.comparing(Request::requestedAt).reversed())
                .skip(paging.offset()).limit(paging.limit()).toList();
    }

    @Override
    public synchronized Request decide(Principal decider, String requestId, Decision decision, Optional<String> reason) {
        int index = -1;
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).id().equals(requestId) && requests.get(i).status() == Status.PENDING) {
                index = i;
            }
        }
        InvalidArgumentException.check(index >= 0, "no pending access request '%s'", requestId);
        Request pending = requests.get(index);
        ControlAction action = decision == Decision.APPROVE ? ControlAction.APPROVE : ControlAction.DENY;
        controller.authorizeControl(decider, action, pending.product());
        Request decided = new Request(pending.id(), pending.product(), pending.requester(), pending.purpose(),
                decision == Decision.APPROVE ? Status.APPROVED : Status.DENIED, pending.requestedAt(),
                Optional.of(decider.name()), reason);
        requests.set(index, decided);
        audit.append(new AuditEvent(clock.instant(), decider.name(), action.label(), Optional.of(pending.product()), "ok",
                java.util.Map.of("request", requestId, "requester", pending.requester().value()), Optional.empty()));
        return decided;
    }

    synchronized Optional<Request> approved(UserName requester, ProductId product) {
        return requests.stream().filter(r -> r.requester().equals(requester) && r.product().equals(product)
                && r.status() == Status.APPROVED).findFirst();
    }
}
