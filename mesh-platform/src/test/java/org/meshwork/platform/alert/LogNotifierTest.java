package org.meshwork.platform.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogNotifierTest {
    @Test
    void anAlertIsOneLine() {
        String line = LogNotifier.line(WebhookNotifierIT.alert());
        assertThat(line).doesNotContain("\n")
                .startsWith("quality_failed dp.sales.orders: required quality checks failed — Failed checks: | - known_kinds")
                .contains("[run_id=run-1, failed_checks=known_kinds]")
                .endsWith("channel=#sales-data on_call=sales-oncall");
    }
}
