package org.meshwork.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The CLI's logging, set up in code (found by logback through {@code META-INF/services}): quiet by default — warnings
 * and errors on stderr — and {@code MESH_LOG_LEVEL} (environment or system property, e.g. {@code debug}) for more.
 * Set up in code rather than from a {@code logback.xml} because parsing one costs every command ~0.12 s of CPU before
 * it does anything. A configuration the user names ({@code -Dlogback.configurationFile}) or a test's
 * {@code logback-test.xml} still wins: then this steps aside for logback's own configurator.
 */
public final class CliLogging extends ContextAwareBase implements Configurator {
    /** Loggers of libraries that warn about what is normal for local tables. */
    private static final String[] QUIETED = {
        "org.apache.hadoop.util.NativeCodeLoader",
        "io.delta.kernel.internal.snapshot.SnapshotManager",
    };

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || CliLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets the CLI's logging up in {@code context}. */
    static void apply(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{20}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level());
        root.addAppender(stderr);
        for (String quieted : QUIETED) {
            context.getLogger(quieted).setLevel(Level.ERROR);
        }
    }

    /** {@code MESH_LOG_LEVEL} as a system property or environment variable; WARN when unset or not a level. */
    static Level level() {
        String named = System.getProperty("MESH_LOG_LEVEL", System.getenv("MESH_LOG_LEVEL"));
        return Level.toLevel(named, Level.WARN);
    }
}
