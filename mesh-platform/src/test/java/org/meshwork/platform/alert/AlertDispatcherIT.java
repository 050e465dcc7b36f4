package org.meshwork.platform.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.api.alert.Alert;
import org.meshwork.api.alert.AlertKind;
import org.meshwork.api.alert.Notifier;
import org.meshwork.platform.workspace.NotificationSettings;
import org.meshwork.platform.workspace.WebhookEndpoint;
import org.meshwork.platform.workspace.WebhookFormat;

/** The dispatcher's routing, retries and queue against a real HTTP receiver on localhost. */
class AlertDispatcherIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fast retries for tests: 3 attempts, 20 ms then 40 ms. */
    private static final AlertDispatcher.Settings FAST =
            new AlertDispatcher.Settings(100, 2, 3, Duration.ofMillis(20), Duration.ofSeconds(5));

    private HttpReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        receiver = new HttpReceiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private static Alert alert(String product, Optional<String> channel) {
        return new Alert(AlertKind.RUN_FAILED, ProductId.parse(product), Instant.parse("2026-11-24T17:00:00Z"),
                product + ": run failed", "boom", Map.of(Alert.RUN_ID, "r-" + product), channel, Optional.empty());
    }

    private WebhookEndpoint json(String path) {
        return new WebhookEndpoint(receiver.url(path), WebhookFormat.JSON);
    }

    private static String product(HttpReceiver.Request request) {
        try {
            return JSON.readTree(request.body()).get("product").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFailedDeliveryIsRetriedUntilItSucceeds() throws Exception {
        receiver.answering(n -> n == 1 ? 500 : 200);
        try (AlertDispatcher dispatcher = AlertDispatcher.create(
                new NotificationSettings(false, List.of(json("/global")), Map.of()), FAST)) {
            dispatcher.publish(alert("dp.sales.orders", Optional.empty()));
            assertThat(product(receiver.next())).isEqualTo("dp.sales.orders");
            assertThat(product(receiver.next())).isEqualTo("dp.sales.orders");
        }
        assertThat(receiver.received()).hasSize(2); // the second attempt succeeded: no third
    }

    @Test
    void aDeliveryThatAlwaysFailsIsGivenUpAfterItsAttempts() throws Exception {
        receiver.answering(n -> 503);
        AlertDispatcher dispatcher = AlertDispatcher.create(
                new NotificationSettings(false, List.of(json("/global")), Map.of()), FAST);
        dispatcher.publish(alert("dp.sales.orders", Optional.empty()));
        receiver.next();
        receiver.next();
        receiver.next();
        dispatcher.close(); // returns once the delivery was given up, well before its timeout
        assertThat(receiver.received()).hasSize(3);
    }

    @Test
    void publishReturnsAtOnceWhileTheReceiverHangs() throws Exception {
        receiver.hanging();
        try (AlertDispatcher dispatcher = AlertDispatcher.create(
                new NotificationSettings(false, List.of(json("/global")), Map.of()), FAST)) {
            // the receiver holds the first request until released after publish returned: publish blocking on the
            // delivery would never return
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                dispatcher.publish(alert("dp.sales.orders", Optional.empty()));
                receiver.next();
                for (int i = 0; i < 50; i++) {
                    dispatcher.publish(alert("dp.sales.orders", Optional.empty()));
                }
            });
            receiver.release();
        }
    }

    @Test
    void aFullQueueDropsTheOldestDelivery() throws Exception {
        receiver.hanging();
        AlertDispatcher.Settings small = new AlertDispatcher.Settings(2, 1, 1, Duration.ofMillis(10), Duration.ofSeconds(5));
        try (AlertDispatcher dispatcher = AlertDispatcher.create(
                new NotificationSettings(false, List.of(json("/global")), Map.of()), small)) {
            dispatcher.publish(alert("dp.lab.first", Optional.empty()));
            receiver.next(); // the only thread is busy with it now
            dispatcher.publish(alert("dp.lab.second", Optional.empty()));
            dispatcher.publish(alert("dp.lab.third", Optional.empty()));
            dispatcher.publish(alert("dp.lab.fourth", Optional.empty())); // the queue holds two: "second" is dropped
            receiver.release();
            receiver.next();
            receiver.next();
        }
        assertThat(receiver.received()).extracting(AlertDispatcherIT::product)
                .containsExactly("dp.lab.first", "dp.lab.third", "dp.lab.fourth");
    }

    @Test
    void channelAlertsGoToTheirChannelAndGlobalWebhooksGetEverything() throws Exception {
        NotificationSettings settings = new NotificationSettings(false, List.of(json("/global")),
                Map.of("#sales-data", json("/sales"), "#customer-data", json("/customer")));
        try (AlertDispatcher dispatcher = AlertDispatcher.create(settings, FAST)) {
            dispatcher.publish(alert("dp.sales.orders", Optional.of("#sales-data")));
            dispatcher.publish(alert("dp.lab.events", Optional.of("#unknown-channel")));
            dispatcher.publish(alert("dp.lab.quiet", Optional.empty()));
        }
        assertThat(receiver.received()).extracting(request -> request.path() + " " + product(request))
                .containsExactlyInAnyOrder("/global dp.sales.orders", "/sales dp.sales.orders",
                        "/global dp.lab.events", "/global dp.lab.quiet");
    }

    @Test
    void oneReceiverFailingDoesNotKeepAlertsFromTheOthers() throws Exception {
        CountDownLatch delivered = new CountDownLatch(1);
        Notifier broken = new Notifier() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void send(Alert alert) {
                throw new IllegalStateException("always down");
            }
        };
        Notifier working = new Notifier() {
            @Override
            public String name() {
                return "working";
            }

            @Override
            public void send(Alert alert) {
                delivered.countDown();
            }
        };
        try (AlertDispatcher dispatcher = new AlertDispatcher(List.of(broken, working), Map.of(), FAST)) {
            dispatcher.publish(alert("dp.sales.orders", Optional.empty()));
            assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void alertsRaisedAfterCloseAreNotDelivered() {
        AlertDispatcher dispatcher = AlertDispatcher.create(
                new NotificationSettings(false, List.of(json("/global")), Map.of()), FAST);
        dispatcher.close();
        dispatcher.publish(alert("dp.sales.orders", Optional.empty()));
        dispatcher.close();
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void theLogIsAGlobalRouteWhenEnabled() {
        try (AlertDispatcher dispatcher = AlertDispatcher.create(
                new NotificationSettings(true, List.of(), Map.of("#sales-data", json("/sales"))), FAST)) {
            assertThat(dispatcher.routes(alert("dp.sales.orders", Optional.of("#sales-data"))))
                    .extracting(Notifier::name).hasSize(2).first().isEqualTo("log");
            assertThat(dispatcher.routes(alert("dp.lab.events", Optional.empty()))).extracting(Notifier::name)
                    .containsExactly("log");
        }
    }
}
