package org.meshwork.api.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;

class AlertTest {
    private static Alert alert(Map<String, String> details) {
        return new Alert(AlertKind.QUALITY_FAILED, ProductId.parse("dp.sales.orders"), Instant.EPOCH, "t", "m", details,
                Optional.of("#sales-data"), Optional.empty());
    }

    @Test
    void detailsKeepTheirOrderAndCannotChange() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("z", "1");
        details.put("a", "2");
        Alert alert = alert(details);
        details.put("b", "3");

        assertThat(alert.details().keySet()).containsExactly("z", "a");
        assertThatThrownBy(() -> alert.details().put("c", "4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullDetailValuesAreRejected() {
        Map<String, String> details = new HashMap<>();
        details.put("run_id", null);
        assertThatThrownBy(() -> alert(details)).isInstanceOf(NullPointerException.class).hasMessageContaining("run_id");
    }

    @Test
    void kindsHaveLowerCaseLabels() {
        assertThat(AlertKind.SLA_RECOVERED.label()).isEqualTo("sla_recovered");
    }
}
