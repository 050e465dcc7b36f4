package org.meshwork.platform.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.meshwork.api.alert.Notifier;
import org.meshwork.testing.alert.NotifierContractTest;
import org.slf4j.LoggerFactory;

class LogNotifierContractTest extends NotifierContractTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(LogNotifier.LOGGER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level level;

    @BeforeEach
    void setUp() {
        level = logger.getLevel();
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(appender);
        logger.setLevel(level);
    }

    @Override
    protected Notifier notifier() {
        return new LogNotifier();
    }

    /** The first two words of each line: the kind and the product id. */
    @Override
    protected List<String> delivered() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                .map(line -> line.split(" ")[0] + " " + line.split(" ")[1].replaceAll(":$", "")).toList();
    }
}
