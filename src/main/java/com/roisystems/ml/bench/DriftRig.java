package com.roisystems.ml.bench;

import com.roisystems.ml.auth.AuthSettings;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.auth.TokenMinter;
import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.cli.ServiceLauncher;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.monitoring.MonitoringContract;
import com.roisystems.ml.monitoring.MonitoringStore;
import com.roisystems.ml.monitoring.ServingWindows;
import com.roisystems.ml.monitoring.profile.Profile;
import com.roisystems.ml.registry.Stage;
import com.roisystems.ml.simulate.KafkaTarget;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Shift;
import com.roisystems.ml.simulate.ShiftOptions;
import com.roisystems.ml.simulate.ShiftScenario;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.training.ModelTrainer;
import com.roisystems.ml.training.TrainingOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The moving parts of a drift demonstration, shared by {@code bench drift} and the tests that hold monitoring to the
 * issue's promises: a small simulated world with a trained, promoted move-probability model, the whole service
 * ({@code verticles.conf}) with short monitoring windows, steady prediction traffic, shifts published through Kafka,
 * and the {@code ml_monitoring} rows read back per window. Runs on a caller thread (never an event loop): it waits.
 *
 * <p>A version's drift reference can be replaced by a known-good serving period ({@link #adoptReference}): the
 * training reference profiles the training rows, features as of monthly cut-offs over the history, so the market and
 * calendar features of today's traffic differ from it without any shift (the report measures how often).
 *
 * <p>{@code DriftRig rig = DriftRig.start(vertx, config, database, 2_000, 6, 15, progress);}
 */
public final class DriftRig {

    public static final String MODEL = PredictionType.MOVE_PROBABILITY.modelName();
    private static final Duration WAIT = Duration.ofMinutes(10);

    /** One closed window: whether the model drifted, the features that did, how many were tested, and the prediction's test. */
    public record WindowDrift(Instant start, Instant end, Instant writtenAt, long rows, boolean driftDetected, Set<String> drifted,
                              Set<String> tested, Boolean predictionDrifted) {
    }

    private static final String WINDOWS = """
            SELECT period_start, period_end, created_at, prediction_count, drift_detected, feature_drift FROM ml_monitoring
            WHERE model_name = $1 AND model_version = $2 AND period_start >= $3 AND period_end <= $4
              AND period_end - period_start < interval '1 day' AND feature_drift -> '_summary' IS NOT NULL
            ORDER BY period_start""";
    private static final String FIRST_DRIFT = """
            SELECT period_start, period_end, created_at FROM ml_monitoring
            WHERE model_name = $1 AND model_version = $2 AND period_end > $3 AND drift_detected
              AND period_end - period_start < interval '1 day' ORDER BY created_at LIMIT 1""";

    private final Vertx vertx;
    private final AppConfig config;
    private final DatabaseUrl database;
    private final Pool pool;
    private final ServiceLauncher launcher;
    private final int port;
    private final String token;
    private final int version;
    private final long windowSeconds;

    private DriftRig(Vertx vertx, AppConfig config, DatabaseUrl database, Pool pool, ServiceLauncher launcher, int version) {
        this.vertx = vertx;
        this.config = config;
        this.database = database;
        this.pool = pool;
        this.launcher = launcher;
        this.port = config.integer("http.port");
        this.version = version;
        this.windowSeconds = config.json().getJsonObject("monitoring").getLong("windowSeconds");
        // Every role, no tenant (platform-wide, like the demo's ROI_TOKEN): the traffic spans both tenants.
        this.token = TokenMinter.from(AuthSettings.from(config.section("auth")))
                .mint("bench-drift", EnumSet.allOf(Role.class), null, Duration.ofHours(2));
    }

