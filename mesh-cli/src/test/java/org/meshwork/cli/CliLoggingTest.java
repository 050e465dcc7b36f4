package org.meshwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CLI's logging as {@code CliLogging} sets it up: what {@code logback.xml} used to say. */
class CliLoggingTest {

    @AfterEach
    void clearLevel() {
        System.clearProperty("MESH_LOG_LEVEL");
    }

    @Test
    void warningsAndErrorsGoToStandardErrorAndLibrariesNoiseIsQuieted() {
        LoggerContext context = new LoggerContext();
        CliLogging.apply(context);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(System.getenv("MESH_LOG_LEVEL") == null ? Level.WARN
                : Level.toLevel(System.getenv("MESH_LOG_LEVEL"), Level.WARN));
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(stderr.isStarted()).isTrue();
        assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern()).isEqualTo("%level %logger{20}: %msg%n");
        assertThat(context.getLogger("org.apache.hadoop.util.NativeCodeLoader").getLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("io.delta.kernel.internal.snapshot.SnapshotManager").getLevel()).isEqualTo(Level.ERROR);
    }

    @Test
    void meshLogLevelSetsTheLevelAndNonsenseFallsBackToWarn() {
        System.setProperty("MESH_LOG_LEVEL", "debug");
        assertThat(CliLogging.level()).isEqualTo(Level.DEBUG);
        System.setProperty("MESH_LOG_LEVEL", "chatty");
        assertThat(CliLogging.level()).isEqualTo(Level.WARN);
    }
}
