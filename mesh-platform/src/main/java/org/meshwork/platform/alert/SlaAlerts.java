package org.meshwork.platform.alert;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.meshwork.api.alert.Alert;
import org.meshwork.api.alert.AlertKind;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.Ownership;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.sla.SlaTransition;

/**
 * Turns an SLA transition into an alert — {@code sla_breached} when an objective stops being met,
 * {@code sla_recovered} when it is met again — routed to the product's communication channel like run alerts.
 */
public final class SlaAlerts implements Consumer<SlaTransition> {
    /** Detail: the objective that changed, e.g. {@code freshness}. */
    public static final String OBJECTIVE = "objective";

    private final AlertPublisher publisher;
    private final ProductRepository products;

    public SlaAlerts(AlertPublisher publisher, ProductRepository products) {
        this.publisher = requireNonNull(publisher, "publisher is null");
        this.products = requireNonNull(products, "products is null");
    }

    @Override
    public void accept(SlaTransition transition) {
        boolean breached = transition.change() == SlaTransition.Change.BREACHED;
        String objective = transition.objective().label();
        Map<String, String> details = new LinkedHashMap<>();
        details.put(OBJECTIVE, objective);
        Ownership ownership = products.find(transition.productId())
                .flatMap(product -> product.definition().product()).map(DataProductDescriptor::ownership)
                .orElse(Ownership.none());
        publisher.publish(new Alert(breached ? AlertKind.SLA_BREACHED : AlertKind.SLA_RECOVERED, transition.productId(),
                transition.at(), transition.productId() + ": SLA " + objective + (breached ? " breached" : " met again"),
                transition.reason(), details, ownership.communicationChannel(), ownership.onCallRotation()));
    }
}
