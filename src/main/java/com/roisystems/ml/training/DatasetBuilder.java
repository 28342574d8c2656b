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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds point-in-time training sets: features as of each cut-off from {@link FeatureComputer#computeVectors}
 * (set-based, {@value #CHUNK} users per statement), labels from {@link TrainingQueries} (only what happened at or
 * after the cut-off). Blocking: call it from a command thread or the training thread, never an event loop.
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
     * {@code categories} and {@code names} select catalog features (both empty: all). Cut-offs are sorted;
     * the last 20% are TEST, the 20% before VALIDATION, the rest TRAIN (at least three cut-offs).
     */
    public TrainingDataset createTrainingDataset(List<String> userIds, List<String> categories, List<String> names,
                                                 List<Instant> cutoffs, PredictionType label) throws Exception {
        List<Instant> sorted = cutoffs.stream().sorted().distinct().toList();
        if (sorted.size() < 3) {
            throw ServiceFailure.invalid("cutoffs", "need at least 3 distinct cut-offs for a time-ordered split, got " + sorted.size());
        }
        List<FeatureDefinition> definitions = computer.catalog().select(names, categories);
        List<String> featureNames = new ArrayList<>(definitions.stream().map(FeatureDefinition::name).toList());
        if (label == PredictionType.CONTACT_TIMING) {
            featureNames.addAll(ContactSlots.FEATURES);
        }
        List<TrainingDataset.Row> rows = new ArrayList<>();
        for (int c = 0; c < sorted.size(); c++) {
            Instant cutoff = sorted.get(c);
            TrainingDataset.Split split = split(c, sorted.size());
            int before = rows.size();
            for (int from = 0; from < userIds.size(); from += CHUNK) {
                List<String> chunk = userIds.subList(from, Math.min(userIds.size(), from + CHUNK));
                Map<String, double[]> vectors = Blocking.await(computer.computeVectors(definitions, chunk, cutoff), WAIT);
                addRows(label, chunk, cutoff, split, vectors, rows);
            }
            // Label queries join in whatever order the planner picks; a fixed order keeps seeded subsampling reproducible.
            rows.subList(before, rows.size()).sort(Comparator.comparing(TrainingDataset.Row::entityId)
                    .thenComparingInt(TrainingDataset.Row::slot));
            progress.accept(String.format("  %s cut-off %s (%s): %,d rows", label, cutoff.toString().substring(0, 10), split, rows.size() - before));
        }
        JsonObject description = new JsonObject().put("label", labelDefinition(label))
                .put("cutoffs", new JsonArray(sorted.stream().map(Instant::toString).toList()))
                .put("users", userIds.size()).put("rows", rows.size())
                .put("split", "by cut-off: last 20% TEST, previous 20% VALIDATION, rest TRAIN");
        TrainingDataset dataset = new TrainingDataset(label, List.copyOf(featureNames), rows, description);
        log.info("{} training set: {} rows ({} train, {} validation, {} test) over {} cut-offs, {} features", label, rows.size(),
                dataset.count(TrainingDataset.Split.TRAIN), dataset.count(TrainingDataset.Split.VALIDATION),
                dataset.count(TrainingDataset.Split.TEST), sorted.size(), featureNames.size());
        return dataset;
    }

    /** Monthly cut-offs (first of month, UTC): the last {@code count} that leave a year of history before and {@code horizonDays} after. */
    public List<Instant> monthlyCutoffs(int count, int horizonDays) throws Exception {
        return monthlyCutoffs(count, horizonDays, false);
    }

    /**
     * As {@link #monthlyCutoffs(int, int)}, saying why when the data has too few: a count the request asked for
     * ({@code requested}) that the data cannot give is a 400 naming {@code cutoffs} with how many exist; fewer than the
     * three a time-ordered split needs is a 409 with the data's span, whoever chose the count.
     */
    public List<Instant> monthlyCutoffs(int count, int horizonDays, boolean requested) throws Exception {
        Row span = Blocking.await(pool.query(TrainingQueries.DATA_SPAN).execute(), WAIT).iterator().next();
        LocalDate first = span.getLocalDate(0);
        LocalDate last = span.getLocalDate(1);
        if (first == null) {
            throw ServiceFailure.conflict("market_data is empty: there is no platform data to train on");
        }
        List<Instant> cutoffs = new ArrayList<>();
        Instant end = last.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        for (LocalDate month = first.plusMonths(12); !month.isAfter(last); month = month.plusMonths(1)) {
            Instant cutoff = month.atStartOfDay().toInstant(ZoneOffset.UTC);
            if (!cutoff.plus(Duration.ofDays(horizonDays)).isAfter(end)) {
                cutoffs.add(cutoff);
            }
        }
        String rule = "each needs 12 months of history before it and " + horizonDays + " days after it, within the data's span "
                + first + " to " + last;
        if (requested && cutoffs.size() < count) {
            throw ServiceFailure.invalid("cutoffs", "asked for " + count + " monthly cut-offs; the data allows " + cutoffs.size() + " (" + rule + ")");
        }
        if (cutoffs.size() < 3) {
            throw ServiceFailure.conflict("the data allows " + cutoffs.size() + " monthly cut-offs and a time-ordered split needs at least 3 ("
                    + rule + ")");
        }
        return cutoffs.subList(Math.max(0, cutoffs.size() - count), cutoffs.size());
    }

    public List<String> userIds(int limit) throws Exception {
        List<String> ids = new ArrayList<>();
        Blocking.await(pool.preparedQuery(TrainingQueries.USER_IDS).execute(Tuple.of(limit)), WAIT).forEach(row -> ids.add(row.getString(0)));
        return ids;
    }

    static TrainingDataset.Split split(int index, int count) {
        int test = Math.max(1, (int) Math.round(count * 0.2));
        int validation = Math.max(1, (int) Math.round(count * 0.2));
        if (index >= count - test) {
            return TrainingDataset.Split.TEST;
        }
        return index >= count - test - validation ? TrainingDataset.Split.VALIDATION : TrainingDataset.Split.TRAIN;
    }

    private void addRows(PredictionType label, List<String> chunk, Instant cutoff, TrainingDataset.Split split,
                         Map<String, double[]> vectors, List<TrainingDataset.Row> rows) throws Exception {
        Tuple params = Tuple.of(chunk.toArray(String[]::new), cutoff.atOffset(ZoneOffset.UTC));
        switch (label) {
            case MOVE_PROBABILITY -> query(TrainingQueries.MOVE_LABELS, params).forEach(row -> add(rows, vectors, row.getString(0), cutoff, split,
                    row.getBoolean(1) ? 1 : 0, orNaN(row.getDouble(2))));
            case TRANSACTION_TYPE -> query(TrainingQueries.NEXT_TYPE_LABELS, params).forEach(row -> add(rows, vectors, row.getString(0), cutoff,
                    split, TransactionTypes.index(row.getString(1)), TransactionTypes.indexOrNaN(row.getString(2))));
            case PROPERTY_VALUE -> query(TrainingQueries.NEXT_VALUATIONS, params).forEach(row -> add(rows, vectors, row.getString(0), cutoff,
                    split, Math.log(row.getDouble(2)), row.getDouble(3) == null ? Double.NaN : Math.log(row.getDouble(3))));
            case CONTACT_TIMING -> addContactRows(chunk, cutoff, split, vectors, rows);
        }
    }

    private void addContactRows(List<String> chunk, Instant cutoff, TrainingDataset.Split split, Map<String, double[]> vectors,
                                List<TrainingDataset.Row> rows) throws Exception {
        String[] ids = chunk.toArray(String[]::new);
        Map<String, Map<Integer, Integer>> history = slotCounts(ids, cutoff.minus(Duration.ofDays(ContactSlots.HISTORY_DAYS)), cutoff);
        Map<String, Map<Integer, Integer>> future = slotCounts(ids, cutoff, cutoff.plus(Duration.ofDays(ContactSlots.LABEL_DAYS)));
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
            for (int slot = 0; slot < ContactSlots.SLOTS; slot++) {
                double[] slotFeatures = ContactSlots.encode(slot, counts);
                double[] features = new double[person.length + slotFeatures.length];
                System.arraycopy(person, 0, features, 0, person.length);
                System.arraycopy(slotFeatures, 0, features, person.length, slotFeatures.length);
                rows.add(new TrainingDataset.Row(user, cutoff, slot, missing(features), after.containsKey(slot) ? 1 : 0,
                        propensity == null ? Double.NaN : propensity[slot], split));
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

    private static void add(List<TrainingDataset.Row> rows, Map<String, double[]> vectors, String user, Instant cutoff,
                            TrainingDataset.Split split, double label, double oracle) {
        double[] features = vectors.get(user);
        if (features != null) {
            rows.add(new TrainingDataset.Row(user, cutoff, -1, missing(features.clone()), label, oracle, split));
        }
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
                    + " users without one are excluded";
            case CONTACT_TIMING -> "per user x week slot: 1 if an email was opened or clicked or a session started in that slot within "
                    + ContactSlots.LABEL_DAYS + " days after the cut-off; users without engagement in the " + ContactSlots.HISTORY_DAYS
                    + " days before are excluded";
            case PROPERTY_VALUE -> "log of the first valuation (AVM or sale) of the user's primary property in [cut-off, cut-off + 120 days)";
        };
    }
}
