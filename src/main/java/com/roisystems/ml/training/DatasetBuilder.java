package com.roisystems.ml.training;

import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.features.FeatureDefinition;
import com.roisystems.ml.features.FeatureComputer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds point-in-time training sets: features as of each cut-off from {@link FeatureComputer#computeVectors}
 * (set-based, {@value #CHUNK} users per statement), labels from {@link TrainingQueries} (only what happened at or
 * after the cut-off), each row tagged with its label group and time and split by {@link GroupedSplit}. Blocking: call
 * it from a command thread or the training thread, never an event loop.
 *
 * <p>{@code builder.createTrainingDataset(userIds, List.of("BEHAVIORAL"), List.of(), cutoffs, PredictionType.MOVE_PROBABILITY)}
 */
public final class DatasetBuilder {

    private static final Logger log = LoggerFactory.getLogger(DatasetBuilder.class);
    static final int CHUNK = 500;
    private static final Duration WAIT = Duration.ofMinutes(20);

    private final FeatureComputer computer;
    private final Pool pool;
    private final Consumer<String> progress;

    public DatasetBuilder(FeatureComputer computer, Pool pool, Consumer<String> progress) {
        this.computer = computer;
        this.pool = pool;
        this.progress = progress;
    }

    /**
     * {@code categories} and {@code names} select catalog features (both empty: all). Rows are built per cut-off, then
     * split by label group and time ({@link GroupedSplit}); the description says how many label events the platform
     * has, how many labelled a row and why the others did not ({@link LabelUsage}).
     */
    public TrainingDataset createTrainingDataset(List<String> userIds, List<String> categories, List<String> names,
                                                 List<Instant> cutoffs, PredictionType label) throws Exception {
        List<Instant> sorted = cutoffs.stream().sorted().distinct().toList();
        if (sorted.isEmpty()) {
            throw ServiceFailure.invalid(TrainingContract.CUTOFFS, "need at least one cut-off");
        }
        List<FeatureDefinition> definitions = computer.catalog().select(names, categories);
        List<String> featureNames = new ArrayList<>(definitions.stream().map(FeatureDefinition::name).toList());
        if (label == PredictionType.CONTACT_TIMING) {
            featureNames.addAll(ContactSlots.FEATURES);
        }
        List<TrainingDataset.Row> rows = new ArrayList<>();
        Set<String> usedEvents = new HashSet<>();
        for (Instant cutoff : sorted) {
            int before = rows.size();
            for (int from = 0; from < userIds.size(); from += CHUNK) {
                List<String> chunk = userIds.subList(from, Math.min(userIds.size(), from + CHUNK));
                Map<String, double[]> vectors = Blocking.await(computer.computeVectors(definitions, chunk, cutoff), WAIT);
                addRows(label, chunk, cutoff, vectors, rows, usedEvents);
            }
            // Label queries join in whatever order the planner picks; a fixed order keeps seeded subsampling reproducible.
            rows.subList(before, rows.size()).sort(Comparator.comparing(TrainingDataset.Row::entityId)
                    .thenComparingInt(TrainingDataset.Row::slot).thenComparing(TrainingDataset.Row::group));
            progress.accept(String.format("  %s cut-off %s: %,d rows", label, cutoff.toString().substring(0, 10), rows.size() - before));
        }
        List<TrainingDataset.Row> split = GroupedSplit.assign(rows);
        JsonObject description = new JsonObject().put("label", labelDefinition(label))
                .put("cutoffs", new JsonArray(sorted.stream().map(Instant::toString).toList()))
                .put("users", userIds.size()).put("rows", split.size())
                .put("split", GroupedSplit.describe(split));
        JsonObject usage = LabelUsage.count(pool, label, userIds, sorted, usedEvents);
        if (usage != null) {
            description.put("label_events", usage);
        }
        TrainingDataset dataset = new TrainingDataset(label, List.copyOf(featureNames), split, description);
        log.info("{} training set: {} rows ({} train, {} validation, {} test) over {} cut-offs, {} features{}", label, split.size(),
                dataset.count(TrainingDataset.Split.TRAIN), dataset.count(TrainingDataset.Split.VALIDATION),
                dataset.count(TrainingDataset.Split.TEST), sorted.size(), featureNames.size(),
                usage == null ? "" : String.format("; %d of %d %s used", usage.getLong("used"), usage.getLong("available"), usage.getString("events")));
        return dataset;
    }

    public List<String> userIds(int limit) throws Exception {
        List<String> ids = new ArrayList<>();
        Blocking.await(pool.preparedQuery(TrainingQueries.USER_IDS).execute(Tuple.of(limit)), WAIT).forEach(row -> ids.add(row.getString(0)));
        return ids;
    }

    private void addRows(PredictionType label, List<String> chunk, Instant cutoff, Map<String, double[]> vectors,
                         List<TrainingDataset.Row> rows, Set<String> usedEvents) throws Exception {
        Tuple params = Tuple.of(chunk.toArray(String[]::new), cutoff.atOffset(ZoneOffset.UTC));
        Instant windowEnd = cutoff.plus(Duration.ofDays(MonthlyCutoffs.horizonDays(label)));
        switch (label) {
            case MOVE_PROBABILITY -> query(TrainingQueries.MOVE_LABELS, params).forEach(row -> {
                String transaction = row.getString("transaction_id");
                // No transaction in the window: the row's own (user, cut-off) is its group. Every row's label time is its
                // window's end, positives' too: a transaction's own time is earlier than the end of a window without one by
                // construction, so ordering by it would sort the rows by their label (late cut-offs' positives in TRAIN,
                // their negatives in TEST).
                String group = transaction == null ? noEventGroup(row.getString(0), cutoff) : transaction;
                add(rows, usedEvents, vectors, row.getString(0), row.getString(0), cutoff, row.getBoolean(1) ? 1 : 0,
                        orNaN(row.getDouble(2)), group, windowEnd, transaction);
            });
            case TRANSACTION_TYPE -> query(TrainingQueries.NEXT_TYPE_LABELS, params).forEach(row -> add(rows, usedEvents, vectors,
                    row.getString(0), row.getString(0), cutoff, TransactionTypes.index(row.getString(1)),
                    TransactionTypes.indexOrNaN(row.getString(2)), row.getString("transaction_id"),
                    row.getOffsetDateTime("opened_at").toInstant(), row.getString("transaction_id")));
            case PROPERTY_VALUE -> query(TrainingQueries.NEXT_VALUATIONS, params).forEach(row -> add(rows, usedEvents, vectors,
                    row.getString(0), row.getString(1), cutoff, Math.log(row.getDouble(2)),
                    row.getDouble(3) == null ? Double.NaN : Math.log(row.getDouble(3)), row.getString("event_id"),
                    row.getOffsetDateTime("valued_at").toInstant(), row.getString("event_id")));
            case CONTACT_TIMING -> addContactRows(chunk, cutoff, vectors, rows);
        }
    }

    private void addContactRows(List<String> chunk, Instant cutoff, Map<String, double[]> vectors,
                                List<TrainingDataset.Row> rows) throws Exception {
        String[] ids = chunk.toArray(String[]::new);
        Instant windowEnd = cutoff.plus(Duration.ofDays(ContactSlots.LABEL_DAYS));
        Map<String, Map<Integer, Integer>> history = slotCounts(ids, cutoff.minus(Duration.ofDays(ContactSlots.HISTORY_DAYS)), cutoff);
        Map<String, Map<Integer, Integer>> future = slotCounts(ids, cutoff, windowEnd);
        Map<String, float[]> truth = new HashMap<>();
        query(TrainingQueries.CONTACT_TRUTH, Tuple.of(ids)).forEach(row -> {
            Object[] values = row.getArrayOfFloats(1) != null ? row.getArrayOfFloats(1) : new Float[0];
            float[] propensity = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                propensity[i] = (Float) values[i];
            }
            truth.put(row.getString(0), propensity);
        });
        for (String user : chunk) {
            double[] person = vectors.get(user);
            Map<Integer, Integer> past = history.get(user);
            // A person with no engagement history has nothing to time; the service falls back to slot popularity.
            if (person == null || past == null) {
                continue;
            }
            int[] counts = ContactSlots.histogram(past);
            Map<Integer, Integer> after = future.getOrDefault(user, Map.of());
            float[] propensity = truth.get(user);
            // The 168 slots of one (person, cut-off) are labelled by the same window: one group, on one side of the split.
            String group = noEventGroup(user, cutoff);
            for (int slot = 0; slot < ContactSlots.SLOTS; slot++) {
                double[] slotFeatures = ContactSlots.encode(slot, counts);
                double[] features = new double[person.length + slotFeatures.length];
                System.arraycopy(person, 0, features, 0, person.length);
                System.arraycopy(slotFeatures, 0, features, person.length, slotFeatures.length);
                rows.add(new TrainingDataset.Row(user, cutoff, slot, missing(features), after.containsKey(slot) ? 1 : 0,
                        propensity == null ? Double.NaN : propensity[slot], group, windowEnd, null));
            }
        }
    }

    private Map<String, Map<Integer, Integer>> slotCounts(String[] ids, Instant from, Instant to) throws Exception {
        Map<String, Map<Integer, Integer>> counts = new HashMap<>();
        query(TrainingQueries.SLOT_ENGAGEMENTS, Tuple.of(ids, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .forEach(row -> counts.computeIfAbsent(row.getString(0), k -> new HashMap<>()).put(row.getInteger(1), row.getLong(2).intValue()));
        return counts;
    }

    private RowSet<Row> query(String sql, Tuple params) throws Exception {
        return Blocking.await(pool.preparedQuery(sql).execute(params), WAIT);
    }

    /**
     * One row for {@code user}'s features at {@code cutoff}, describing {@code entity}; {@code labelEvent} (null when
     * none) is recorded as used only when a row is kept.
     */
    private static void add(List<TrainingDataset.Row> rows, Set<String> usedEvents, Map<String, double[]> vectors, String user,
                            String entity, Instant cutoff, double label, double oracle, String group, Instant labelTime, String labelEvent) {
        double[] features = vectors.get(user);
        if (features != null) {
            rows.add(new TrainingDataset.Row(entity, cutoff, -1, missing(features.clone()), label, oracle, group, labelTime, null));
            if (labelEvent != null) {
                usedEvents.add(labelEvent);
            }
        }
    }

    private static String noEventGroup(String entity, Instant cutoff) {
        return entity + "@" + cutoff;
    }

    private static double[] missing(double[] features) {
        for (int i = 0; i < features.length; i++) {
            if (Double.isNaN(features[i])) {
                features[i] = TrainingDataset.MISSING;
            }
        }
        return features;
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    static String labelDefinition(PredictionType type) {
        return switch (type) {
            case MOVE_PROBABILITY -> "1 if the user opened any transaction (SELL, BUY, REFINANCE or INVESTMENT) in [cut-off, cut-off + 90 days);"
                    + " all types, because the simulator's truth p_transact_90d counts every deal";
            case TRANSACTION_TYPE -> "type of the first transaction opened in [cut-off, cut-off + 180 days) (BUY=0, SELL=1, REFINANCE=2, INVESTMENT=3);"
                    + " users without one are excluded; a window cut short by the end of the data still holds its first transaction";
            case CONTACT_TIMING -> "per user x week slot: 1 if an email was opened or clicked or a session started in that slot within "
                    + ContactSlots.LABEL_DAYS + " days after the cut-off; users without engagement in the " + ContactSlots.HISTORY_DAYS
                    + " days before are excluded";
            case PROPERTY_VALUE -> "log of each valuation (AVM, appraisal or sale) in [cut-off, cut-off + 120 days) of the user's primary"
                    + " property as of the cut-off (owned since: purchase date when known, else when the platform learned of it), one row"
                    + " per valuation; a window cut short by the end of the data keeps the valuations observed in it";
        };
    }
}
