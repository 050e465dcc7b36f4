package org.meshwork.platform.workspace;

import org.meshwork.api.EnumLabels;

/** The body a webhook receives: Meshwork's own JSON, or a Slack-compatible message. */
public enum WebhookFormat {
    /** Meshwork's alert JSON (documented on {@code WebhookNotifier}). */
    JSON,
    /** A Slack incoming-webhook message: {@code {"text": …, "blocks": […]}}. */
    SLACK;

    public String label() {
        return EnumLabels.label(this);
    }
}
