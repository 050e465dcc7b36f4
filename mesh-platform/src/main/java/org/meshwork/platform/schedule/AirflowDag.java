package org.meshwork.platform.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.meshwork.api.descriptor.DurationSpec;
import org.meshwork.api.descriptor.OrchestrationSpec;
import org.meshwork.platform.product.ProductDefinition;
import org.meshwork.platform.product.ProductRepository.VersionedProduct;

/**
 * The Airflow DAG of a product whose {@code orchestration.tool} is {@code airflow}: one task that runs
 * {@code mesh run <id>} on the product's schedule, so the run is the same use case as any other (authorised, audited,
 * locked, timed out and published by Meshwork), only triggered by Airflow. {@code retries} and {@code retry_backoff}
 * become the task's retries with exponential backoff; Airflow's {@code execution_timeout} is a backstop one minute past
 * {@code orchestration.timeout}, which Meshwork enforces itself (the run is cancelled and publishes nothing).
 *
 * <p>The file is deterministic for a product revision: its start date is when the revision was applied.
 */
public final class AirflowDag {
    /** The {@code orchestration.tool} value this DAG is for. */
    public static final String TOOL = "airflow";
    private static final Duration BACKSTOP = Duration.ofMinutes(1);

    private AirflowDag() {}

    /** Whether Meshwork's own scheduler leaves this product to Airflow. */
    public static boolean orchestratedByAirflow(ProductDefinition definition) {
        return definition.infrastructure().orchestration().flatMap(OrchestrationSpec::tool).filter(TOOL::equals)
                .isPresent();
    }

    /**
     * The DAG file's Python source.
     *
     * @param meshCommand the command line that starts {@code mesh} on the Airflow worker, with its global options
     *     (e.g. {@code mesh --workspace /srv/mesh --as olivia}); {@code run <id>} is appended
     */
    public static String render(VersionedProduct product, List<String> meshCommand) {
        requireNonNull(product, "product is null");
        requireNonNull(meshCommand, "meshCommand is null");
        ProductDefinition definition = product.definition();
        String id = definition.id().toString();
        Optional<OrchestrationSpec> orchestration = definition.infrastructure().orchestration();
        Optional<String> schedule = orchestration.flatMap(OrchestrationSpec::schedule);
        int retries = orchestration.flatMap(OrchestrationSpec::retries).orElse(ScheduledProduct.RETRIES_DEFAULT);
        Duration backoff = orchestration.flatMap(OrchestrationSpec::retryBackoff).map(DurationSpec::duration)
                .orElse(ScheduledProduct.RETRY_BACKOFF_DEFAULT);
        Optional<Duration> timeout = orchestration.flatMap(OrchestrationSpec::timeout).map(DurationSpec::duration);
        ZonedDateTime start = product.stored().appliedAt().atZone(ZoneOffset.UTC);
        String command = meshCommand.stream().map(AirflowDag::shellQuote).collect(Collectors.joining(" "))
                + " run " + shellQuote(id);

        StringBuilder python = new StringBuilder();
        python.append("# Airflow DAG of the Meshwork data product ").append(id).append(", revision ")
                .append(product.stored().version()).append(".\n")
                .append("# Written by `mesh export airflow ").append(id).append("`; write it again after each apply"
                        + " that changes\n# spec.orchestration. Meshwork's own scheduler does not run this product"
                        + " (orchestration.tool: airflow).\n")
                .append("# The task runs `mesh run`: Meshwork authorises, audits, locks and times out the run and"
                        + " publishes\n# nothing unless it succeeds; `mesh run` exits non-zero when the run does not"
                        + " succeed.\n")
                .append("from datetime import datetime, timedelta, timezone\n\n")
                .append("from airflow import DAG\n\n")
                .append("try:\n")
                .append("    from airflow.providers.standard.operators.bash import BashOperator  # Airflow 3\n")
                .append("except ImportError:\n")
                .append("    from airflow.operators.bash import BashOperator  # Airflow 2\n\n")
                .append("with DAG(\n")
                .append("    dag_id=").append(string(id)).append(",\n")
                .append("    description=").append(string(definition.displayName())).append(",\n")
                .append("    schedule=").append(schedule.map(AirflowDag::string).orElse("None"))
                .append(schedule.isPresent() ? ",  # spec.orchestration.schedule, UTC\n"
                        : ",  # no spec.orchestration.schedule: triggered by hand or by other DAGs\n")
                .append("    start_date=datetime(").append(start.getYear()).append(", ").append(start.getMonthValue())
                .append(", ").append(start.getDayOfMonth()).append(", ").append(start.getHour()).append(", ")
                .append(start.getMinute()).append(", tzinfo=timezone.utc),  # when revision ")
                .append(product.stored().version()).append(" was applied\n")
                .append("    catchup=False,  # after downtime the product runs once, not once per missed time\n")
                .append("    max_active_runs=1,  # Meshwork's run lock allows one run of a product at a time\n")
                .append("    tags=[").append(string("meshwork")).append(", ").append(string(definition.domain().value()))
                .append("],\n")
                .append("    default_args={\n")
                .append("        \"owner\": ").append(string(definition.ownerTeam().map(Object::toString)
                        .orElse("platform-admins"))).append(",\n")
                .append("        \"retries\": ").append(retries).append(",  # spec.orchestration.retries\n")
                .append("        \"retry_delay\": timedelta(seconds=").append(backoff.toSeconds())
                .append("),  # spec.orchestration.retry_backoff\n")
                .append("        \"retry_exponential_backoff\": True,\n")
                .append("    },\n")
                .append(") as dag:\n")
                .append("    BashOperator(\n")
                .append("        task_id=\"mesh_run\",\n")
                .append("        bash_command=").append(string(command)).append(",\n");
        timeout.ifPresent(limit -> python.append("        execution_timeout=timedelta(seconds=")
                .append(limit.plus(BACKSTOP).toSeconds())
                .append("),  # backstop: Meshwork cancels the run at spec.orchestration.timeout\n"));
        python.append("    )\n");
        return python.toString();
    }

    /** A Python string literal: double quotes, with backslashes, quotes and control characters escaped. */
    static String string(String text) {
        StringBuilder literal = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> literal.append("\\\\");
                case '"' -> literal.append("\\\"");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        literal.append(String.format("\\x%02x", (int) c));
                    } else {
                        literal.append(c);
                    }
                }
            }
        }
        return literal.append('"').toString();
    }

    /** One word for {@code bash}: left alone when it is plainly safe, else single-quoted. */
    static String shellQuote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@+-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
