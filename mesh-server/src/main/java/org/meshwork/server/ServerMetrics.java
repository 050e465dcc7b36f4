package org.meshwork.server;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meshwork.api.ProductId;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.api.store.StoredCheckResult;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.meshwork.platform.sla.SlaColour;
import org.meshwork.platform.sla.SlaMonitor;

/**
 * The server's Prometheus metrics (Micrometer): a timer per route template, method and status
 * ({@code meshwork_http_requests_seconds}), and gauges of the mesh read from the metadata store at each scrape — runs
 * by status ({@code meshwork_runs}, over each product's last {@value #RUNS_PER_PRODUCT} runs), the latest check
 * results by outcome ({@code meshwork_check_results}) and each product's SLA status ({@code meshwork_sla_status}: 0
 * green, 1 amber, 2 red, -1 no SLA). Reading at scrape time keeps them right whichever process ran the pipeline.
 */
final class ServerMetrics {
    static final int RUNS_PER_PRODUCT = 100;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Mesh mesh;
    private final SlaMonitor slas;
    private final MultiGauge runs;
    private final MultiGauge checks;
    private final MultiGauge slaStatus;

    ServerMetrics(Mesh mesh, SlaMonitor slas) {
        this.mesh = mesh;
        this.slas = slas;
        this.runs = MultiGauge.builder("meshwork.runs")
                .description("Runs by product and status (each product's most recent runs)").register(registry);
        this.checks = MultiGauge.builder("meshwork.check.results")
                .description("Quality check results of each product's latest evaluated run, by outcome").register(registry);
        this.slaStatus = MultiGauge.builder("meshwork.sla.status")
                .description("SLA status per product: 0 green, 1 amber, 2 red, -1 no SLA").register(registry);
    }

    void recordRequest(String method, String route, int status, long nanos) {
        Timer.builder("meshwork.http.requests")
                .description("HTTP requests by route template, method and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .publishPercentileHistogram(false)
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    /** The Prometheus text exposition, with the mesh gauges read now. */
    String scrape() {
        refresh();
        return registry.scrape();
    }

    private synchronized void refresh() {
        List<MultiGauge.Row<?>> runRows = new ArrayList<>();
        List<MultiGauge.Row<?>> checkRows = new ArrayList<>();
        List<MultiGauge.Row<?>> slaRows = new ArrayList<>();
        for (VersionedProduct product : mesh.products().list()) {
            ProductId id = product.id();
            Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
            for (RunRecord run : mesh.store().runs(id, RUNS_PER_PRODUCT)) {
                byStatus.merge(run.status(), 1L, Long::sum);
            }
            byStatus.forEach((status, count) ->
                    runRows.add(MultiGauge.Row.of(Tags.of("product", id.toString(), "status", status.label()), count)));
            List<StoredCheckResult> latest = mesh.store().checkHistory(id, 1);
            Map<String, Long> outcomes = new TreeMap<>();
            for (StoredCheckResult result : latest) {
                outcomes.merge(result.result().passed() ? "passed" : "failed", 1L, Long::sum);
            }
            outcomes.forEach((outcome, count) ->
                    checkRows.add(MultiGauge.Row.of(Tags.of("product", id.toString(), "outcome", outcome), count)));
            SlaColour colour = slas.report(id).colour();
            slaRows.add(MultiGauge.Row.of(Tags.of("product", id.toString()), value(colour)));
        }
        runs.register(runRows, true);
        checks.register(checkRows, true);
        slaStatus.register(slaRows, true);
    }

    private static int value(SlaColour colour) {
        switch (colour) {
            case GREEN:
                return 0;
            case AMBER:
                return 1;
            case RED:
                return 2;
            case NO_SLA:
                return -1;
        }
        throw new IllegalArgumentException("unknown colour " + colour);
    }
}
