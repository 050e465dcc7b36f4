package org.meshwork.platform.access;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.meshwork.api.access.AccessRequest;
import org.meshwork.api.alert.Alert;
import org.meshwork.api.alert.AlertKind;
import org.meshwork.platform.alert.AlertPublisher;
import org.meshwork.platform.product.ProductRepository;

/**
 * Notifies through the alert pipeline ({@code mesh.yaml} {@code notifications}): a new request goes out as
 * {@code access_requested}, a decision as {@code access_decided}, each to the log, the global webhooks and the
 * product's communication channel, with the requester, request id, status and reason in the details so that a
 * receiver can route the decision to the requester. The requester also sees it in {@code mesh access list}.
 */
public final class AlertAccessListener implements org.meshwork.governance.access.AccessListener {
    public static final String REQUEST_ID = "request_id";
    public static final String REQUESTER = "requester";

    private final AlertPublisher alerts;
    private final ProductRepository products;

    public AlertAccessListener(AlertPublisher alerts, ProductRepository products) {
        this.alerts = requireNonNull(alerts, "alerts is null");
        this.products = requireNonNull(products, "products is null");
    }

    @Override
    public void requested(AccessRequest request) {
        publish(AlertKind.ACCESS_REQUESTED, request, request.product() + ": access requested by " + request.requester(),
                "User " + request.requester() + " asks to read " + request.product()
                        + request.purpose().map(purpose -> " for: " + purpose).orElse("")
                        + ". Decide with: mesh access approve " + request.id() + " | mesh access deny " + request.id()
                        + " --reason \"...\"");
    }

    @Override
    public void decided(AccessRequest request) {
        publish(AlertKind.ACCESS_DECIDED, request, request.product() + ": access request " + request.id() + " "
                        + request.status().label(),
                "The request of " + request.requester() + " to read " + request.product() + " was "
                        + request.status().label() + " by " + request.decidedBy().map(Object::toString).orElse("?")
                        + request.reason().map(reason -> ": " + reason).orElse(""));
    }

    private void publish(AlertKind kind, AccessRequest request, String title, String message) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(REQUEST_ID, request.id());
        details.put(REQUESTER, request.requester().value());
        details.put("status", request.status().label());
        request.purpose().ifPresent(purpose -> details.put("purpose", purpose));
        request.reason().ifPresent(reason -> details.put("reason", reason));
        request.grantId().ifPresent(grant -> details.put("grant", grant));
        Optional<String> channel = Optional.empty();
        Optional<String> onCall = Optional.empty();
        try {
            var product = products.find(request.product()).flatMap(found -> found.definition().product());
            channel = product.flatMap(p -> p.ownership().communicationChannel());
            onCall = product.flatMap(p -> p.ownership().onCallRotation());
        } catch (RuntimeException e) {
            // a notification never fails the action it reports; the alert goes out without the channel
        }
        alerts.publish(new Alert(kind, request.product(), request.decidedAt().orElse(request.requestedAt()), title,
                message, details, channel, onCall));
    }
}