    /**
     * {@code config} on a free local HTTP port, with windows of {@code windowSeconds}, flushed and closed within about a second of their end, the
     * prediction log and the online feature refresh quick, and no pipeline catch-up in the middle of a measurement.
     */
    public static AppConfig configure(AppConfig config, int windowSeconds) throws java.io.IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return config.with("http.port", port).with("http.host", "127.0.0.1").with("monitoring.windowSeconds", windowSeconds).with("monitoring.windowFlushIntervalMs", 250)
                .with("monitoring.closeIntervalMs", 250).with("monitoring.closeGraceMs", 750)
                .with("predictionLog.flushIntervalMs", 100).with("features.coalesceMs", 100)
                .with("pipeline.catchUp", false);
    }

    /**
     * Simulates {@code users} homeowners in {@code regions} regions over 24 months ending now (unless the database holds a
     * platform already), trains and promotes a move-probability model (unless one is in Production), and deploys the
     * service. {@code config} must come from {@link #configure} and point at running servers.
     */
    public static DriftRig start(Vertx vertx, AppConfig config, DatabaseUrl database, int users, int regions, long seed,
                                 Consumer<String> progress) throws Exception {
        Pool pool = PgPools.shared(vertx, config.json());
        if (count(pool, "SELECT count(*) FROM users") == 0) {
            long started = System.nanoTime();
            Simulation.load(database, new SimulationParameters(users, seed, SimulationParameters.monthsEndingNow(24), 24, regions),
                    false, Progress.NONE);
            progress.accept(String.format("simulated %,d homeowners in %d regions, 24 months ending now, in %.0f s", users, regions,
                    (System.nanoTime() - started) / 1e9));
        }
        if (count(pool, "SELECT count(*) FROM ml_models WHERE status = 'PRODUCTION' AND name = '" + MODEL + "'") == 0) {
            long started = System.nanoTime();
            new ModelTrainer(vertx, pool, config, line -> { }).train(PredictionType.MOVE_PROBABILITY,
                    TrainingOptions.defaults().withPromote(Stage.PRODUCTION).withCreatedBy("bench-drift"));
            progress.accept(String.format("trained and promoted %s in %.0f s", MODEL, (System.nanoTime() - started) / 1e9));
        }
        int version = (int) count(pool, "SELECT max(version) FROM ml_models WHERE status = 'PRODUCTION' AND name = '" + MODEL + "'");
        ServiceLauncher launcher = new ServiceLauncher(vertx, ServiceLauncher.readVerticlesConf(Path.of("verticles.conf")));
        Blocking.await(launcher.deployAll(config.json()), Duration.ofMinutes(5));
        return new DriftRig(vertx, config, database, pool, launcher, version);
    }

    private static long count(Pool pool, String sql) throws Exception {
        Row row = Blocking.await(pool.query(sql).execute(), WAIT).iterator().next();
        return row.getValue(0) == null ? 0 : ((Number) row.getValue(0)).longValue();
    }

    public int modelVersion() {
        return version;
    }

    public long windowSeconds() {
        return windowSeconds;
    }

    /** Every user of the platform, in id order. */
    public List<String> users() throws Exception {
        List<String> users = new ArrayList<>();
        Blocking.await(pool.query("SELECT user_id FROM users ORDER BY user_id").execute(), WAIT).forEach(row -> users.add(row.getString(0)));
        return users;
    }

    /** The features the served version is monitored on: those of its (training) reference profile. */
    public Set<String> modelFeatures() throws Exception {
        JsonObject profile = Blocking.await(pool.preparedQuery("SELECT profile FROM ml_reference_profiles WHERE model_name = $1 AND model_version = $2")
                .execute(Tuple.of(MODEL, version)), WAIT).iterator().next().getJsonObject("profile");
        return new TreeSet<>(Profile.fromJson(profile).featureDistributions().keySet());
    }

    /** Traffic on {@code load} (a Vert.x of the load generator's own) at {@code rate} per second, for at most {@code maxSeconds}. */
    public SteadyTraffic traffic(Vertx load, int rate, int maxSeconds) throws Exception {
        return SteadyTraffic.start(load, port, token, rate, maxSeconds, users());
    }

    /** The start of the first whole window after {@code instant}. */
    public Instant nextWindow(Instant instant) {
        Instant start = ServingWindows.windowStart(instant, windowSeconds);
        return start.equals(instant) ? start : start.plusSeconds(windowSeconds);
    }

    /** Waits (this thread) until {@code instant}. */
    public static void sleepUntil(Instant instant) {
        long millis;
        while ((millis = Duration.between(Instant.now(), instant).toMillis()) > 0) {
            LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
        }
    }

    /** Waits until the windows in [from, to) are all closed, and returns them. */
    public List<WindowDrift> windows(Instant from, Instant to) throws Exception {
        long expected = Duration.between(from, to).getSeconds() / windowSeconds;
        long deadline = System.nanoTime() + Duration.ofSeconds(60 + 2 * windowSeconds).toNanos();
        List<WindowDrift> windows = readWindows(from, to);
        while (windows.size() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            windows = readWindows(from, to);
        }
        if (windows.size() < expected) {
            throw new IllegalStateException("only " + windows.size() + " of " + expected + " windows in " + from + ".." + to
                    + " were closed within a minute of their end (is traffic reaching the model?)");
        }
        return windows;
    }

    private List<WindowDrift> readWindows(Instant from, Instant to) throws Exception {
        List<WindowDrift> windows = new ArrayList<>();
        for (Row row : Blocking.await(pool.preparedQuery(WINDOWS).execute(Tuple.of(MODEL, version, from.atOffset(ZoneOffset.UTC),
                to.atOffset(ZoneOffset.UTC))), WAIT)) {
            JsonObject document = row.getJsonObject("feature_drift");
            Set<String> drifted = new TreeSet<>();
            Set<String> tested = new TreeSet<>();
            for (String name : document.fieldNames()) {
                if (name.startsWith("_")) {
                    continue;
                }
                JsonObject feature = document.getJsonObject(name);
                if (feature.getValue("skipped") == null && feature.getValue("p_value") != null) {
                    tested.add(name);
                    if (Boolean.TRUE.equals(feature.getBoolean("drifted"))) {
                        drifted.add(name);
                    }
                }
            }
            JsonObject prediction = document.getJsonObject("_prediction");
            Boolean predictionDrifted = prediction == null || prediction.getValue("p_value") == null ? null : prediction.getBoolean("drifted");
            windows.add(new WindowDrift(row.getOffsetDateTime("period_start").toInstant(), row.getOffsetDateTime("period_end").toInstant(),
                    row.getOffsetDateTime("created_at").toInstant(), row.getLong("prediction_count"), row.getBoolean("drift_detected"),
                    drifted, tested, predictionDrifted));
        }
        return windows;
    }

    /**
     * Makes the serving windows in [from, to) (all closed) the served version's drift reference, predictions included:
     * a known-good period of today's traffic, as NannyML takes a reference period, instead of the training rows.
     */
    public long adoptReference(Instant from, Instant to) throws Exception {
        windows(from, to);
        // The product's own path (PUT /v1/admin/monitoring/{model}/reference), called directly.
        return Blocking.await(new MonitoringStore(vertx, pool).adoptReference(new MonitoringContract.AdoptReference(MODEL, version, from, to)),
                WAIT).rows();
    }

    /** Publishes {@code scenario} now, through Kafka, and waits until ingestion has committed every event. */
    public Shift.ShiftSummary shift(ShiftScenario scenario, ShiftOptions options) throws Exception {
        String bootstrap = config.string("kafka.bootstrapServers");
        String topic = config.string("kafka.activityTopic");
        Shift.ShiftSummary summary = Shift.publish(database, scenario, options,
                new KafkaTarget(bootstrap, topic, config.integer("kafka.partitions"), 0, 0), Instant.now());
        BenchmarkTraffic.awaitCommitted(bootstrap, topic, config.string("kafka.consumerGroup"), Duration.ofMinutes(5));
        return summary;
    }

    /**
     * The first window ending after {@code since} written with drift_detected = true, waiting up to {@code timeout}; null
     * when none is written by then.
     */
    public WindowDrift firstDrift(Instant since, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var rows = Blocking.await(pool.preparedQuery(FIRST_DRIFT).execute(Tuple.of(MODEL, version, since.atOffset(ZoneOffset.UTC))), WAIT);
            if (rows.size() > 0) {
                Row row = rows.iterator().next();
                Instant start = row.getOffsetDateTime("period_start").toInstant();
                return readWindows(start, row.getOffsetDateTime("period_end").toInstant()).get(0);
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    public void stop() throws Exception {
        Blocking.await(launcher.undeployAll(), Duration.ofMinutes(1));
    }
}
