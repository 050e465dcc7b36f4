package org.meshwork.platform.workspace;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;

/**
 * How {@code mesh serve} listens: {@code mesh.yaml}'s {@code server:} section, overridden by the environment
 * ({@code MESH_SERVER_HOST}, {@code MESH_SERVER_PORT}, …) and then by command-line options. Loopback by default, so a
 * workspace is never exposed on the network by accident.
 *
 * @param shutdownTimeout how long a stopping server waits for in-flight requests and runs before it gives up on them
 * @param schedulerThreads how many products the hosted scheduler runs in parallel
 * @param policyInterval how often the server re-evaluates every policy for every product (the continuous evaluation
 *     that keeps compliance status current)
 * @param retentionInterval how often the server enforces every product's retention (deleting expired rows and
 *     snapshots)
 */
public record ServerSettings(String host, int port, Duration shutdownTimeout, int schedulerThreads,
        Duration policyInterval, Duration retentionInterval) {
    public static final String HOST_DEFAULT = "127.0.0.1";
    public static final int PORT_DEFAULT = 8080;
    public static final Duration SHUTDOWN_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
    public static final int SCHEDULER_THREADS_DEFAULT = 2;
    /** Policies are cheap to evaluate (compiled CEL over stored facts); five minutes keeps the status fresh. */
    public static final Duration POLICY_INTERVAL_DEFAULT = Duration.ofMinutes(5);
    /** Retention rewrites tables; hourly is fine-grained enough for retention periods counted in days. */
    public static final Duration RETENTION_INTERVAL_DEFAULT = Duration.ofHours(1);

    public static final String HOST_ENV = "MESH_SERVER_HOST";
    public static final String PORT_ENV = "MESH_SERVER_PORT";
    public static final String SHUTDOWN_TIMEOUT_ENV = "MESH_SERVER_SHUTDOWN_TIMEOUT";
    public static final String SCHEDULER_THREADS_ENV = "MESH_SERVER_SCHEDULER_THREADS";

    public ServerSettings {
        requireNonNull(host, "host is null");
        requireNonNull(shutdownTimeout, "shutdownTimeout is null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is empty; use an address such as 127.0.0.1 or 0.0.0.0");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 (any free port) and 65535, got " + port);
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdown_timeout must not be negative, got " + shutdownTimeout);
        }
        if (schedulerThreads < 1) {
            throw new IllegalArgumentException("scheduler_threads must be at least 1, got " + schedulerThreads);
        }
        requireNonNull(policyInterval, "policyInterval is null");
        requireNonNull(retentionInterval, "retentionInterval is null");
        if (policyInterval.toMillis() < 1) {
            throw new IllegalArgumentException("policy_interval must be positive, got " + policyInterval);
        }
        if (retentionInterval.toMillis() < 1) {
            throw new IllegalArgumentException("retention_interval must be positive, got " + retentionInterval);
        }
    }

    /** Settings with the default policy and retention intervals. */
    public ServerSettings(String host, int port, Duration shutdownTimeout, int schedulerThreads) {
        this(host, port, shutdownTimeout, schedulerThreads, POLICY_INTERVAL_DEFAULT, RETENTION_INTERVAL_DEFAULT);
    }

    public static ServerSettings defaults() {
        return new ServerSettings(HOST_DEFAULT, PORT_DEFAULT, SHUTDOWN_TIMEOUT_DEFAULT, SCHEDULER_THREADS_DEFAULT);
    }

    public ServerSettings withHost(String value) {
        return new ServerSettings(value, port, shutdownTimeout, schedulerThreads, policyInterval, retentionInterval);
    }

    public ServerSettings withPort(int value) {
        return new ServerSettings(host, value, shutdownTimeout, schedulerThreads, policyInterval, retentionInterval);
    }

    public ServerSettings withShutdownTimeout(Duration value) {
        return new ServerSettings(host, port, value, schedulerThreads, policyInterval, retentionInterval);
    }

    public ServerSettings withSchedulerThreads(int value) {
        return new ServerSettings(host, port, shutdownTimeout, value, policyInterval, retentionInterval);
    }

    public ServerSettings withPolicyInterval(Duration value) {
        return new ServerSettings(host, port, shutdownTimeout, schedulerThreads, value, retentionInterval);
    }

    public ServerSettings withRetentionInterval(Duration value) {
        return new ServerSettings(host, port, shutdownTimeout, schedulerThreads, policyInterval, value);
    }

    /**
     * These settings with the environment's overrides applied.
     *
     * @throws InvalidConfigurationException naming the variable when one has an unusable value
     */
    public ServerSettings withEnvironment(Map<String, String> environment) {
        ServerSettings result = this;
        try {
            String hostValue = environment.get(HOST_ENV);
            if (hostValue != null && !hostValue.isBlank()) {
                result = result.withHost(hostValue.strip());
            }
            String portValue = environment.get(PORT_ENV);
            if (portValue != null && !portValue.isBlank()) {
                result = result.withPort(parseInt(PORT_ENV, portValue));
            }
            String timeout = environment.get(SHUTDOWN_TIMEOUT_ENV);
            if (timeout != null && !timeout.isBlank()) {
                result = result.withShutdownTimeout(parseDuration(SHUTDOWN_TIMEOUT_ENV, timeout));
            }
            String threads = environment.get(SCHEDULER_THREADS_ENV);
            if (threads != null && !threads.isBlank()) {
                result = result.withSchedulerThreads(parseInt(SCHEDULER_THREADS_ENV, threads));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("environment: " + e.getMessage());
        }
        return result;
    }

    static int parseInt(String what, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a whole number");
        }
    }

    /** A duration such as {@code 30s}, {@code 2m}, {@code 500ms}. */
    static Duration parseDuration(String what, String text) {
        String value = text.strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|min|h)").matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a duration such as 30s, 2m or 500ms");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return Duration.ofMinutes(amount);
        }
    }
}
