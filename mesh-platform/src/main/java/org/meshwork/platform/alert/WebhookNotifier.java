package org.meshwork.platform.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import org.meshwork.api.alert.Alert;
import org.meshwork.api.alert.NotificationException;
import org.meshwork.api.alert.Notifier;
import org.meshwork.platform.workspace.WebhookEndpoint;
import org.meshwork.platform.workspace.WebhookFormat;

/**
 * Posts each alert as JSON ({@code Content-Type: application/json; charset=utf-8}) to a URL. Any 2xx answer is a
 * delivery; another status, a connection error or no answer within the timeout is a {@link NotificationException}.
 *
 * <p>Format {@code json}, stable (new keys may be added, none removed or renamed; every key below is always present):
 * <pre>{@code
 * {"kind": "quality_failed",                  // AlertKind label
 *  "product": "dp.sales.orders",
 *  "occurred_at": "2026-11-24T17:06:48Z",      // ISO-8601, UTC
 *  "title": "dp.sales.orders: required quality checks failed",
 *  "message": "…",
 *  "details": {"run_id": "…", "run_status": "failed_quality", "failed_checks": "known_kinds", …},
 *  "communication_channel": "#sales-data",     // or null
 *  "on_call": "sales-oncall"}                  // or null
 * }</pre>
 *
 * <p>Format {@code slack}, for Slack incoming webhooks and compatible receivers (Mattermost, Rocket.Chat):
 * {@code {"text": title, "blocks": [header (title), section (message, mrkdwn), section (details as fields),
 * context (kind · product · on-call)]}}; {@code text} is the notification fallback.
 */
public final class WebhookNotifier implements Notifier {
    public static final Duration CONNECT_TIMEOUT_DEFAULT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT_DEFAULT = Duration.ofSeconds(10);
    /** Slack's limits: a header's text, a section's text, fields per section, a field's text. */
    private static final int SLACK_HEADER_MAX = 150;
    private static final int SLACK_SECTION_MAX = 3000;
    private static final int SLACK_FIELDS_MAX = 10;
    private static final int SLACK_FIELD_MAX = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookEndpoint endpoint;
    private final Duration requestTimeout;
    private final HttpClient client;

    public WebhookNotifier(WebhookEndpoint endpoint) {
        this(endpoint, CONNECT_TIMEOUT_DEFAULT, REQUEST_TIMEOUT_DEFAULT);
    }

    public WebhookNotifier(WebhookEndpoint endpoint, Duration connectTimeout, Duration requestTimeout) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
        this.client = HttpClient.newBuilder()
                .connectTimeout(requireNonNull(connectTimeout, "connectTimeout is null"))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code webhook <scheme>://<host>[:port]}: the path and query are left out, as they often hold a token. */
    @Override
    public String name() {
        URI url = endpoint.url();
        return "webhook " + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + " (" + endpoint.format().label() + ")";
    }

    @Override
    public void send(Alert alert) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.url())
                .timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "meshwork-alerts")
                .POST(HttpRequest.BodyPublishers.ofString(payload(alert, endpoint.format()), StandardCharsets.UTF_8))
                .build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new NotificationException(name() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotificationException(name() + ": interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new NotificationException(name() + " answered HTTP " + response.statusCode());
        }
    }

    /** The request body for an alert in a format. */
    public static String payload(Alert alert, WebhookFormat format) {
        ObjectNode body = switch (format) {
            case JSON -> json(alert);
            case SLACK -> slack(alert);
        };
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert as JSON", e);
        }
    }

    private static ObjectNode json(Alert alert) {
        ObjectNode body = JSON.createObjectNode();
        body.put("kind", alert.kind().label());
        body.put("product", alert.productId().toString());
        body.put("occurred_at", DateTimeFormatter.ISO_INSTANT.format(alert.occurredAt()));
        body.put("title", alert.title());
        body.put("message", alert.message());
        ObjectNode details = body.putObject("details");
        alert.details().forEach(details::put);
        body.put("communication_channel", alert.communicationChannel().orElse(null));
        body.put("on_call", alert.onCall().orElse(null));
        return body;
    }

    private static ObjectNode slack(Alert alert) {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", alert.title());
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", truncate(alert.title(), SLACK_HEADER_MAX));
        if (!alert.message().isBlank()) {
            ObjectNode section = blocks.addObject().put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", truncate(alert.message(), SLACK_SECTION_MAX));
        }
        if (!alert.details().isEmpty()) {
            ObjectNode section = blocks.addObject().put("type", "section");
            ArrayNode fields = section.putArray("fields");
            alert.details().entrySet().stream().limit(SLACK_FIELDS_MAX).forEach(detail -> fields.addObject()
                    .put("type", "mrkdwn")
                    .put("text", truncate("*" + detail.getKey() + "*\n" + detail.getValue(), SLACK_FIELD_MAX)));
        }
        String context = alert.kind().label() + " · " + alert.productId()
                + alert.onCall().map(onCall -> " · on call: " + onCall).orElse("");
        blocks.addObject().put("type", "context").putArray("elements").addObject()
                .put("type", "mrkdwn").put("text", context);
        return body;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    @Override
    public String toString() {
        return name();
    }
}
