package org.meshwork.platform.apply;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.meshwork.api.descriptor.DataProductDescriptor;
import org.meshwork.api.descriptor.Descriptor;
import org.meshwork.api.descriptor.InfrastructureDescriptor;
import org.meshwork.api.descriptor.InfrastructureSpec;
import org.meshwork.api.descriptor.ProcessingSpec;
import org.meshwork.api.descriptor.Problem;
import org.meshwork.api.descriptor.StorageSpec;
import org.meshwork.api.engine.Engine;
import org.meshwork.descriptor.FieldLocator;
import org.meshwork.platform.product.ProductDefinition;

/**
 * Checks a product's {@code processing} and {@code storage} against what this {@link Installation} provides, so that
 * a product learns at apply — not at its first run — that it cannot run as declared:
 *
 * <ul>
 *   <li>{@code processing.engine} and {@code storage.format} must be provided by the installation; the error names what
 *       is available.</li>
 *   <li>{@code processing.version} must match the engine's own version ({@code 1.4} matches {@code 1.4.1}).</li>
 *   <li>{@code auto_scaling}, {@code min_workers} and {@code max_workers} on a single-node engine are answered with a
 *       warning that says how the product runs instead.</li>
 * </ul>
 *
 * <p>A product that is only an infrastructure request (a {@code DataProductInfrastructure} with no {@code DataProduct}:
 * nothing to run yet, as in the guide's example) gets warnings instead of errors: it is stored, and its
 * {@code DataProduct} is refused until the installation provides what it names.
 */
final class InstallationCheck {
    private final Installation installation;

    InstallationCheck(Installation installation) {
        this.installation = requireNonNull(installation, "installation is null");
    }

    /**
     * The problems of {@code definition} (the product as it will be stored) whose documents new in this apply are
     * {@code newProduct} and {@code newInfrastructure}; positions come from {@code locator}.
     */
    List<Problem> check(ProductDefinition definition, Optional<DataProductDescriptor> newProduct,
            Optional<InfrastructureDescriptor> newInfrastructure, FieldLocator locator) {
        Report report = new Report(definition, newProduct, newInfrastructure, locator);
        InfrastructureSpec infrastructure = definition.infrastructure();
        infrastructure.processing().ifPresentOrElse(processing -> checkProcessing(processing, report),
                () -> checkEngine(ProcessingSpec.DEFAULT_ENGINE, Optional.empty(), report));
        infrastructure.storage().flatMap(StorageSpec::format).ifPresent(format -> checkFormat(format, report));
        return report.problems;
    }

    private void checkProcessing(ProcessingSpec processing, Report report) {
        Optional<Engine> engine = checkEngine(processing.engineOrDefault(), Optional.of(processing), report);
        if (engine.isEmpty()) {
            return;
        }
        processing.version().ifPresent(declared -> {
            String actual = engine.get().version();
            if (!versionMatches(declared, actual)) {
                report.cannotRun("spec.processing.version", "version '" + declared + "' of " + engine.get().name()
                        + " is not what this installation runs: its " + engine.get().name() + " is " + actual,
                        "declare " + minor(actual) + ", or remove processing.version to run on the installed "
                                + engine.get().name());
            }
        });
        if (!engine.get().scalesOut()) {
            String runs = engine.get().name() + " is a single-node engine: this product runs inside the Meshwork process"
                    + " on one machine, with " + installation.engineThreads() + " threads (mesh.yaml engine.threads)";
            processing.autoScaling().ifPresent(value -> report.warning("spec.processing.auto_scaling", runs
                    + "; auto_scaling is not used"));
            processing.minWorkers().ifPresent(value -> report.warning("spec.processing.min_workers", runs
                    + "; min_workers is not used"));
            processing.maxWorkers().ifPresent(value -> report.warning("spec.processing.max_workers", runs
                    + "; max_workers is not used"));
        }
    }

