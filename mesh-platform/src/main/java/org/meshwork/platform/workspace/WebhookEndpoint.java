package org.meshwork.platform.workspace;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;

/** Where a webhook is posted ({@code http} or {@code https} only) and in which format. */
public record WebhookEndpoint(URI url, WebhookFormat format) {
    public WebhookEndpoint {
        requireNonNull(url, "url is null");
        requireNonNull(format, "format is null");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url '" + url + "' is not an http or https URL");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("url '" + url + "' names no host");
        }
    }
}
