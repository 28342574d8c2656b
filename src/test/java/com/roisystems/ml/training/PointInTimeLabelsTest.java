package com.roisystems.ml.training;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.FeatureComputer;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Point-in-time training sets")
class PointInTimeLabelsTest {

    private static final SimulationParameters PLATFORM = SimulationParameters.defaults().withUsers(300).withMonths(24).withSeed(9);

    private static TestServers servers;
    private static DatasetBuilder builder;

    @BeforeAll
    static void simulate(Vertx vertx, TestServers testServers) throws Exception {
        servers = testServers;
        Simulation.load(servers.database(), PLATFORM, false, Progress.NONE);
        Pool pool = PgPools.shared(vertx, servers.config().json());
        FeatureComputer computer = FeatureComputer.create(pool, FeatureCatalog.standard()).await(30, TimeUnit.SECONDS);
        builder = new DatasetBuilder(computer, pool, line -> { });
    }

    @Test
    @DisplayName("asking for more cut-offs than the data allows is a 400 naming cutoffs with how many exist; the default count is never an error naming a field")
    void tooManyCutoffsSaysHowManyExist() throws Exception {
        int available = builder.monthlyCutoffs(1_000, 90).size();
        Throwable asked = catchThrowable(() -> builder.monthlyCutoffs(available + 1, 90, true));
        assertThat(asked).isInstanceOf(ServiceFailure.class);
        assertThat(((ServiceFailure) asked).code()).isEqualTo(FailureCode.INVALID_REQUEST);
        assertThat(((ServiceFailure) asked).field()).isEqualTo("cutoffs");
        assertThat(asked.getMessage()).contains("asked for " + (available + 1) + " monthly cut-offs; the data allows " + available);
        assertThat(builder.monthlyCutoffs(available + 1, 90, false)).as("not asked for: as many as exist").hasSize(available);

        Throwable tooShort = catchThrowable(() -> builder.monthlyCutoffs(3, 365 * 40, false));
        assertThat(((ServiceFailure) tooShort).code()).isEqualTo(FailureCode.CONFLICT);
        assertThat(((ServiceFailure) tooShort).field()).as("no field the request did not send").isNull();
        assertThat(tooShort.getMessage()).contains("allows 0 monthly cut-offs").contains("needs at least 3");
    }

    @Test
    @DisplayName("never contain a feature computed from data at or after their cut-off, while labels see it")
    void featuresIgnoreLaterData() throws Exception {
        List<String> users = builder.userIds(100);
        List<Instant> cutoffs = builder.monthlyCutoffs(3, 90);
        TrainingDataset before = builder.createTrainingDataset(users, List.of(), List.of(), cutoffs, PredictionType.MOVE_PROBABILITY);
        Instant last = cutoffs.get(cutoffs.size() - 1);
        // Activity at the last cut-off exactly and after it, for every user: opens, sessions, a valuation, a deal.
        servers.jdbc().withConnection(database -> {
            for (String user : users) {
                for (Instant at : List.of(last, last.plus(Duration.ofHours(5)), last.plus(Duration.ofDays(40)))) {
                    insertEngagement(database, user, at);
                }
                insertTransaction(database, user, last.plus(Duration.ofDays(10)));
            }
            return null;
        });
        TrainingDataset after = builder.createTrainingDataset(users, List.of(), List.of(), cutoffs, PredictionType.MOVE_PROBABILITY);

        assertThat(after.rows()).hasSameSizeAs(before.rows());
        for (int i = 0; i < before.rows().size(); i++) {
            double[] was = before.rows().get(i).features();
            double[] is = after.rows().get(i).features();
            for (int f = 0; f < was.length; f++) {
                assertThat(is[f]).as("%s of %s at %s", before.featureNames().get(f), before.rows().get(i).entityId(),
                        before.rows().get(i).cutoff()).isEqualTo(was[f]);
            }
        }
        assertThat(after.rows(TrainingDataset.Split.TEST)).allMatch(row -> row.label() == 1.0);
        assertThat(before.rows(TrainingDataset.Split.TEST)).anyMatch(row -> row.label() == 0.0);
        assertThat(before.rows(TrainingDataset.Split.TRAIN)).allMatch(row -> row.cutoff().isBefore(before.rows(TrainingDataset.Split.TEST).get(0).cutoff()));
    }

    @Test
    @DisplayName("split by time and export to CSV and JSON")
    void exports(@TempDir Path directory) throws Exception {
        List<Instant> cutoffs = builder.monthlyCutoffs(5, 120);
        TrainingDataset dataset = builder.createTrainingDataset(builder.userIds(50), List.of("PROPERTY", "MARKET"), List.of(), cutoffs,
                PredictionType.PROPERTY_VALUE);
        assertThat(dataset.rows(TrainingDataset.Split.TEST)).allMatch(row -> row.cutoff().equals(cutoffs.get(4)));
        assertThat(dataset.rows(TrainingDataset.Split.VALIDATION)).allMatch(row -> row.cutoff().equals(cutoffs.get(3)));
        dataset.writeCsv(directory.resolve("set.csv"));
        dataset.writeJson(directory.resolve("set.json"));
        List<String> lines = Files.readAllLines(directory.resolve("set.csv"));
        assertThat(lines).hasSize(dataset.rows().size() + 1);
        assertThat(lines.get(0)).startsWith("entity_id,cutoff,slot,split,").endsWith(",label,oracle");
        JsonObject json = new JsonObject(Files.readString(directory.resolve("set.json")));
        assertThat(json.getJsonArray("rows")).hasSize(dataset.rows().size());
        assertThat(json.getJsonArray("feature_names")).hasSize(dataset.featureNames().size());
    }

    private static void insertEngagement(TestDatabase database, String user, Instant at) throws Exception {
        database.execute("INSERT INTO email_events (event_id, user_id, email_id, action, occurred_at) VALUES (?, ?, 'late', 'OPENED', ?)",
                UUID.randomUUID(), user, at);
        database.execute("INSERT INTO platform_sessions (event_id, session_id, user_id, action, occurred_at) VALUES (?, 'late', ?, 'STARTED', ?)",
                UUID.randomUUID(), user, at);
    }

    private static void insertTransaction(TestDatabase database, String user, Instant at) throws Exception {
        database.execute("INSERT INTO transactions (transaction_id, user_id, transaction_type,"
                + " status, opened_at, updated_at) VALUES (?, ?, 'SELL', 'OPEN', ?, ?)", "late_" + user, user, at, at);
    }
}
