package com.roisystems.ml.bench;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.RedisClients;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.FeatureComputer;
import com.roisystems.ml.features.FeatureDefinition;
import com.roisystems.ml.features.FeatureLayout;
import com.roisystems.ml.features.FeatureRows;
import com.roisystems.ml.features.FeatureStore;
import com.roisystems.ml.features.FeatureVector;
import com.roisystems.ml.features.OnlineStore;
import com.roisystems.ml.infra.Infrastructure;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import java.lang.management.ManagementFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code bench features}: latency of one full vector (all catalog features) as of now from PostgreSQL,
 * from the online store (Redis, in-process cache bypassed) and as of a past date, plus backfill
 * throughput. Uses the database at PG_URL (or the embedded one); generates a minimal synthetic
 * platform of {@code --users} users only when the users table is empty. Ends with one {@code BENCH {...}} line.
 *
 * <p>{@code java -jar target/roi-ml.jar bench features --users 100000 --iterations 1000}
 */
public final class FeatureBenchmark {

    private static final Duration WAIT = Duration.ofMinutes(30);

    private FeatureBenchmark() {
    }

    public static int run(AppConfig config, CommandLine line) throws Exception {
        int users = line.integer("users", 100_000);
        int iterations = line.integer("iterations", 1_000);
        AppConfig isolated = config.with("pg.embeddedDatabase", "roi_bench_features").with("pg.embeddedPort", 0).with("redis.embeddedPort", 0);
        try (Infrastructure infra = Infrastructure.start(isolated, EnumSet.of(Infrastructure.Server.POSTGRES, Infrastructure.Server.REDIS))) {
            AppConfig resolved = infra.config();
            Migrations.apply(DatabaseUrl.parse(resolved.string("pg.url")));
            Vertx vertx = Vertx.vertx();
            Redis redis = Redis.createClient(vertx, RedisClients.options(resolved.section("redis")));
            try {
                Pool pool = PgPools.sharedForPointLookups(vertx, resolved.json());
                long existing = Blocking.await(pool.query("SELECT count(*) FROM users").execute(), WAIT).iterator().next().getLong(0);
                String data;
                if (existing == 0) {
                    System.out.printf("Simulating a platform of %,d users (36 months ending now)...%n", users);
                    long started = System.nanoTime();
                    Simulation.load(DatabaseUrl.parse(resolved.string("pg.url")),
                            SimulationParameters.defaults().withUsers(users)
                                    .withStartMonth(SimulationParameters.monthsEndingNow(36)),
                            false, Progress.NONE);
                    data = String.format(Locale.ROOT, "generated %,d users in %.0f s", users, (System.nanoTime() - started) / 1e9);
                } else {
                    users = (int) existing;
                    data = String.format(Locale.ROOT, "existing database with %,d users", existing);
                }
                System.out.println("Data: " + data);
                FeatureComputer computer = Blocking.await(FeatureComputer.create(pool, FeatureCatalog.standard()), WAIT);
                List<FeatureDefinition> all = computer.catalog().all();
                FeatureLayout layout = Blocking.await(computer.registry().layoutFor(all), WAIT);
                OnlineStore store = new OnlineStore(redis, 0, 0, 3_600);
                FeatureStore serving = new FeatureStore(computer, store, layout);
                Map<String, Integer> positions = FeatureRows.positions(layout.names());
                List<String> sample = Blocking.await(pool.query("SELECT user_id FROM users ORDER BY random() LIMIT 2000").execute()
                        .map(rows -> { List<String> ids = new ArrayList<>(); rows.forEach(r -> ids.add(r.getString(0))); return ids; }), WAIT);
                Instant now = Instant.now();
                Instant past = now.minus(Duration.ofDays(180));

                Histogram pg = measure(sample, iterations, id -> computer.compute(all, id, Instant.now()));
                Blocking.await(serving.refresh(sample, now), WAIT);
                Histogram online = measure(sample, iterations * 3, id -> store.getFromRedis(id)
                        .map(stored -> FeatureRows.stored(EntityRef.user(id), stored.asOf(), FeatureVector.SOURCE_ONLINE, positions,
                                stored.values(), all, Instant.now(), stored.tenant())));
                Histogram pit = measure(sample, iterations / 2, id -> computer.compute(all, id, past));

                List<String> backfillUsers = sample.subList(0, Math.min(1_000, sample.size()));
                FeatureComputer.BackfillReport backfill = Blocking.await(computer.backfill(all, backfillUsers,
                        past, past.plus(Duration.ofDays(21)), Duration.ofDays(7), null, progress -> { }), WAIT);

                int cores = Runtime.getRuntime().availableProcessors();
                System.out.printf(Locale.ROOT, "%nFeature store benchmark%n  machine: %d cores, Java %s (%s), load average %.2f%n",
                        cores, System.getProperty("java.version"), System.getProperty("java.vm.name"),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                System.out.printf(Locale.ROOT, "  catalog: %d features in %d groups; sample %d users; sequential requests, one client%n",
                        all.size(), computer.catalog().groups().size(), sample.size());
                print("full vector as of now, PostgreSQL", pg);
                print("full vector, online store (Redis)", online);
                print("full vector as of 180 days ago", pit);
                System.out.printf(Locale.ROOT, "  backfill: %d users x 4 as-of dates = %d vectors in %.1f s = %.0f entity-features/s%n",
                        backfillUsers.size(), backfill.vectorsWritten(), backfill.elapsedNanos() / 1e9, backfill.entityFeaturesPerSecond());
                JsonObject bench = new JsonObject().put("bench", "features").put("cores", cores).put("users", users)
                        .put("online_p50_ms", ms(online, 50)).put("online_p95_ms", ms(online, 95)).put("online_p99_ms", ms(online, 99))
                        .put("pg_p50_ms", ms(pg, 50)).put("pg_p95_ms", ms(pg, 95)).put("pg_p99_ms", ms(pg, 99))
                        .put("pit_p95_ms", ms(pit, 95)).put("backfill_entity_features_per_s", Math.round(backfill.entityFeaturesPerSecond()));
                System.out.println("BENCH " + bench.encode());
                return 0;
            } finally {
                redis.close();
                Blocking.await(vertx.close(), Duration.ofSeconds(30));
            }
        }
    }

    /** Sequential requests (a warm-up of 10% first), so the numbers are latency, not throughput. */
    private static Histogram measure(List<String> ids, int count, Function<String, Future<?>> request) throws Exception {
        Histogram histogram = new Histogram(60_000_000_000L, 3);
        for (int i = 0; i < count / 10; i++) {
            Blocking.await(request.apply(ids.get(i % ids.size())), WAIT);
        }
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            Blocking.await(request.apply(ids.get(i % ids.size())), WAIT);
            histogram.recordValue(System.nanoTime() - started);
        }
        return histogram;
    }

    private static void print(String what, Histogram histogram) {
        System.out.printf(Locale.ROOT, "  %-36s p50 %7.3f ms  p95 %7.3f ms  p99 %7.3f ms  (%d requests)%n", what,
                ms(histogram, 50), ms(histogram, 95), ms(histogram, 99), histogram.getTotalCount());
    }

    private static double ms(Histogram histogram, double percentile) {
        return Math.round(histogram.getValueAtPercentile(percentile) / 1_000.0) / 1_000.0;
    }
}
