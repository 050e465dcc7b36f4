package org.meshwork.api.descriptor;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** The product's quality checks (the guide's {@code quality}); {@code framework} is {@code meshwork}, or a tool
 * a team names that Meshwork does not run (it runs the checks itself and says so at apply). */
public record QualitySpec(Optional<String> framework, List<CheckSpec> checks) {
    public QualitySpec {
        requireNonNull(framework, "framework is null");
        checks = List.copyOf(checks);
    }
}
