package org.meshwork.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The pipeline benchmark: {@code mesh run} of a product (orders CSV → SQL transform → Parquet → Delta commit)
 * against the same SQL in plain DuckDB ({@code COPY ... TO parquet}), both as separate JVM processes on the same
 * generated data with the same engine memory limit and threads. Prints both wall times, rows/s, the ratio and the
 * peak RSS; then runs {@code mesh run} again with a heap smaller than the CSV to show the data does not flow
 * through the Java heap. Absolute times depend on the machine; read the ratio.
 */
public final class PipelineBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options options;
    private final String javaCommand = ProcessHandle.current().info().command().orElse("java");
    private JvmSetup jvm;

    private PipelineBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        try {
            new PipelineBenchmark(options).run();
        } catch (IllegalStateException e) {
            System.err.println("benchmark failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() throws IOException, SQLException, InterruptedException {
        Path work = Files.createDirectories(options.work().toAbsolutePath().normalize());
        Path cli = options.meshCli().toAbsolutePath().normalize();
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("no mesh CLI at " + cli + "; build it with ./mvnw -pl mesh-cli -am package");
        }
        System.out.printf(Locale.ROOT, "Meshwork pipeline benchmark: CSV → SQL transform → Parquet + Delta commit%n");
        System.out.printf(Locale.ROOT, "  machine         %d cores, %s RAM, Java %s, %s%n",
                Runtime.getRuntime().availableProcessors(), memoryTotal(), Runtime.version(), System.getProperty("os.name"));
        System.out.printf(Locale.ROOT, "  engine          memory_limit %s, threads %d (mesh and plain DuckDB alike)%n",
                options.memoryLimit(), options.threads());
        jvm = new JvmSetup(javaCommand, cli);
        System.out.printf(Locale.ROOT, "  mesh JVM        %s (the ./mesh launcher's, for one-shot commands)%n",
                String.join(" ", jvm.options()));
        System.out.printf(Locale.ROOT, "  CDS archive     %s%n", jvm.archiveReport(work));
        String loadBefore = JvmSetup.loadAverage();

        OrdersDataset data = new OrdersDataset(work.resolve("data"), options.rows());
        long generateStarted = System.nanoTime();
        data.generate(options.threads());
        System.out.printf(Locale.ROOT, "  data            %,d orders (%s CSV) + %,d products, generated in %s%n",
                data.rows(), bytes(Files.size(data.orders())), OrdersDataset.PRODUCT_COUNT,
                seconds(Duration.ofNanos(System.nanoTime() - generateStarted)));

        BenchWorkspace workspace = BenchWorkspace.create(work.resolve("mesh"), data, options.memoryLimit(), options.threads());
        MeasuredProcess.run(mesh(cli, Optional.empty(), workspace, "apply", "-f", workspace.descriptors().toString()),
                work).requireSuccess("mesh apply");
        MeasuredProcess.Result startup = MeasuredProcess.run(mesh(cli, Optional.empty(), workspace, "list"), work)
                .requireSuccess("mesh list");

        List<MeasuredProcess.Result> plainRuns = new ArrayList<>();
        List<MeasuredProcess.Result> meshRuns = new ArrayList<>();
        List<MeasuredProcess.Result> baselineRuns = new ArrayList<>();
        Optional<Path> baselineCli = options.baselineCli().map(path -> path.toAbsolutePath().normalize());
        if (baselineCli.isPresent() && !Files.isRegularFile(baselineCli.get())) {
            throw new IllegalStateException("no baseline mesh CLI at " + baselineCli.get());
        }
        long plainRows = -1;
        for (int round = 0; round < options.repeat(); round++) {
            Path plainOutput = work.resolve("plain-out");
            Path plainTemp = work.resolve("plain-tmp");
            BenchFiles.deleteRecursively(plainOutput);
            Files.createDirectories(plainTemp);
            MeasuredProcess.Result plain = MeasuredProcess.run(List.of(javaCommand, "-cp", ownClassPath(),
                    PlainDuckDbPipeline.class.getName(), data.orders().toString(), data.products().toString(),
                    plainOutput.toString(), options.memoryLimit(), Integer.toString(options.threads()),
                    plainTemp.toString()), work).requireSuccess("plain DuckDB");
            plainRows = Long.parseLong(plain.stdout().strip());
            plainRuns.add(plain);

            // the baseline build (an older mesh CLI) runs in the same round, alternating first and second, so both
            // see the same machine load; both publish to the same workspace, whose schema they share
            if (baselineCli.isPresent() && round % 2 == 0) {
                baselineRuns.add(runProduct(baselineCli.get(), options.heap(), workspace, work, plainRows));
            }
            MeasuredProcess.Result meshRun = runProduct(cli, options.heap(), workspace, work, plainRows);
            meshRuns.add(meshRun);
            if (baselineCli.isPresent() && round % 2 == 1) {
                baselineRuns.add(runProduct(baselineCli.get(), options.heap(), workspace, work, plainRows));
            }
        }
        MeasuredProcess.Result plain = median(plainRuns);
        MeasuredProcess.Result meshRun = median(meshRuns);

        System.out.printf(Locale.ROOT, "  output          %,d rows (the filter drops cancelled orders), identical on both sides%n",
                plainRows);
        System.out.println();
        System.out.printf(Locale.ROOT, "  %-34s %9s %9s %14s %11s  %s%n", "", "wall", "CPU", "input rows/s", "peak RSS",
                "heap");
        row("plain DuckDB (COPY … TO parquet)", plain, data.rows(), "-");
        row("mesh run", meshRun, data.rows(), options.heap().map(h -> "-Xmx" + h).orElse("JVM default"));
        double ratio = seconds(meshRun) / seconds(plain);
        System.out.printf(Locale.ROOT, "  %-34s %8.2f×   (CPU time %s)%n", "ratio mesh/plain", ratio, cpuRatio(meshRun, plain));
        if (!baselineRuns.isEmpty()) {
            MeasuredProcess.Result baseline = median(baselineRuns);
            row("mesh run, baseline CLI", baseline, data.rows(), options.heap().map(h -> "-Xmx" + h).orElse("JVM default"));
            System.out.printf(Locale.ROOT, "  %-34s %8.2f×   (CPU time %s; baseline %s; mesh/baseline %.2f×, CPU time %s)%n",
                    "ratio baseline/plain", seconds(baseline) / seconds(plain), cpuRatio(baseline, plain),
                    baselineCli.get(), seconds(meshRun) / seconds(baseline), cpuRatio(meshRun, baseline));
            if (options.repeat() > 1) {
                System.out.printf(Locale.ROOT, "  (baseline runs: %s)%n",
                        baselineRuns.stream().map(PipelineBenchmark::wallAndCpu).toList());
            }
        }
        System.out.printf(Locale.ROOT, "  %-34s %9s   (JVM start-up + opening the workspace, included above)%n",
                "mesh list (CLI fixed cost)", seconds(startup.wall()));
        if (options.repeat() > 1) {
            System.out.printf(Locale.ROOT, "  (medians of %d rounds; mesh runs: %s; plain: %s)%n", options.repeat(),
                    meshRuns.stream().map(PipelineBenchmark::wallAndCpu).toList(),
                    plainRuns.stream().map(PipelineBenchmark::wallAndCpu).toList());
        }

        System.out.printf(Locale.ROOT, "  where the median mesh run's wall time went (mesh run --json stages):%n");
        RunTimeline.lines(meshRun, JSON.readTree(meshRun.stdout())).forEach(System.out::println);

        if (options.smallHeap().isPresent()) {
            String heap = options.smallHeap().get();
            MeasuredProcess.Result small = runProduct(cli, Optional.of(heap), workspace, work, plainRows);
            row("mesh run, heap smaller than data", small, data.rows(), "-Xmx" + heap);
            System.out.printf(Locale.ROOT, "  %-34s %8.2f×   (CSV %s vs heap %s: the rows stay in DuckDB's native"
                    + " memory and spill files)%n", "ratio mesh/plain", seconds(small) / seconds(plain),
                    bytes(Files.size(data.orders())), heap);
        }
        String loadAfter = JvmSetup.loadAverage();
        System.out.printf(Locale.ROOT, "  load average    %s before, %s after%s%n", loadBefore, loadAfter,
                JvmSetup.busy(loadAfter)
                        ? " — NOT a quiet machine: other processes shared the cores; read the CPU column"
                        : " (the benchmark alone keeps the cores busy; more than 1.25 per core would say others ran)");
    }

    /** Runs {@code mesh run --json} and checks it succeeded and wrote what plain DuckDB wrote. */
    private MeasuredProcess.Result runProduct(Path cli, Optional<String> heap, BenchWorkspace workspace, Path work,
            long expectedRows) throws IOException, InterruptedException {
        MeasuredProcess.Result result = MeasuredProcess.run(
                mesh(cli, heap, workspace, "run", BenchWorkspace.PRODUCT_ID, "--json"), work);
        String label = "mesh run" + heap.map(h -> " -Xmx" + h).orElse("");
        JsonNode record;
        try {
            record = JSON.readTree(result.stdout());
        } catch (IOException e) {
            result.requireSuccess(label);
            throw new IllegalStateException(label + " printed no run record: " + result.stdout());
        }
        if (!result.succeeded() || !"succeeded".equals(record.path("status").asText())) {
            throw new IllegalStateException(label + " did not succeed: " + record.path("status").asText() + ": "
                    + record.path("error").asText() + "\n  stderr: " + result.stderr().strip());
        }
        long written = record.path("rows_written").asLong();
        long quarantined = record.path("rows_quarantined").asLong();
        if (written != expectedRows || quarantined != 0) {
            throw new IllegalStateException(label + " wrote " + written + " rows and quarantined " + quarantined
                    + ", but plain DuckDB wrote " + expectedRows);
        }
        return result;
    }

    /** This JVM's class path with absolute entries, for child processes that run in the work directory. */
    private static String ownClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private List<String> mesh(Path cli, Optional<String> heap, BenchWorkspace workspace, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        // the ./mesh launcher's options: its class-data-sharing archive beside the jar, C1 only, serial GC
        command.addAll(cli.equals(jvm.cli()) ? jvm.options() : new JvmSetup(javaCommand, cli).options());
        heap.ifPresent(h -> command.add("-Xmx" + h));
        command.addAll(List.of("-jar", cli.toString(), "--workspace", workspace.home().toString(), "--no-color"));
        command.addAll(List.of(arguments));
        return command;
    }

    private static void row(String label, MeasuredProcess.Result result, long inputRows, String heap) {
        System.out.printf(Locale.ROOT, "  %-34s %9s %9s %,14d %11s  %s%n", label, seconds(result.wall()),
                result.cpuMillis().isPresent() ? seconds(Duration.ofMillis(result.cpuMillis().getAsLong())) : "n/a",
                Math.round(inputRows / seconds(result)), rss(result.peakRssBytes()), heap);
    }

    private static String cpuRatio(MeasuredProcess.Result result, MeasuredProcess.Result baseline) {
        if (result.cpuMillis().isEmpty() || baseline.cpuMillis().isEmpty() || baseline.cpuMillis().getAsLong() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f×", (double) result.cpuMillis().getAsLong() / baseline.cpuMillis().getAsLong());
    }

    private static String wallAndCpu(MeasuredProcess.Result result) {
        return seconds(result.wall()) + result.cpuMillis().stream()
                .mapToObj(cpu -> " (CPU " + seconds(Duration.ofMillis(cpu)) + ")").findFirst().orElse("");
    }

    private static MeasuredProcess.Result median(List<MeasuredProcess.Result> results) {
        List<MeasuredProcess.Result> sorted = results.stream().sorted(Comparator.comparing(MeasuredProcess.Result::wall))
                .toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double seconds(MeasuredProcess.Result result) {
        return result.wall().toNanos() / 1e9;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
    }

    private static String rss(OptionalLong bytes) {
        return bytes.isPresent() ? bytes(bytes.getAsLong()) : "n/a";
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

    private static String memoryTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return bytes(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "? GiB";
    }

    /** Command-line options; every one has a default so {@code pipeline.sh} with no arguments does the standard run. */
    record Options(long rows, Path work, Path meshCli, Optional<String> heap, Optional<String> smallHeap,
            String memoryLimit, int threads, int repeat, Optional<Path> baselineCli) {

        static final long ROWS_DEFAULT = 10_000_000;
        static final String SMALL_HEAP_DEFAULT = "256m";
        static final String MEMORY_LIMIT_DEFAULT = "4GB";

        static final String USAGE = """
                usage: PipelineBenchmark [--rows N] [--work DIR] [--mesh-cli JAR] [--heap SIZE] [--small-heap SIZE|none]
                                         [--memory-limit SIZE] [--threads N] [--repeat N] [--baseline-cli JAR]
                  --rows N             orders to generate (default 10000000)
                  --work DIR           work directory for data, workspace and outputs (default bench/out/pipeline)
                  --mesh-cli JAR       the mesh CLI jar (default mesh-cli/target/mesh-cli.jar)
                  --heap SIZE          -Xmx of the timed mesh run (default: the JVM's default, 1/4 of RAM)
                  --small-heap SIZE    -Xmx of the extra run with a heap smaller than the data (default 256m; none skips it)
                  --memory-limit SIZE  DuckDB memory_limit on both sides (default 4GB, the platform's default)
                  --threads N          DuckDB threads on both sides (default: all cores)
                  --repeat N           rounds of plain + mesh; the medians are reported (default 1)
                  --baseline-cli JAR   also time this (older) mesh CLI in every round, alternating with --mesh-cli,
                                       and print its ratio: before/after figures under the same load""";

        static Options parse(String[] args) {
            long rows = ROWS_DEFAULT;
            Path work = Path.of("bench", "out", "pipeline");
            Path meshCli = Path.of("mesh-cli", "target", "mesh-cli.jar");
            Optional<String> heap = Optional.empty();
            Optional<String> smallHeap = Optional.of(SMALL_HEAP_DEFAULT);
            String memoryLimit = MEMORY_LIMIT_DEFAULT;
            int threads = Runtime.getRuntime().availableProcessors();
            int repeat = 1;
            Optional<Path> baselineCli = Optional.empty();
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--rows" -> rows = positive(option, value.replace("_", ""));
                    case "--work" -> work = Path.of(value);
                    case "--mesh-cli" -> meshCli = Path.of(value);
                    case "--heap" -> heap = Optional.of(size(option, value));
                    case "--small-heap" -> smallHeap = value.equals("none") ? Optional.empty() : Optional.of(size(option, value));
                    case "--memory-limit" -> memoryLimit = value;
                    case "--threads" -> threads = Math.toIntExact(positive(option, value));
                    case "--repeat" -> repeat = Math.toIntExact(positive(option, value));
                    case "--baseline-cli" -> baselineCli = Optional.of(Path.of(value));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            return new Options(rows, work, meshCli, heap, smallHeap, memoryLimit, threads, repeat, baselineCli);
        }

        private static long positive(String option, String value) {
            try {
                long number = Long.parseLong(value);
                if (number < 1) {
                    throw new IllegalArgumentException(option + " must be positive, got " + value);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a number, got '" + value + "'");
            }
        }

        private static String size(String option, String value) {
            if (!value.matches("[0-9]+[kKmMgG]?")) {
                throw new IllegalArgumentException(option + " must be a JVM heap size such as 256m or 2g, got '" + value + "'");
            }
            return value;
        }
    }
}
