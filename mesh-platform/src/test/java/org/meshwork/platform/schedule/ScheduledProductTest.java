package org.meshwork.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;

class ScheduledProductTest {
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");

    private static ScheduledProduct withBackoff(int retries, Duration backoff) {
        return new ScheduledProduct(ORDERS, Optional.empty(), retries, backoff, Set.of(), Instant.EPOCH);
    }

    @Test
    void backoffDoublesAfterEachFailedAttempt() {
        ScheduledProduct product = withBackoff(4, Duration.ofMinutes(2));

        assertThat(product.backoffAfter(1)).isEqualTo(Duration.ofMinutes(2));
        assertThat(product.backoffAfter(2)).isEqualTo(Duration.ofMinutes(4));
        assertThat(product.backoffAfter(3)).isEqualTo(Duration.ofMinutes(8));
        assertThat(product.backoffAfter(4)).isEqualTo(Duration.ofMinutes(16));
    }

    @Test
    void rejectsNegativeRetriesAndBackoff() {
        assertThatThrownBy(() -> withBackoff(-1, Duration.ofMinutes(1))).hasMessageContaining("retries must be >= 0");
        assertThatThrownBy(() -> withBackoff(1, Duration.ofMinutes(-1))).hasMessageContaining("retryBackoff must not be negative");
        assertThatThrownBy(() -> withBackoff(1, Duration.ofMinutes(1)).backoffAfter(0)).hasMessageContaining("attempt must be >= 1");
    }
}
