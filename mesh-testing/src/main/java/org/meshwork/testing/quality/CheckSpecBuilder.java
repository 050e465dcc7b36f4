package org.meshwork.testing.quality;

import java.util.List;
import java.util.Optional;
import org.meshwork.api.descriptor.CheckSeverity;
import org.meshwork.api.descriptor.CheckSpec;
import org.meshwork.api.descriptor.Threshold;

/** Builds {@link CheckSpec}s for tests: {@code check("ids", "not_null").column("id").build()}. */
public final class CheckSpecBuilder {
    private final String name;
    private final String type;
    private Optional<String> column = Optional.empty();
    private List<String> columns = List.of();
    private Optional<Threshold> threshold = Optional.empty();
    private CheckSeverity severity = CheckSeverity.ERROR;
    private List<String> values = List.of();
    private Optional<Double> min = Optional.empty();
    private Optional<Double> max = Optional.empty();
    private Optional<String> pattern = Optional.empty();
    private Optional<String> referenceProduct = Optional.empty();
    private Optional<String> referenceColumn = Optional.empty();
    private Optional<String> sql = Optional.empty();

    private CheckSpecBuilder(String name, String type) {
        this.name = name;
        this.type = type;
    }

    /** A check named {@code name} of kind {@code type}, severity {@code error}, without parameters. */
    public static CheckSpecBuilder check(String name, String type) {
        return new CheckSpecBuilder(name, type);
    }

    public CheckSpecBuilder column(String value) {
        column = Optional.of(value);
        return this;
    }

    public CheckSpecBuilder columns(String... value) {
        columns = List.of(value);
        return this;
    }

    public CheckSpecBuilder threshold(String text) {
        threshold = Optional.of(Threshold.parse(text));
        return this;
    }

    public CheckSpecBuilder warn() {
        severity = CheckSeverity.WARN;
        return this;
    }

    public CheckSpecBuilder values(String... value) {
        values = List.of(value);
        return this;
    }

    public CheckSpecBuilder min(double value) {
        min = Optional.of(value);
        return this;
    }

    public CheckSpecBuilder max(double value) {
        max = Optional.of(value);
        return this;
    }

    public CheckSpecBuilder pattern(String value) {
        pattern = Optional.of(value);
        return this;
    }

    public CheckSpecBuilder reference(String product, String referencedColumn) {
        referenceProduct = Optional.of(product);
        referenceColumn = Optional.of(referencedColumn);
        return this;
    }

    public CheckSpecBuilder sql(String value) {
        sql = Optional.of(value);
        return this;
    }

    public CheckSpec build() {
        return new CheckSpec(name, type, column, columns, threshold, severity, values, min, max, pattern,
                referenceProduct, referenceColumn, sql, Optional.empty());
    }
}
