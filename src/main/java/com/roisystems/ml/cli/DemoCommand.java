package com.roisystems.ml.cli;

import com.roisystems.ml.training.DemoTraining;
import com.roisystems.ml.config.AppConfig;
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
                (SIM_USERS users, default 10,000), then serves while it trains and promotes the four
                models in the background (about two minutes on two cores; each prediction type answers
                503 until its model is in Production). Data is kept under DATA_DIR (default ./data);
                a second start reuses the platform and the models.

                Unless a key is configured, it creates a token signing key under DATA_DIR/auth (mode 0600,
                reused later) and ends with a banner holding an admin token (export ROI_TOKEN=...), a client
                token per demo tenant and a curl example.
                """;
    }

    /**
     * Serving starts at once; the four models are trained (on a subsample) and promoted meanwhile, and
     * each prediction type answers as soon as its model reaches Production (503 naming it before).
     */
    private static void trainInBackground(ServiceRuntime service, String baseUrl) {
        Thread training = new Thread(() -> {
            try {
                DemoTraining.trainAllIfMissing(service.vertx(), service.config());
                log.info("Demo: every prediction type has a Production model");
            } catch (Exception e) {
                log.error("Demo training failed; predictions answer 503 until a model is trained and promoted", e);
            }
            // Last, once the models answer: the banner is the console's final word, not buried under training lines.
            System.out.println(DemoBanner.text(service.config(), baseUrl));
        }, "demo-training");
        training.setDaemon(true);
        training.start();
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** The host to put in a URL: a wildcard bind address is reached on 127.0.0.1, an IPv6 literal goes in brackets. */
    private static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    @Override
    public int run(CommandLine line, AppConfig config) throws Exception {
        AppConfig withKey = DemoKey.configure(config);
        AuthStartup.check(withKey);
        try (ServiceRuntime service = ServiceRuntime.start(withKey, ServeCommand.verticlesConf(line), DemoSeeding::seedIfEmpty)) {
            String host = service.config().string("http.host");
            if (!isLoopback(host)) {
                log.warn("The demo listens on {} (HTTP_HOST), reachable from other machines", host);
            }
            String scheme = service.config().string("http.tls.certPath").isBlank() ? "http" : "https";
            String baseUrl = scheme + "://" + urlHost(host) + ":" + service.config().integer("http.port");
            log.info("Demo serving on {}; the tokens follow once the models are ready", baseUrl);
            trainInBackground(service, baseUrl);
            service.awaitShutdown();
        }
        return 0;
    }
}
