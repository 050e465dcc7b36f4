package org.meshwork.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.meshwork.api.ErrorCode;
import org.meshwork.api.ProductId;
import org.meshwork.api.store.RunRecord;
import org.meshwork.api.store.RunStatus;
import org.meshwork.platform.Mesh;
import org.meshwork.platform.pipeline.RunProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code mesh run}: runs a product's pipeline now. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a data product's pipeline now: load sources (quarantining bad rows), transform, check the "
                + "contract and publish a new table version atomically. Exit code 1 when the run does not succeed.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    MeshCommand mesh;

    @Mixin
    ProductArgument product;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() {
        ProductId productId = product.productId();
        try (Mesh opened = mesh.openMesh()) {
            Output output = mesh.output();
            RunRecord run;
            StageTimings stages;
            try (TerminalProgress progress = TerminalProgress.open(productId, !format.json && System.console() != null)) {
                stages = new StageTimings(progress, Clock.systemUTC());
                run = opened.run(productId, opened.actor(mesh.actingUser(), mesh.environment()), stages);
                stages.finish();
            }
            if (format.json) {
                Map<String, Object> view = new LinkedHashMap<>(JsonViews.run(run));
                view.put("stages", stages.view());
                output.json(view);
            } else {
                output.line(summary(output, run));
            }
            return run.status() == RunStatus.SUCCEEDED ? 0 : ErrorCode.EXIT_FAILURE;
        }
    }

    static String summary(Output output, RunRecord run) {
        String status = run.status() == RunStatus.SUCCEEDED ? output.style("bold,green", run.status().label())
                : output.style("bold,red", run.status().label());
        String took = run.endedAt().map(end -> " in " + human(Duration.between(run.startedAt(), end))).orElse("");
        StringBuilder line = new StringBuilder(run.productId() + " run " + run.runId() + " " + status + took + ": read "
                + run.rowsRead() + " rows, quarantined " + run.rowsQuarantined() + ", wrote " + run.rowsWritten()
                + " rows (" + bytes(run.bytesWritten()) + ")");
        line.append(run.tableVersion().map(v -> " → table version " + v).orElse(", published nothing"));
        run.error().ifPresent(error -> line.append("\n  ").append(error));
        return line.toString();
    }

    private static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** A progress bar on stderr while a run goes on, only on a terminal. */
    private static final class TerminalProgress implements RunProgress, AutoCloseable {
        private final ProgressBar bar;

        private TerminalProgress(ProgressBar bar) {
            this.bar = bar;
        }

        static TerminalProgress open(ProductId id, boolean interactive) {
            if (!interactive) {
                return new TerminalProgress(null);
            }
            return new TerminalProgress(new ProgressBarBuilder().setTaskName(id.toString()).setInitialMax(-1)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" rows", 1).build());
        }

        @Override
        public void stage(String stage) {
            if (bar != null) {
                bar.setExtraMessage(stage);
            }
        }

        @Override
        public void rowsRead(long rows) {
            if (bar != null) {
                bar.stepTo(rows);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
