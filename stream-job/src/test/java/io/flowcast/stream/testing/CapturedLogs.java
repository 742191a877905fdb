package io.flowcast.stream.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures every log line (all loggers, from {@code level} up) while open, as {@code LEVEL logger
 * message exception}, so tests can check what a component logs and that secrets never appear.
 * Restores the root level when closed. Not for concurrent use by several tests.
 */
public final class CapturedLogs implements AutoCloseable {

    private static final String NAME = "flowcast-captured-logs";

    private final StringWriter captured = new StringWriter();
    private final WriterAppender appender;
    private final LoggerConfig root;
    private final Level previous;

    private CapturedLogs(Level level) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        appender =
                WriterAppender.createAppender(
                        PatternLayout.newBuilder().withPattern("%p %c %m %ex%n").build(),
                        null,
                        captured,
                        NAME,
                        false,
                        true);
        appender.start();
        configuration.addAppender(appender);
        root = configuration.getRootLogger();
        previous = root.getLevel();
        root.addAppender(appender, Level.ALL, null);
        Configurator.setRootLevel(level);
    }

    /** Starts capturing lines of {@code level} and above. */
    public static CapturedLogs from(Level level) {
        return new CapturedLogs(level);
    }

    /** Everything captured so far. */
    public String text() {
        return captured.toString();
    }

    @Override
    public void close() {
        root.removeAppender(NAME);
        Configurator.setRootLevel(previous);
        appender.stop();
    }
}
