package org.meshwork.platform.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.meshwork.api.MeshException;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.api.descriptor.OrchestrationSpec;
import org.meshwork.api.descriptor.SourceSpec;
import org.meshwork.api.descriptor.SourceType;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules every applied product as its current version declares: {@code orchestration.schedule},
 * {@code orchestration.retries} (default {@value ScheduledProduct#RETRIES_DEFAULT}), {@code orchestration.retry_backoff}
 * (default one minute), and its sources of type {@code product} as upstream. {@code activeSince} is when the current
 * version was applied. A stored schedule that no longer parses (it was validated on apply) is logged and ignored.
 * Products with {@code orchestration.tool: airflow} are left out: their {@link AirflowDag} runs them.
 */
public final class RepositoryScheduleSource implements ScheduleSource {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryScheduleSource.class);

    private final ProductRepository products;

    public RepositoryScheduleSource(ProductRepository products) {
        this.products = requireNonNull(products, "products is null");
    }

    @Override
    public List<ScheduledProduct> products() {
        List<ScheduledProduct> result = new ArrayList<>();
        for (VersionedProduct product : products.list()) {
            if (!AirflowDag.orchestratedByAirflow(product.definition())) { // Airflow runs it: mesh export airflow
                result.add(toScheduled(product));
            }
        }
        return List.copyOf(result);
    }

    private static ScheduledProduct toScheduled(VersionedProduct versioned) {
        ProductDefinition definition = versioned.definition();
        Optional<OrchestrationSpec> orchestration = definition.infrastructure().orchestration();
        Optional<CronSchedule> schedule = orchestration.flatMap(OrchestrationSpec::schedule)
                .flatMap(text -> parse(definition.id(), text));
        int retries = orchestration.flatMap(OrchestrationSpec::retries).orElse(ScheduledProduct.RETRIES_DEFAULT);
        Duration backoff = orchestration.flatMap(OrchestrationSpec::retryBackoff).map(DurationSpec::duration)
                .orElse(ScheduledProduct.RETRY_BACKOFF_DEFAULT);
        Set<ProductId> upstream = definition.sources().stream()
                .filter(source -> source.type() == SourceType.PRODUCT)
                .map(SourceSpec::product)
                .flatMap(Optional::stream)
                .collect(Collectors.toUnmodifiableSet());
        return new ScheduledProduct(definition.id(), schedule, retries, backoff, upstream, versioned.stored().appliedAt());
    }

    private static Optional<CronSchedule> parse(ProductId id, String text) {
        try {
            return Optional.of(CronSchedule.parse(text));
        } catch (MeshException e) {
            LOG.warn("{} is not scheduled: {}", id, e.getMessage());
            return Optional.empty();
        }
    }
}
