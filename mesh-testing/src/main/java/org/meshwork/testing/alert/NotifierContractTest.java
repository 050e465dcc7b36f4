package org.meshwork.testing.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.api.alert.Alert;
import org.meshwork.api.alert.AlertKind;
import org.meshwork.api.alert.Notifier;

/**
 * What every {@link Notifier} must do. A subclass provides the notifier and a way to see what its receiver got, as
 * {@code kind product} pairs, e.g. {@code quality_failed dp.sales.orders}.
 */
public abstract class NotifierContractTest {
    /** The notifier under test, delivering to a receiver that accepts everything. */
    protected abstract Notifier notifier();

    /** What the receiver has got so far, in order, each as {@code <kind label> <product id>}. */
    protected abstract List<String> delivered();

    protected static Alert alert(AlertKind kind, String product) {
        return new Alert(kind, ProductId.parse(product), Instant.parse("2026-11-24T17:00:00Z"), product + ": " + kind.label(),
                "line one\nline two", Map.of(Alert.RUN_ID, "run-1"), Optional.of("#data"), Optional.of("oncall"));
    }

    @Test
    void itsNameIsOneShortLine() {
        String name = notifier().name();
        assertThat(name).isNotBlank().doesNotContain("\n").hasSizeLessThan(200);
    }

    @Test
    void deliversEveryKindOfAlert() {
        Notifier notifier = notifier();
        List<String> expected = new ArrayList<>();
        for (AlertKind kind : AlertKind.values()) {
            notifier.send(alert(kind, "dp.sales.orders"));
            expected.add(kind.label() + " dp.sales.orders");
        }
        assertThat(delivered()).containsExactlyElementsOf(expected);
    }

    @Test
    void alertsWithoutChannelDetailsOrOnCallAreDelivered() {
        notifier().send(new Alert(AlertKind.RUN_FAILED, ProductId.parse("dp.lab.events"), Instant.EPOCH, "t", "",
                Map.of(), Optional.empty(), Optional.empty()));
        assertThat(delivered()).containsExactly("run_failed dp.lab.events");
    }

    @Test
    void isSafeForSeveralThreadsAtOnce() throws Exception {
        Notifier notifier = notifier();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> sends = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String product = "dp.lab.p" + i;
                sends.add(() -> {
                    notifier.send(alert(AlertKind.SLA_BREACHED, product));
                    return null;
                });
            }
            for (Future<Void> send : threads.invokeAll(sends, 30, TimeUnit.SECONDS)) {
                send.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(delivered()).hasSize(20).allMatch(line -> line.startsWith("sla_breached dp.lab.p"));
    }
}
