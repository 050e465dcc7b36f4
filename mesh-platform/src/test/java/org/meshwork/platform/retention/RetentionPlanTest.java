package org.meshwork.platform.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.meshwork.api.ProductId;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.InfrastructureDescriptor;
import org.meshwork.api.descriptor.RowExpiry;
import org.meshwork.descriptor.DescriptorParser;
import org.meshwork.descriptor.ParsedDescriptors;
import org.meshwork.platform.product.ProductDefinition;
import org.junit.jupiter.api.Test;

/** How a product's declared retention becomes a mechanism: the duration, and how rows expire. */
class RetentionPlanTest {
    private static final ProductId ORDERS = ProductId.parse("dp.sales.orders");
    private final DescriptorParser parser = new DescriptorParser();

    private ProductDefinition product(String spec) {
        ParsedDescriptors parsed = parser.parse("orders.yaml", """
                apiVersion: platform/v1
                kind: DataProduct
                metadata: {name: orders, namespace: sales}
                spec:
                  description: Orders
                  owner_team: sales-team
                  version: 1.0.0
                  schema:
                    columns:
                      - {name: order_ts, type: TIMESTAMP}
                """ + spec, null);
        assertThat(parsed.errors()).isEmpty();
        return new ProductDefinition(ORDERS, Optional.of((DataProductDescriptor) parsed.descriptors().get(0)),
                Optional.empty(), Optional.empty());
    }

    @Test
    void withoutARetentionNothingExpires() {
        assertThat(RetentionPlan.of(product("  storage: {format: delta-lake}\n"))).isEmpty();
    }

    @Test
    void anEventTimeColumnMakesRowsExpireByEventTime() {
        RetentionPlan plan = RetentionPlan.of(product("  retention_period_days: 30\n  storage: {event_time_column: order_ts}\n"))
                .orElseThrow();

        assertThat(plan.expiry()).isEqualTo(RowExpiry.EVENT_TIME);
        assertThat(plan.eventTimeColumn()).contains("order_ts");
        assertThat(plan.expiryDeclared()).isTrue();
        assertThat(plan.describe()).isEqualTo(
                "30 days, rows expire by event time (order_ts); quarantined rows by commit time");
    }

    @Test
    void withoutAnEventTimeColumnRowsExpireByCommitTimeAndThePlanSaysItIsTheDefault() {
        RetentionPlan plan = RetentionPlan.of(product("  retention_period_days: 30\n")).orElseThrow();

        assertThat(plan.expiry()).isEqualTo(RowExpiry.COMMIT_TIME);
        assertThat(plan.eventTimeColumn()).isEmpty();
        assertThat(plan.expiryDeclared()).isFalse();
        assertThat(plan.describe()).contains("rows expire by commit time (no storage.event_time_column");
        assertThat(plan.cutoff(Instant.parse("2026-12-31T00:00:00Z"))).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void anExplicitCommitTimeExpiryIsDeclared() {
        RetentionPlan plan = RetentionPlan.of(product("  storage: {retention: 12 hours, expire_by: commit_time}\n"))
                .orElseThrow();

        assertThat(plan.expiry()).isEqualTo(RowExpiry.COMMIT_TIME);
        assertThat(plan.expiryDeclared()).isTrue();
        assertThat(plan.retention()).isEqualTo(Duration.ofHours(12));
        assertThat(plan.describe()).isEqualTo("PT12H, rows expire by commit time; quarantined rows by commit time");
    }

    @Test
    void theShorterOfTwoRetentionsWins() {
        assertThat(RetentionPlan.of(product("  retention_period_days: 3650\n  storage: {retention: 10 days}\n"))
                .orElseThrow().retention()).isEqualTo(Duration.ofDays(10));
        assertThat(RetentionPlan.of(product("  retention_period_days: 5\n  storage: {retention: 10 days}\n"))
                .orElseThrow().retention()).isEqualTo(Duration.ofDays(5));
    }

    @Test
    void theGuidesInfrastructureDocumentAloneExpiresByCommitTime() {
        ParsedDescriptors parsed = parser.parse("guide.yaml", """
                apiVersion: platform/v1
                kind: DataProductInfrastructure
                metadata: {name: marketing-campaign-data, namespace: marketing}
                spec:
                  storage: {type: data-lake, format: delta-lake, retention: "90 days"}
                """, null);
        ProductDefinition definition = new ProductDefinition(ProductId.parse("dp.marketing.marketing-campaign-data"),
                Optional.empty(), Optional.of((InfrastructureDescriptor) parsed.descriptors().get(0)), Optional.empty());

        RetentionPlan plan = RetentionPlan.of(definition).orElseThrow();

        assertThat(plan.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(plan.expiry()).isEqualTo(RowExpiry.COMMIT_TIME);
    }

    /** Every sample product with a retention says how its rows expire; only the guide's own file relies on the default. */
    @Test
    void everySampleProductWithARetentionSaysHowRowsExpire() throws java.io.IOException {
        java.util.List<String> undeclared = new java.util.ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of("../examples"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                ParsedDescriptors parsed = parser.parse(java.util.List.of(file));
                for (var descriptor : parsed.descriptors()) {
                    Optional<ProductDefinition> definition = descriptor instanceof DataProductDescriptor p
                            ? Optional.of(new ProductDefinition(p.id(), Optional.of(p), Optional.empty(), Optional.empty()))
                            : descriptor instanceof InfrastructureDescriptor i
                                    ? Optional.of(new ProductDefinition(i.productId(), Optional.empty(), Optional.of(i), Optional.empty()))
                                    : Optional.empty();
                    definition.flatMap(RetentionPlan::of).filter(plan -> !plan.expiryDeclared())
                            .ifPresent(plan -> undeclared.add(file.getFileName().toString()));
                }
            }
        }
        assertThat(undeclared).as("the guide's file must stay as the guide wrote it").containsExactly(
                "marketing-campaign-data.yaml");
    }
}
