package org.meshwork.platform.alert;

import org.meshwork.api.alert.Alert;

/**
 * Where the platform raises alerts (runs, the SLA monitor). {@link #publish} returns at once and never throws for a
 * delivery problem: delivery is the publisher's business, on its own threads.
 */
@FunctionalInterface
public interface AlertPublisher {
    /** Publishes nothing: for tests and for parts built without alerting. */
    AlertPublisher NONE = alert -> {};

    void publish(Alert alert);
}
