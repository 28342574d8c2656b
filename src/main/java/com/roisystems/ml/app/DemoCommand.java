package com.roisystems.ml.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code demo}: the zero-setup default. Starts embedded servers where none is configured, and on an
 * empty database seeds the synthetic platform before serving, so a newcomer's first command gives a
 * working engine with data in it. A second start on the same DATA_DIR reuses everything.
 */
public final class DemoCommand implements Command {

    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "zero-setup: embedded servers, seed the synthetic platform on first run, then serve";
    }

    @Override
    public String help() {
        return """
                Usage: roi-ml demo [--config FILE] [--verticles FILE]

                Like serve, but on an empty database it first simulates the default platform
                (SIM_USERS users, default 10,000) so predictions work right away. Data is kept under
                DATA_DIR (default ./data); a second start reuses it.
                """;
    }

    @Override
    public int run(CommandLine line, AppConfig config) throws Exception {
        try (ServiceRuntime service = ServiceRuntime.start(config, ServeCommand.verticlesConf(line), DemoSeeding::seedIfEmpty)) {
            log.info("Demo ready: http://127.0.0.1:{}/health", service.config().integer("http.port"));
            service.awaitShutdown();
        }
        return 0;
    }
}
