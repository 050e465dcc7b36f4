package org.meshwork.platform.catalog;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.meshwork.api.descriptor.ColumnSpec;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.lineage.LineageSink;
import org.meshwork.api.quality.CheckResult;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.catalog.CatalogProduct;
import org.meshwork.catalog.lineage.ProductLineage;
import org.meshwork.catalog.openlineage.DatasetName;
import org.meshwork.catalog.openlineage.DatasetNames;
import org.meshwork.catalog.openlineage.FileLineageSink;
import org.meshwork.catalog.openlineage.HttpLineageSink;
import org.meshwork.catalog.openlineage.OpenLineageEvents;
import org.meshwork.catalog.openlineage.RunEventInput;
import org.meshwork.catalog.openlineage.RunEventType;
import org.meshwork.platform.pipeline.ProductTables;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.workspace.LineageSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns run starts and ends into OpenLineage events and hands them to the configured sink. Events are delivered on one
 * background thread in order (START before COMPLETE), so a slow or unreachable endpoint never delays or fails a run;
 * a full queue drops the newest event with a warning, and {@link #close()} waits up to 5 s for the queue to drain.
 */
public final class OpenLineageEmitter implements AutoCloseable {
    /** Workspace directory of the NDJSON files when no endpoint is configured. */
    public static final String DIRECTORY = "lineage";
    private static final Logger LOG = LoggerFactory.getLogger(OpenLineageEmitter.class);
    private static final int QUEUE = 1_000;

    private final LineageSettings settings;
    private final LineageSink sink;
    private final ProductRepository products;
    private final ProductTables tables;
    private final Clock clock;
    private final ThreadPoolExecutor delivery;

    public OpenLineageEmitter(LineageSettings settings, LineageSink sink, ProductRepository products, ProductTables tables,
            Clock clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.products = requireNonNull(products, "products is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), runnable -> {
            Thread thread = new Thread(runnable, "meshwork-openlineage");
            thread.setDaemon(true);
            return thread;
        }, (runnable, executor) -> LOG.warn("OpenLineage queue full ({} events): an event was dropped", QUEUE));
    }

    /** The sink {@code mesh.yaml} asks for: HTTP when an endpoint is set, else files in {@code <home>/lineage}. */
    public static LineageSink sink(LineageSettings settings, Path home, Map<String, String> environment, Clock clock) {
        if (settings.endpoint().isPresent()) {
            Map<String, String> headers = new LinkedHashMap<>();
            settings.apiKeyEnv().map(environment::get).filter(v -> !v.isBlank())
                    .ifPresent(key -> headers.put("Authorization", "Bearer " + key));
            return new HttpLineageSink(settings.endpoint().get(), headers, Duration.ofSeconds(10));
        }
        return new FileLineageSink(home.resolve(DIRECTORY), clock);
    }

    public void started(RunRecord run, ProductDefinition definition, CatalogProduct product, ProductLineage lineage) {
        emit(RunEventType.START, run, definition, product, lineage, List.of());
    }

    public void finished(RunRecord run, ProductDefinition definition, CatalogProduct product, ProductLineage lineage,
            List<CheckResult> checks) {
        emit(run.status() == RunStatus.SUCCEEDED ? RunEventType.COMPLETE : RunEventType.FAIL, run, definition, product,
                lineage, checks);
    }

    private void emit(RunEventType type, RunRecord run, ProductDefinition definition, CatalogProduct product,
            ProductLineage lineage, List<CheckResult> checks) {
        if (!settings.enabled()) {
            return;
        }
        Path base = definition.baseDirectory().orElse(Path.of("").toAbsolutePath());
        Map<String, DatasetName> inputs = new LinkedHashMap<>();
        Map<String, Map<String, String>> columns = new LinkedHashMap<>();
        for (SourceSpec source : definition.sources()) {
            inputs.put(source.name(), DatasetNames.of(source, base,
                    upstream -> tables.location(products.get(upstream).definition())));
            if (source.product().isPresent()) {
                Map<String, String> upstreamColumns = new LinkedHashMap<>();
                products.find(source.product().get()).ifPresent(p -> {
                    for (ColumnSpec column : p.definition().schema().columns()) {
                        upstreamColumns.put(column.name(), column.type());
                    }
                });
                columns.put(source.name(), upstreamColumns);
            } else {
                columns.put(source.name(), source.columns());
            }
        }
        RunEventInput input = new RunEventInput(type, type == RunEventType.START ? run.startedAt()
                : run.endedAt().orElse(clock.instant()), run.runId(), settings.namespace(), product, lineage, inputs,
                columns, DatasetNames.ofTable(tables.location(definition)), run.tableVersion(),
                Optional.of(run.rowsWritten()), Optional.of(run.bytesWritten()), checks, run.error());
        String event = OpenLineageEvents.runEvent(input);
        delivery.execute(() -> {
            try {
                sink.send(event);
            } catch (RuntimeException e) {
                LOG.warn("OpenLineage {} event of run {} of {} not delivered: {}", type, run.runId(), run.productId(),
                        e.getMessage());
            }
        });
    }

    /** Waits until every queued event was handed to the sink (for tests and the CLI before it exits). */
    public void flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((delivery.getActiveCount() > 0 || !delivery.getQueue().isEmpty()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("OpenLineage: {} events were not delivered before shutdown", delivery.getQueue().size());
                delivery.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
    }
}
