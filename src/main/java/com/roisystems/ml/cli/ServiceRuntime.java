package com.roisystems.ml.cli;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.cluster.ClusterSettings;
import com.roisystems.ml.cluster.ClusteredVertx;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.infra.Infrastructure;
import com.roisystems.ml.infra.ShutdownSequence;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The running service: servers (embedded or configured), migrated schema, Vert.x with Prometheus
 * metrics (joined to a cluster when {@code cluster.enabled}), and the verticles of {@code verticles.conf}.
 * {@link #close()} is the graceful shutdown: undeploy in reverse (intake stops first, buffers flush), close
 * Vert.x (leaving the cluster), stop embedded servers.
 *
 * <p>{@code try (ServiceRuntime service = ServiceRuntime.start(config, Path.of("verticles.conf"), infra -> {})) { ... }}
 */
public final class ServiceRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceRuntime.class);
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    private final Infrastructure infrastructure;
    private final Vertx vertx;
    private final ServiceLauncher launcher;

    private ServiceRuntime(Infrastructure infrastructure, Vertx vertx, ServiceLauncher launcher) {
        this.infrastructure = infrastructure;
        this.vertx = vertx;
        this.launcher = launcher;
    }

    /**
     * Starts everything; {@code beforeServing} runs after migrations and before the verticles deploy
     * (the demo seeds its platform there). On any failure what was started is stopped again.
     */
    public static ServiceRuntime start(AppConfig config, Path verticlesConf, Consumer<AppConfig> beforeServing) throws Exception {
        List<VerticleSpec> specs = ServiceLauncher.readVerticlesConf(verticlesConf);
        ClusterSettings cluster = ClusterSettings.from(config);
        Infrastructure infrastructure = Infrastructure.start(config, EnumSet.allOf(Infrastructure.Server.class));
        Vertx vertx = null;
        try {
            AppConfig resolved = infrastructure.config();
            Migrations.apply(DatabaseUrl.parse(resolved.string("pg.url")));
            beforeServing.accept(resolved);
            vertx = cluster.enabled()
                    ? Blocking.await(createClusteredVertx(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), cluster), STEP_TIMEOUT)
                    : createVertx();
            ServiceLauncher launcher = new ServiceLauncher(vertx, specs);
            Blocking.await(launcher.deployAll(resolved.json()), STEP_TIMEOUT);
            return new ServiceRuntime(infrastructure, vertx, launcher);
        } catch (Exception | Error e) {
            if (vertx != null) {
                vertx.close();
            }
            infrastructure.close();
            throw e;
        }
    }

    /** A Vert.x instance whose metrics (and the engine's own meters) are scraped at {@code /metrics}. */
    public static Vertx createVertx() {
        return createVertx(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** As {@link #createVertx()}, with a registry the caller reads too (benchmarks). */
    public static Vertx createVertx(PrometheusMeterRegistry registry) {
        return Vertx.builder()
                .with(options())
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    /**
     * As {@link #createVertx(PrometheusMeterRegistry)}, joined to the cluster of {@code cluster} (cluster.enabled):
     * the same metrics, the event bus shared with the other members. Closing it leaves the cluster.
     */
    public static Future<Vertx> createClusteredVertx(PrometheusMeterRegistry registry, ClusterSettings cluster) {
        return ClusteredVertx.start(Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry)), options(), cluster);
    }

    private static VertxOptions options() {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
        return new VertxOptions().setMetricsOptions(metrics).setPreferNativeTransport(false);
    }

    public Vertx vertx() {
        return vertx;
    }

    public AppConfig config() {
        return infrastructure.config();
    }

    /**
     * Blocks until the service is stopped. SIGTERM or Ctrl-C closes it in the shutdown sequence's drain phase, so the
     * embedded servers stop only after the last buffer reached them.
     */
    public void awaitShutdown() throws InterruptedException {
        Thread current = Thread.currentThread();
        ShutdownSequence.register(ShutdownSequence.Phase.DRAIN, "service", () -> {
            log.info("Shutting down: stopping intake, flushing buffers, undeploying verticles");
            close();
            current.interrupt();
        });
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private volatile boolean closed;

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Blocking.await(launcher.undeployAll(), Duration.ofSeconds(60));
            Blocking.await(vertx.close(), Duration.ofSeconds(30));
        } catch (Exception e) {
            log.warn("Graceful shutdown did not complete: {}", e.getMessage());
        } finally {
            infrastructure.close();
            log.info("Stopped");
        }
    }
}
