package org.meshwork.platform.workspace;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mesh.yaml}'s {@code notifications}: whether every alert goes to the log, the webhooks that receive every
 * alert, and the webhook of each communication channel, which receives the alerts of the products whose
 * {@code ownership.communication_channel} names it.
 */
public record NotificationSettings(boolean log, List<WebhookEndpoint> webhooks, Map<String, WebhookEndpoint> channels) {
    public static final boolean LOG_DEFAULT = true;

    public NotificationSettings {
        webhooks = List.copyOf(webhooks);
        Map<String, WebhookEndpoint> copy = new LinkedHashMap<>();
        channels.forEach((channel, endpoint) -> copy.put(requireNonNull(channel, "channel is null"),
                requireNonNull(endpoint, "endpoint is null")));
        channels = Collections.unmodifiableMap(copy);
    }

    /** No {@code notifications} section: alerts go to the log only. */
    public static NotificationSettings defaults() {
        return new NotificationSettings(LOG_DEFAULT, List.of(), Map.of());
    }
}
