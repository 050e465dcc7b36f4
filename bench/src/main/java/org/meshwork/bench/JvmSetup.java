package org.meshwork.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What decides a CLI process's fixed cost besides the code, for the benchmark to print so that a reader can tell two
 * machines' figures apart: the JVM flags the timed runs get, whether the class-data-sharing archive beside the CLI is
 * there, current and actually mapped by the JVM (it is ignored without a word when it does not match the jars), and how
 * busy the machine was.
 */
final class JvmSetup {
    /** The flags of the {@code ./mesh} launcher for one-shot commands: C1 only, serial GC (see {@code ./mesh}). */
    static final List<String> ONE_SHOT_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final String java;
    private final Path cli;
    private final Optional<Path> archive;

    JvmSetup(String java, Path cli) {
        this.java = java;
        this.cli = cli;
        Path beside = cli.resolveSibling("mesh.jsa");
        this.archive = Files.isRegularFile(beside) ? Optional.of(beside) : Optional.empty();
    }

    Path cli() {
        return cli;
    }

    /** The JVM options of a timed CLI process, as the launcher gives them, before any -Xmx. */
    List<String> options() {
        List<String> options = new ArrayList<>();
        archive.ifPresent(file -> options.addAll(List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto",
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off")));
        options.addAll(ONE_SHOT_FLAGS);
        return options;
    }

    /**
     * One line on the archive: used (the JVM mapped it), or why not. Asks the JVM itself: it runs
     * {@code mesh --version} with the archive and CDS logging on.
     */
    String archiveReport(Path work) throws IOException, InterruptedException {
        if (archive.isEmpty()) {
            return "none beside " + cli.getFileName() + " (the ./mesh launcher makes mesh.jsa once per build): "
                    + "every class is loaded and verified from the jars";
        }
        Path file = archive.get();
        String age = Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(cli)) < 0
                ? ", OLDER than the jar (the launcher would make it again)" : "";
        List<String> probe = new ArrayList<>(List.of(java, "-XX:SharedArchiveFile=" + file, "-Xshare:auto",
                "-Xlog:cds=info", "-Xlog:cds+dynamic=info"));
        probe.addAll(ONE_SHOT_FLAGS);
        probe.addAll(List.of("-jar", cli.toString(), "--version"));
        MeasuredProcess.Result result = MeasuredProcess.run(probe, work);
        String log = result.stdout() + result.stderr();
        String size = PipelineBenchmark.bytes(Files.size(file));
        // a class path that does not match the archive's is reported as "UseSharedSpaces: ...", after which the JVM
        // goes on without it (a static archive's JDK classes may stay mapped, the application's are not)
        Optional<String> refused = log.lines().filter(line -> line.contains("UseSharedSpaces:") || line.contains("[warning]")
                        || line.contains("[error]") || line.toLowerCase(Locale.ROOT).contains("mismatch"))
                .map(String::strip).findFirst();
        if (refused.isEmpty() && log.contains("Mapped dynamic region")) {
            return "used: " + file + " (" + size + ", dynamic, on the JDK's base archive" + age + ")";
        }
        if (refused.isEmpty() && log.contains("Opened archive " + file) && log.contains("Mapped static")) {
            return "used: " + file + " (" + size + ", static: the JDK's and the CLI's classes" + age + ")";
        }
        String reason = refused.orElse("the JVM mapped no part of it");
        return "NOT used: " + file + " (" + size + age + "): " + reason;
    }

    /** The 1-, 5- and 15-minute load averages, or "n/a" off Linux. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /**
     * Whether the 1-minute load average, read right after the runs, says something else ran: the benchmark itself keeps
     * every core busy (DuckDB runs {@code threads} threads), so only a load clearly above the core count does.
     */
    static boolean busy(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.split(" ")[0]) > 1.25 * Runtime.getRuntime().availableProcessors();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
