package com.roisystems.ml.features;

import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * tenure_percentile ranks by binary search in each region's sorted purchase days (V8), which
 * statement triggers keep in step with the properties table. Checked against the plain count it
 * replaced, at cut-offs on and between midnights, after inserts, moves, re-dated purchases, upserts,
 * deletes, a TRUNCATE, and two writers committing into the same region at once.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("tenure_percentile from the regions' sorted purchase days")
class TenurePercentileTest {

    /** The definition before V8: a count over the region's properties per user. */
    private static final String DIRECT_COUNT = """
            SELECT (SELECT count(*) FILTER (WHERE pr.purchase_date >= pp.purchase_date)::float8 / nullif(count(*), 0)
                    FROM properties pr
                    WHERE pr.region_id = pp.region_id AND (pr.purchase_date::timestamp AT TIME ZONE 'UTC') < ?)
            FROM properties pp
            WHERE pp.owner_user_id = ? AND (pp.purchase_date::timestamp AT TIME ZONE 'UTC') < ?""";

    private static final List<String> USERS = new ArrayList<>();
    private static final List<Instant> CUT_OFFS = List.of(
            Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-01-01T00:00:00.001Z"),
            Instant.parse("2021-06-15T12:00:00Z"), Instant.parse("2022-03-03T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"));

    private static TestServers servers;
    private static Pool pool;
    private static FeatureComputer computer;
    private static FeatureDefinition tenure;

