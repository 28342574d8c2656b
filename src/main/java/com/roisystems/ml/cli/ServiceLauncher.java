package com.roisystems.ml.cli;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Deploys the verticles of {@code verticles.conf} in order and undeploys them in reverse, so intake
 * stops before the writers behind it flush and close.
 *
 * <p>{@code ServiceLauncher launcher = new ServiceLauncher(vertx, specs); Blocking.await(launcher.deployAll(config), Duration.ofMinutes(2));}
 */
public final class ServiceLauncher {

    private static final Logger log = LoggerFactory.getLogger(ServiceLauncher.class);

    private final Vertx vertx;
    private final List<VerticleSpec> specs;
    private final Deque<String> deployed = new ArrayDeque<>();

    public ServiceLauncher(Vertx vertx, List<VerticleSpec> specs) {
        this.vertx = vertx;
        this.specs = specs;
    }

    /** Reads {@code verticles.conf}: the file in the working directory when present, else the packaged one. */
    public static List<VerticleSpec> readVerticlesConf(Path file) {
        try {
            String text;
            if (file != null && Files.exists(file)) {
                text = Files.readString(file);
            } else {
                try (InputStream in = ServiceLauncher.class.getResourceAsStream("/verticles.conf")) {
                    if (in == null) {
                        throw new ConfigException("verticles.conf not found in the working directory nor in the jar");
                    }
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return VerticleSpec.parseAll(new JsonObject(text));
        } catch (IOException e) {
            throw new ConfigException("cannot read verticles.conf: " + e.getMessage());
        } catch (DecodeException e) {
            throw new ConfigException("verticles.conf is not valid JSON: " + e.getMessage());
        }
    }

    /** Deploys each entry after the previous one started; fails naming the first entry that did not. */
    public Future<Void> deployAll(JsonObject serviceConfig) {
        Future<Void> chain = Future.succeededFuture();
        for (VerticleSpec spec : specs) {
            chain = chain.compose(ignored -> deploy(spec, serviceConfig));
        }
        return chain;
    }

    private Future<Void> deploy(VerticleSpec spec, JsonObject serviceConfig) {
        return vertx.deployVerticle(spec.className(), spec.deploymentOptions(serviceConfig))
                .recover(failure -> Future.failedFuture(new ConfigException(
                        "verticle '" + spec.name() + "' (" + spec.className() + ") failed to start: "
                                + failure.getClass().getSimpleName() + ": " + failure.getMessage())))
                .map(id -> {
                    deployed.push(id);
                    log.info("Deployed {} x{} ({})", spec.name(), spec.instances(), spec.worker() ? "worker" : "event loop");
                    return null;
                });
    }

    /** Undeploys in reverse order of deployment; each verticle's stop flushes what it buffers. */
    public Future<Void> undeployAll() {
        Future<Void> chain = Future.succeededFuture();
        while (!deployed.isEmpty()) {
            String id = deployed.pop();
            chain = chain.compose(ignored -> vertx.undeploy(id)
                    .recover(failure -> {
                        log.warn("Undeploying {} failed: {}", id, failure.getMessage());
                        return Future.succeededFuture();
                    }));
        }
        return chain;
    }
}
