package org.meshwork.server.ui.live;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.meshwork.api.InvalidArgumentException;
import org.meshwork.api.ProductId;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.access.AccessRequestStatus;
import org.meshwork.api.access.Principal;
import org.meshwork.platform.access.AccessService;
import org.meshwork.server.ui.AccessRequests;
import org.meshwork.server.ui.Paging;

/**
 * The access tab over the access workflow ({@link AccessService}): a request files a real access request (audited,
 * auto-approved when a rule matches), an approval creates the grant the access controller honours, and every
 * permission check is the workflow's own — the UI decides nothing here.
 */
public final class LiveAccessRequests implements AccessRequests {
    private static final Comparator<AccessRequest> NEWEST_FIRST =
            Comparator.comparing(AccessRequest::requestedAt).reversed().thenComparing(AccessRequest::id);

    private final AccessService access;

    public LiveAccessRequests(AccessService access) {
        this.access = requireNonNull(access, "access is null");
    }

    @Override
    public Request request(Principal requester, ProductId product, String purpose) {
        InvalidArgumentException.check(!purpose.isBlank(), "say what you need the data for (field 'purpose')");
        return view(access.request(requester, product, Optional.of(purpose.strip()), List.of()));
    }

    @Override
    public List<Request> forProduct(Principal owner, ProductId product, boolean pendingOnly, Paging paging) {
        List<AccessRequest> found = new ArrayList<>(access.requests(owner, product, AccessRequestStatus.PENDING));
        if (!pendingOnly) {
            found.addAll(access.requests(owner, product, AccessRequestStatus.APPROVED));
            found.addAll(access.requests(owner, product, AccessRequestStatus.DENIED));
        }
        return page(found, paging);
    }

    @Override
    public List<Request> byRequester(Principal requester, ProductId product, Paging paging) {
        return page(access.myRequests(requester).stream().filter(r -> r.product().equals(product)).toList(), paging);
    }

    @Override
    public Request decide(Principal decider, String requestId, Decision decision, Optional<String> reason) {
        if (decision == Decision.APPROVE) {
            return view(access.approve(decider, requestId, reason));
        }
        String why = reason.filter(r -> !r.isBlank()).orElseThrow(() -> new InvalidArgumentException(
                "say why you deny the request (field 'reason'): the requester reads it"));
        return view(access.deny(decider, requestId, why));
    }

    private static List<Request> page(List<AccessRequest> requests, Paging paging) {
        return requests.stream().sorted(NEWEST_FIRST).skip(paging.offset()).limit(paging.limit())
                .map(LiveAccessRequests::view).toList();
    }

    private static Request view(AccessRequest request) {
        Status status;
        switch (request.status()) {
            case APPROVED:
                status = Status.APPROVED;
                break;
            case DENIED:
                status = Status.DENIED;
                break;
            default:
                status = Status.PENDING;
        }
        return new Request(request.id(), request.product(), request.requester(), request.purpose().orElse(""), status,
                request.requestedAt(), request.decidedBy(), request.reason());
    }
}
