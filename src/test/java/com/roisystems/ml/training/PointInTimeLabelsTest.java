package com.roisystems.ml.training;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.model.ContactSlots;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        pool = PgPools.shared(vertx, servers.config().json());
        FeatureComputer computer = FeatureComputer.create(pool, FeatureCatalog.standard()).await(30, TimeUnit.SECONDS);
        builder = new DatasetBuilder(computer, pool, line -> { });
    }

    private static Pool pool;

    private static List<Instant> cutoffs(PredictionType type, int count) throws Exception {
        return MonthlyCutoffs.choose(type, MonthlyCutoffs.span(pool, type), count, false, MonthlyCutoffs.MinHistory.configured(12));
    }

    @Test
    @DisplayName("asking for more cut-offs than the data allows is a 400 naming cutoffs with how many exist; too long a history is a 409 naming no field")
    void tooManyCutoffsSaysHowManyExist() throws Exception {
        MonthlyCutoffs.Span span = MonthlyCutoffs.span(pool, PredictionType.MOVE_PROBABILITY);
        assertThat(span.historyStart()).isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
        int available = cutoffs(PredictionType.MOVE_PROBABILITY, 1_000).size();
        assertThat(available).as("24 months, 12 of history, the last 3 hold no whole 90-day window").isEqualTo(10);
        Throwable asked = catchThrowable(() -> MonthlyCutoffs.choose(PredictionType.MOVE_PROBABILITY, span, available + 1, true,
                MonthlyCutoffs.MinHistory.configured(12)));
        assertThat(asked).isInstanceOf(ServiceFailure.class);
        assertThat(((ServiceFailure) asked).code()).isEqualTo(FailureCode.INVALID_REQUEST);
        assertThat(((ServiceFailure) asked).field()).isEqualTo("cutoffs");
        assertThat(asked.getMessage()).contains("asked for " + (available + 1) + " monthly cut-offs; the data allows " + available);

        Throwable tooShort = catchThrowable(() -> MonthlyCutoffs.choose(PredictionType.MOVE_PROBABILITY, span, 3, false,
                MonthlyCutoffs.MinHistory.requested(30)));
        assertThat(((ServiceFailure) tooShort).code()).isEqualTo(FailureCode.CONFLICT);
        assertThat(((ServiceFailure) tooShort).field()).as("no field the request did not send").isNull();
        assertThat(tooShort.getMessage()).contains("allows 0 monthly cut-offs").contains("30 months (min_history_months)");
    }

    @Test
    @DisplayName("never contain a feature computed from data at or after their cut-off, while labels see it")
    void featuresIgnoreLaterData() throws Exception {
        List<String> users = builder.userIds(100);
        List<Instant> cutoffs = cutoffs(PredictionType.MOVE_PROBABILITY, 3);
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
        try {
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
            assertThat(after.rows()).filteredOn(row -> row.cutoff().equals(last)).allMatch(row -> row.label() == 1.0);
            assertThat(before.rows()).filteredOn(row -> row.cutoff().equals(last)).anyMatch(row -> row.label() == 0.0);
        } finally {
            // Other tests read the simulated platform as it was.
            servers.jdbc().execute("DELETE FROM transactions WHERE transaction_id LIKE 'late_%'");
            servers.jdbc().execute("DELETE FROM email_events WHERE email_id = 'late'");
            servers.jdbc().execute("DELETE FROM platform_sessions WHERE session_id = 'late'");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PredictionType.class)
    @DisplayName("never put one label group on two sides of the split, and order the sides by label time")
    void noLabelGroupOnTwoSides(PredictionType type) throws Exception {
        TrainingDataset dataset = builder.createTrainingDataset(builder.userIds(type == PredictionType.CONTACT_TIMING ? 60 : 300),
                type == PredictionType.PROPERTY_VALUE ? List.of("PROPERTY", "MARKET") : List.of(),
                type == PredictionType.CONTACT_TIMING ? ContactSlots.PERSON_FEATURES : List.of(), cutoffs(type, 6), type);
        Map<String, TrainingDataset.Split> sides = new HashMap<>();
        for (TrainingDataset.Row row : dataset.rows()) {
            TrainingDataset.Split first = sides.putIfAbsent(row.group(), row.split());
            assertThat(first == null || first == row.split()).as("%s group %s on %s and %s", type, row.group(), first, row.split()).isTrue();
        }
        for (TrainingDataset.Split split : TrainingDataset.Split.values()) {
            assertThat(dataset.count(split)).as("%s %s rows", type, split).isPositive();
        }
        // A group is placed by its latest label time.
        Map<String, Instant> groupTimes = new HashMap<>();
        dataset.rows().forEach(row -> groupTimes.merge(row.group(), row.labelTime(), (a, b) -> a.isAfter(b) ? a : b));
        assertThat(latest(groupTimes, sides, TrainingDataset.Split.TRAIN)).isBeforeOrEqualTo(earliest(groupTimes, sides, TrainingDataset.Split.VALIDATION));
        assertThat(latest(groupTimes, sides, TrainingDataset.Split.VALIDATION)).isBeforeOrEqualTo(earliest(groupTimes, sides, TrainingDataset.Split.TEST));
        if (type == PredictionType.MOVE_PROBABILITY) {
            // The split must not sort rows by their label: positive rates of the sides stay within a few points.
            double trainRate = dataset.rows(TrainingDataset.Split.TRAIN).stream().mapToDouble(TrainingDataset.Row::label).average().orElseThrow();
            double testRate = dataset.rows(TrainingDataset.Split.TEST).stream().mapToDouble(TrainingDataset.Row::label).average().orElseThrow();
            assertThat(Math.abs(trainRate - testRate)).as("train %.3f, test %.3f", trainRate, testRate).isLessThan(0.05);
        }
        assertThat(dataset.rows()).allMatch(row -> !row.labelTime().isBefore(row.cutoff()), "label at or after the cut-off");
        JsonObject described = dataset.description().getJsonObject("split");
        assertThat(described.getJsonObject("test").getInteger("rows")).isEqualTo(dataset.count(TrainingDataset.Split.TEST));
    }

    @Test
    @DisplayName("label every cut-off whose window holds a valuation, and account for every valuation the platform has")
    void everyValuationLabels() throws Exception {
        List<String> users = builder.userIds(300);
        TrainingDataset dataset = builder.createTrainingDataset(users, List.of("PROPERTY", "MARKET"), List.of(), cutoffs(PredictionType.PROPERTY_VALUE, 6),
                PredictionType.PROPERTY_VALUE);
        Map<String, Set<Instant>> cutoffsPerValuation = new HashMap<>();
        Map<String, Integer> rowsPerPropertyCutoff = new HashMap<>();
        for (TrainingDataset.Row row : dataset.rows()) {
            cutoffsPerValuation.computeIfAbsent(row.group(), k -> new HashSet<>()).add(row.cutoff());
            rowsPerPropertyCutoff.merge(row.entityId() + "@" + row.cutoff(), 1, Integer::sum);
            assertThat(row.labelTime()).isBefore(row.cutoff().plus(Duration.ofDays(120)));
        }
        // Quarterly valuations, 120-day windows: one valuation labels up to four monthly cut-offs, and a window can hold two.
        assertThat(cutoffsPerValuation.values()).anyMatch(set -> set.size() >= 3);
        assertThat(rowsPerPropertyCutoff.values()).anyMatch(count -> count == 2);

        JsonObject usage = dataset.description().getJsonObject("label_events");
        long available = servers.jdbc().count("SELECT count(*) FROM property_valuations");
        assertThat(usage.getLong("available")).isEqualTo(available);
        assertThat(usage.getLong("used")).isEqualTo(cutoffsPerValuation.size());
        long notUsed = usage.getJsonObject("not_used").stream().mapToLong(e -> ((JsonObject) e.getValue()).getLong("events")).sum();
        assertThat(usage.getLong("used") + notUsed).isEqualTo(available);
        assertThat(usage.getJsonObject("not_used").fieldNames()).contains("before_first_cutoff");
    }

    @Test
    @DisplayName("account for every transaction: used as a label event, or why not")
    void everyTransactionAccountedFor() throws Exception {
        TrainingDataset dataset = builder.createTrainingDataset(builder.userIds(100), List.of(), List.of(),
                cutoffs(PredictionType.TRANSACTION_TYPE, 1_000), PredictionType.TRANSACTION_TYPE);
        JsonObject usage = dataset.description().getJsonObject("label_events");
        assertThat(usage.getString("events")).isEqualTo("transactions");
        long notUsed = usage.getJsonObject("not_used").stream().mapToLong(e -> ((JsonObject) e.getValue()).getLong("events")).sum();
        assertThat(usage.getLong("used") + notUsed).isEqualTo(servers.jdbc().count("SELECT count(*) FROM transactions"));
        assertThat(usage.getLong("used")).isEqualTo(dataset.rows().stream().map(TrainingDataset.Row::group).distinct().count());
        assertThat(usage.getJsonObject("not_used").fieldNames()).as(usage.encode()).contains("user_not_sampled");
    }

    @Test
    @DisplayName("export to CSV and JSON with each row's split, label group and label time")
    void exports(@TempDir Path directory) throws Exception {
        TrainingDataset dataset = builder.createTrainingDataset(builder.userIds(50), List.of("PROPERTY", "MARKET"), List.of(),
                cutoffs(PredictionType.PROPERTY_VALUE, 5), PredictionType.PROPERTY_VALUE);
        dataset.writeCsv(directory.resolve("set.csv"));
        dataset.writeJson(directory.resolve("set.json"));
        List<String> lines = Files.readAllLines(directory.resolve("set.csv"));
        assertThat(lines).hasSize(dataset.rows().size() + 1);
        assertThat(lines.get(0)).startsWith("entity_id,cutoff,slot,split,label_group,label_time,").endsWith(",label,oracle");
        JsonObject json = new JsonObject(Files.readString(directory.resolve("set.json")));
        assertThat(json.getJsonArray("rows")).hasSize(dataset.rows().size());
        assertThat(json.getJsonArray("rows").getJsonObject(0).getString("label_group")).isEqualTo(dataset.rows().get(0).group());
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

    private static Instant earliest(Map<String, Instant> groupTimes, Map<String, TrainingDataset.Split> sides, TrainingDataset.Split split) {
        return groupTimes.entrySet().stream().filter(e -> sides.get(e.getKey()) == split).map(Map.Entry::getValue).min(Instant::compareTo).orElseThrow();
    }

    private static Instant latest(Map<String, Instant> groupTimes, Map<String, TrainingDataset.Split> sides, TrainingDataset.Split split) {
        return groupTimes.entrySet().stream().filter(e -> sides.get(e.getKey()) == split).map(Map.Entry::getValue).max(Instant::compareTo).orElseThrow();
    }
}