    private Optional<Engine> checkEngine(String name, Optional<ProcessingSpec> processing, Report report) {
        if (installation.engines().names().contains(name)) {
            return Optional.of(installation.engines().engine(name));
        }
        List<String> settings = new ArrayList<>();
        processing.ifPresent(spec -> {
            spec.version().ifPresent(value -> settings.add("version"));
            spec.autoScaling().ifPresent(value -> settings.add("auto_scaling"));
            spec.minWorkers().ifPresent(value -> settings.add("min_workers"));
            spec.maxWorkers().ifPresent(value -> settings.add("max_workers"));
        });
        report.cannotRun("spec.processing.engine", "engine '" + name + "' is not available in this installation"
                + " (available: " + String.join(", ", new TreeSet<>(installation.engines().names())) + ")"
                + (settings.isEmpty() ? "" : "; its " + String.join(", ", settings) + " are not checked or used until"
                        + " it is"), "use engine: " + ProcessingSpec.DEFAULT_ENGINE);
        return Optional.empty();
    }

    private void checkFormat(String format, Report report) {
        if (installation.tableFormats().stream().noneMatch(available -> available.equalsIgnoreCase(format))) {
            report.cannotRun("spec.storage.format", "table format '" + format + "' is not available in this"
                    + " installation (available: " + String.join(", ", new TreeSet<>(installation.tableFormats())) + ")",
                    null);
        }
    }

    /** {@code 1.4} and {@code 1.4.1} match {@code 1.4.1}; {@code 1} matches every {@code 1.x}; a leading v is ignored. */
    static boolean versionMatches(String declared, String actual) {
        String wanted = declared.strip().replaceFirst("^[vV]", "");
        String installed = actual.strip().replaceFirst("^[vV]", "");
        return !wanted.isEmpty() && (installed.equals(wanted) || installed.startsWith(wanted + "."));
    }

    private static String minor(String version) {
        String[] parts = version.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
    }

    /** Problems of one product, each at the field of the document that declares it. */
    private static final class Report {
        final List<Problem> problems = new ArrayList<>();
        private final ProductDefinition definition;
        private final Optional<DataProductDescriptor> newProduct;
        private final Optional<InfrastructureDescriptor> newInfrastructure;
        private final FieldLocator locator;

        Report(ProductDefinition definition, Optional<DataProductDescriptor> newProduct,
                Optional<InfrastructureDescriptor> newInfrastructure, FieldLocator locator) {
            this.definition = definition;
            this.newProduct = newProduct;
            this.newInfrastructure = newInfrastructure;
            this.locator = locator;
        }

        /** An error when the product has something to run; a warning for an infrastructure request alone. */
        void cannotRun(String path, String message, String hint) {
            if (definition.product().isPresent()) {
                problems.add(Problem.error(position(path), path, message + declaredBy(path), hint));
            } else {
                problems.add(Problem.warning(position(path), path, message + declaredBy(path) + "; " + definition.id()
                        + " is stored as an infrastructure request: a DataProduct for it is refused, and a run of it"
                        + " fails, until this installation provides it"));
            }
        }

        void warning(String path, String message) {
            problems.add(Problem.warning(position(path), path, message + declaredBy(path)));
        }

        private org.meshwork.api.descriptor.SourcePosition position(String path) {
            return declaring(path).map(descriptor -> locator.position(descriptor, path))
                    .orElseGet(() -> newProduct.<Descriptor>map(d -> d).or(() -> newInfrastructure).orElseThrow().origin());
        }

        private String declaredBy(String path) {
            if (declaring(path).isPresent() || !declaresSection(path)) {
                return "";
            }
            return " (declared by the stored revision of " + definition.id() + ")";
        }

        /** The document new in this apply that declares the section of {@code path}, if one does. */
        private Optional<Descriptor> declaring(String path) {
            Function<InfrastructureSpec, Boolean> has = section(path);
            if (newInfrastructure.isPresent() && has.apply(newInfrastructure.get().infrastructure())) {
                return Optional.of(newInfrastructure.get());
            }
            boolean storedInfrastructureDeclares = newInfrastructure.isEmpty() && definition.infrastructureDocument()
                    .map(document -> has.apply(document.infrastructure())).orElse(false);
            if (!storedInfrastructureDeclares && newProduct.isPresent() && has.apply(newProduct.get().infrastructure())) {
                return Optional.of(newProduct.get());
            }
            return Optional.empty();
        }

        private boolean declaresSection(String path) {
            return section(path).apply(definition.infrastructure());
        }

        private static Function<InfrastructureSpec, Boolean> section(String path) {
            return path.startsWith("spec.storage") ? spec -> spec.storage().isPresent()
                    : spec -> spec.processing().isPresent();
        }
    }
}
