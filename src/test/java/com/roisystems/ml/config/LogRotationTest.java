package com.roisystems.ml.config;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("The log file")
class LogRotationTest {

    @Test
    @DisplayName("rolls over by size into compressed archives, so the active file stays under the limit")
    void rollsBySize(@TempDir Path logDir) throws Exception {
        // A logger context of its own, configured from the shipped logback.xml: the tests' own logging is untouched.
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("roi.logDir", logDir.toString());
        context.putProperty("roi.logMaxFileSize", "100KB");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try (InputStream config = LogRotationTest.class.getResourceAsStream("/logback.xml")) {
            configurator.doConfigure(config);
        }
        Logger logger = context.getLogger("com.roisystems.ml.rotation");
        // Straight to the file appender: the asynchronous one in front of it drops a burst rather than block.
        AsyncAppender async = (AsyncAppender) context.getLogger("com.roisystems.ml").getAppender("ASYNC_FILE");
        Appender<ILoggingEvent> file = async.getAppender("FILE");
        String line = "x".repeat(200);
        for (int i = 0; i < 5_000; i++) {
            file.doAppend(new LoggingEvent(Logger.FQCN, logger, Level.INFO, "line {} {}", null, new Object[]{i, line}));
        }
        context.stop();

        Path active = logDir.resolve("roi-ml.log");
        await("archives written").atMost(Duration.ofSeconds(20)).until(() -> archives(logDir) >= 2);
        assertThat(Files.size(active)).as("the active file after rolling").isLessThan(1_000_000);
    }

    private static long archives(Path logDir) throws Exception {
        try (Stream<Path> files = Files.list(logDir)) {
            return files.filter(file -> file.getFileName().toString().matches("roi-ml\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.log(\\.gz)?")).count();
        }
    }
}