    @BeforeAll
    static void setUp(Vertx vertx, TestServers testServers) throws Exception {
        servers = testServers;
        pool = PgPools.shared(vertx, servers.config().json());
        computer = FeatureComputer.create(pool, FeatureCatalog.standard()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        tenure = FeatureCatalog.standard().get("tenure_percentile");
        servers.jdbc().withConnection(db -> {
            db.execute("INSERT INTO regions VALUES ('R1', 'North', 'CA'), ('R2', 'South', 'TX'), ('R3', 'East', 'NY')");
            StringBuilder users = new StringBuilder("INSERT INTO users VALUES ");
            for (int i = 0; i < 90; i++) {
                USERS.add("u" + i);
                users.append(i == 0 ? "" : ", ").append("('u").append(i).append("', 'R1', '35_49', null, '2015-01-01T00:00:00Z', 'acme')");
            }
            db.execute(users.toString());
            // 60 properties in one statement (COPY-like bulk), the rest one statement each.
            SplittableRandom random = new SplittableRandom(8);
            db.execute(propertiesInsert(0, 60, random));
            for (int i = 60; i < 90; i++) {
                db.execute(propertiesInsert(i, i + 1, random));
            }
            return null;
        });
    }

    /** Purchase dates from a small set, so many share a day and some sit exactly on a cut-off's midnight. */
    private static String propertiesInsert(int from, int to, SplittableRandom random) {
        String[] dates = {"2019-12-31", "2020-01-01", "2020-01-02", "2021-06-15", "2021-06-16", "2022-03-02", "2022-03-03", "2025-05-05"};
        StringBuilder sql = new StringBuilder("INSERT INTO properties VALUES ");
        for (int i = from; i < to; i++) {
            sql.append(i == from ? "" : ", ").append("('P").append(i).append("', 'u").append(i).append("', 'R")
                    .append(1 + random.nextInt(3)).append("', 'addr', 'CONDO', 2, 1, 900, null, 2000, '")
                    .append(dates[random.nextInt(dates.length)]).append("', 250000, null, null, null, true, now(), now())");
        }
        return sql.toString();
    }

    @Test
    @DisplayName("equals the direct count for every user and cut-off, through inserts, moves, upserts, deletes and TRUNCATE")
    void matchesDirectCount() throws Exception {
        assertMatchesDirectCount("after inserts");
        servers.jdbc().withConnection(db -> {
            db.execute("UPDATE properties SET region_id = CASE region_id WHEN 'R1' THEN 'R2' ELSE 'R1' END"
                    + " WHERE property_id IN ('P1', 'P2', 'P3', 'P4', 'P5')");
            db.execute("UPDATE properties SET purchase_date = purchase_date - 400 WHERE property_id IN ('P6', 'P7', 'P61')");
            db.execute("UPDATE properties SET sqft = sqft + 1");
            db.execute("INSERT INTO properties SELECT 'P' || (100 + i), 'u' || i, 'R3', 'addr', 'CONDO', 2, 1, 900, null, 2000,"
                    + " DATE '2020-01-01' + i, 250000, null, null, null, false, now(), now() FROM generate_series(10, 19) i"
                    + " ON CONFLICT (property_id) DO UPDATE SET purchase_date = EXCLUDED.purchase_date");
            db.execute("INSERT INTO properties SELECT 'P' || (100 + i), 'u' || i, 'R3', 'addr', 'CONDO', 2, 1, 900, null, 2000,"
                    + " DATE '2018-01-01' + i, 250000, null, null, null, false, now(), now() FROM generate_series(10, 14) i"
                    + " ON CONFLICT (property_id) DO UPDATE SET purchase_date = EXCLUDED.purchase_date");
            db.execute("DELETE FROM properties WHERE property_id IN ('P8', 'P9', 'P70')");
            return null;
        });
        assertMatchesDirectCount("after updates, upserts and deletes");
        assertThat(regionDaysTotal()).isEqualTo(countProperties());

        servers.jdbc().execute("TRUNCATE properties");
        assertThat(regionDaysTotal()).isZero();
        assertMatchesDirectCount("after TRUNCATE");
    }

    @Test
    @DisplayName("two writers committing into one region at once both end up in its purchase days")
    void concurrentWritersAreBothCounted() throws Exception {
        try (Connection first = servers.jdbc().connect(); Connection second = servers.jdbc().connect()) {
            long secondPid = TestDatabase.on(second).count("SELECT pg_backend_pid()");
            TestDatabase.on(first).execute("INSERT INTO users VALUES ('w1', 'R2', '35_49', null, '2015-01-01T00:00:00Z', 'acme'),"
                    + " ('w2', 'R2', '35_49', null, '2015-01-01T00:00:00Z', 'acme')");
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            TestDatabase.on(first).execute("INSERT INTO properties VALUES ('W1', 'w1', 'R2', 'a', 'CONDO', 2, 1, 900, null, 2000,"
                    + " '2020-02-02', 250000, null, null, null, true, now(), now())");
            // The second writer's trigger waits on the region row the first one holds.
            CompletableFuture<Void> secondWriter = CompletableFuture.runAsync(() -> {
                try {
                    TestDatabase.on(second).execute("INSERT INTO properties VALUES ('W2', 'w2', 'R2', 'a', 'CONDO', 2, 1, 900, null, 2000,"
                            + " '2020-03-03', 250000, null, null, null, true, now(), now())");
                    second.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Wait until PostgreSQL shows the second writer waiting on a lock (or until it finishes, which would be the bug).
            await("the second writer waits on the first one's lock").atMost(Duration.ofSeconds(30))
                    .until(() -> secondWriter.isDone() || servers.jdbc().count("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE pid = ? AND wait_event_type = 'Lock'", (int) secondPid) == 1);
            assertThat(secondWriter).isNotDone();
            first.commit();
            secondWriter.get(30, TimeUnit.SECONDS);
        }
        List<long[]> rows = servers.jdbc().query(
                "SELECT cardinality(days) AS n, (SELECT count(*) FROM properties WHERE region_id = 'R2') AS expected"
                        + " FROM region_purchase_days WHERE region_id = 'R2'", row -> new long[]{row.getLong("n"), row.getLong("expected")});
        assertThat(rows).isNotEmpty();
        assertThat(rows.get(0)[0]).isEqualTo(rows.get(0)[1]).isGreaterThanOrEqualTo(2);
    }

    private static void assertMatchesDirectCount(String stage) throws Exception {
        for (Instant cutOff : CUT_OFFS) {
            Map<String, double[]> vectors = computer.computeVectors(List.of(tenure), USERS, cutOff)
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            servers.jdbc().withConnection(direct -> {
                int compared = 0;
                for (String user : USERS) {
                    Double expected = directCount(direct, user, cutOff);
                    double actual = vectors.get(user)[0];
                    if (expected == null) {
                        assertThat(actual).as("%s, %s at %s", stage, user, cutOff).isNaN();
                    } else {
                        assertThat(actual).as("%s, %s at %s", stage, user, cutOff).isCloseTo(expected, within(1e-12));
                        compared++;
                    }
                }
                if (!stage.contains("TRUNCATE") && cutOff.isAfter(Instant.parse("2021-01-01T00:00:00Z"))) {
                    assertThat(compared).as("users with a property before %s", cutOff).isGreaterThan(20);
                }
                return null;
            });
        }
    }

    private static Double directCount(TestDatabase direct, String user, Instant cutOff) throws Exception {
        var at = cutOff.atOffset(ZoneOffset.UTC);
        List<Double> rows = direct.query(DIRECT_COUNT, row -> {
            double value = row.getDouble(1);
            return row.wasNull() ? null : value;
        }, at, user, at);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static long regionDaysTotal() throws Exception {
        return servers.jdbc().count("SELECT coalesce(sum(cardinality(days)), 0) FROM region_purchase_days");
    }

    private static long countProperties() throws Exception {
        return servers.jdbc().count("SELECT count(*) FROM properties");
    }
}
