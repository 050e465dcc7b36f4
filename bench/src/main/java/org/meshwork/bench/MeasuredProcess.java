package org.meshwork.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to its end and measures it: wall time from spawn to exit and, on Linux, the peak resident set
 * size, sampled from {@code VmHWM} in {@code /proc/<pid>/status} (a high-water mark, so sampling misses at most
 * what the process adds in its last interval), and its CPU time (user + system of all its threads, from
 * {@code /proc/<pid>/stat}, sampled the same way, so it misses at most the last interval). On a busy machine the CPU
 * time is the steadier measure: wall time also counts the time other processes hold the cores.
 */
final class MeasuredProcess {

    private static final long SAMPLE_MILLIS = 20;
    /** Linux's USER_HZ: {@code /proc} reports CPU time in ticks of 1/100 s on every common architecture. */
    private static final long TICKS_PER_SECOND = 100;

    /** {@code spawned} and {@code exited}: wall-clock instants, to set beside the times a process reports itself. */
    record Result(List<String> command, int exitCode, Instant spawned, Instant exited, Duration wall,
            OptionalLong peakRssBytes, OptionalLong cpuMillis, String stdout, String stderr) {

        boolean succeeded() {
            return exitCode == 0;
        }

        Result requireSuccess(String what) {
            if (!succeeded()) {
                throw new IllegalStateException(what + " failed with exit code " + exitCode + "\n  command: "
                        + String.join(" ", command) + "\n  stdout: " + stdout.strip() + "\n  stderr: " + stderr.strip());
            }
            return this;
        }
    }

    private MeasuredProcess() {}

    static Result run(List<String> command, Path workDirectory) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(workDirectory, "stdout-", ".txt");
        Path stderr = Files.createTempFile(workDirectory, "stderr-", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Instant spawned = Instant.now();
            long started = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().close();
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
            long peak = -1;
            long cpu = -1;
            while (!process.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                peak = Math.max(peak, highWaterMark(status));
                cpu = Math.max(cpu, cpuMillis(stat));
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            return new Result(List.copyOf(command), process.exitValue(), spawned, Instant.now(), wall,
                    peak < 0 ? OptionalLong.empty() : OptionalLong.of(peak),
                    cpu < 0 ? OptionalLong.empty() : OptionalLong.of(cpu),
                    Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** utime + stime of a running process in milliseconds, or -1 when it cannot be read (not Linux, or it ended). */
    static long cpuMillis(long pid) {
        return cpuMillis(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** utime + stime in milliseconds, or -1 when it cannot be read. */
    private static long cpuMillis(Path stat) {
        try {
            String text = Files.readString(stat, StandardCharsets.US_ASCII);
            // the fields after the command name, which is in parentheses and may contain spaces: state is field 3
            String[] fields = text.substring(text.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code VmHWM} in bytes, or -1 when it cannot be read (not Linux, or the process just ended). */
    private static long highWaterMark(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // reported in kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone or /proc does not exist: no sample this time
        }
        return -1;
    }
}
