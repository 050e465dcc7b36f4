package org.meshwork.platform.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.api.alert.Alert;
import org.meshwork.api.alert.AlertKind;
import org.meshwork.api.alert.NotificationException;
import org.meshwork.platform.workspace.WebhookEndpoint;
import org.meshwork.platform.workspace.WebhookFormat;

/** The webhook notifier against a real HTTP receiver on localhost. */
class WebhookNotifierIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        receiver = new HttpReceiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    static Alert alert() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(Alert.RUN_ID, "run-1");
        details.put(Alert.FAILED_CHECKS, "known_kinds");
        return new Alert(AlertKind.QUALITY_FAILED, ProductId.parse("dp.sales.orders"),
                Instant.parse("2026-11-24T17:00:00Z"), "dp.sales.orders: required quality checks failed",
                "Failed checks:\n- known_kinds (accepted_values): 1 row has a kind outside the list", details,
                Optional.of("#sales-data"), Optional.of("sales-oncall"));
    }

    @Test
    void postsTheDocumentedJsonPayload() throws Exception {
        new WebhookNotifier(new WebhookEndpoint(receiver.url("/hooks/meshwork"), WebhookFormat.JSON)).send(alert());

        HttpReceiver.Request request = receiver.next();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/meshwork");
        assertThat(request.contentType()).startsWith("application/json");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("kind", "product", "occurred_at", "title", "message",
                "details", "communication_channel", "on_call");
        assertThat(body.get("kind").asText()).isEqualTo("quality_failed");
        assertThat(body.get("product").asText()).isEqualTo("dp.sales.orders");
        assertThat(body.get("occurred_at").asText()).isEqualTo("2026-11-24T17:00:00Z");
        assertThat(body.get("title").asText()).isEqualTo("dp.sales.orders: required quality checks failed");
        assertThat(body.get("message").asText()).contains("known_kinds (accepted_values)");
        assertThat(body.get("details").fieldNames()).toIterable().containsExactly("run_id", "failed_checks");
        assertThat(body.get("details").get("failed_checks").asText()).isEqualTo("known_kinds");
        assertThat(body.get("communication_channel").asText()).isEqualTo("#sales-data");
        assertThat(body.get("on_call").asText()).isEqualTo("sales-oncall");
    }

    @Test
    void absentChannelAndOnCallAreNull() throws Exception {
        Alert alert = alert();
        Alert bare = new Alert(alert.kind(), alert.productId(), alert.occurredAt(), alert.title(), alert.message(),
                Map.of(), Optional.empty(), Optional.empty());
        JsonNode body = JSON.readTree(WebhookNotifier.payload(bare, WebhookFormat.JSON));
        assertThat(body.get("communication_channel").isNull()).isTrue();
        assertThat(body.get("on_call").isNull()).isTrue();
        assertThat(body.get("details").isEmpty()).isTrue();
    }

    @Test
    void postsASlackCompatiblePayload() throws Exception {
        new WebhookNotifier(new WebhookEndpoint(receiver.url("/services/T0/B0/secret"), WebhookFormat.SLACK)).send(alert());

        JsonNode body = JSON.readTree(receiver.next().body());
        assertThat(body.get("text").asText()).isEqualTo("dp.sales.orders: required quality checks failed");
        JsonNode blocks = body.get("blocks");
        assertThat(blocks).extracting(block -> block.get("type").asText())
                .containsExactly("header", "section", "section", "context");
        assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo("dp.sales.orders: required quality checks failed");
        assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).get("text").get("text").asText()).contains("known_kinds");
        assertThat(blocks.get(2).get("fields").get(0).get("text").asText()).isEqualTo("*run_id*\nrun-1");
        assertThat(blocks.get(3).get("elements").get(0).get("text").asText())
                .isEqualTo("quality_failed · dp.sales.orders · on call: sales-oncall");
    }

    @Test
    void aNon2xxAnswerIsAFailure() {
        receiver.answering(n -> 500);
        WebhookNotifier notifier = new WebhookNotifier(new WebhookEndpoint(receiver.url("/h"), WebhookFormat.JSON));
        assertThatThrownBy(() -> notifier.send(alert())).isInstanceOf(NotificationException.class)
                .hasMessageContaining("HTTP 500");
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsAFailure() {
        receiver.hanging();
        WebhookNotifier notifier = new WebhookNotifier(new WebhookEndpoint(receiver.url("/h"), WebhookFormat.JSON),
                Duration.ofSeconds(2), Duration.ofMillis(300));
        assertThatThrownBy(() -> notifier.send(alert())).isInstanceOf(NotificationException.class);
    }

    @Test
    void theNameLeavesOutThePathWhichMayHoldAToken() {
        WebhookNotifier notifier = new WebhookNotifier(new WebhookEndpoint(receiver.url("/services/T0/B0/secret"),
                WebhookFormat.SLACK));
        assertThat(notifier.name()).startsWith("webhook http://127.0.0.1:").endsWith("(slack)").doesNotContain("secret");
    }
}
