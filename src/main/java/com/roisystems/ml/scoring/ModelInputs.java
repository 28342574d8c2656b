package com.roisystems.ml.scoring;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.db.TenantScope;
import com.roisystems.ml.features.FeatureContract;
import com.roisystems.ml.features.FeatureStatus;
import com.roisystems.ml.features.FeatureValue;
import com.roisystems.ml.features.FeatureVector;
import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.PredictionType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model is scored on: its features from the request or the feature store, in the model's order,
 * and for CONTACT_TIMING the person's 168-slot engagement history.
 *
 * <p>{@code inputs.of(model, request, asOf).map(in -> model.predict(in.values(), in.history()))}
 */
final class ModelInputs {

    /**
     * Values in {@link ServingModel#storeFeatures()} order (NaN = missing), the slot history, their provenance, and the
     * tenant the prediction belongs to: the entity's from the store, else the caller's (null: not known here).
     */
    record Inputs(double[] values, int[] history, Prediction.InputStatus status, String tenant) {

        Inputs withHistory(int[] slotHistory) {
            return new Inputs(values, slotHistory, status, tenant);
        }

        /** The values as logged in {@code ml_predictions.features_used}. */
        JsonObject used(List<String> names) {
            JsonObject used = new JsonObject();
            for (int i = 0; i < names.size(); i++) {
                used.put(names.get(i), Double.isNaN(values[i]) ? null : values[i]);
            }
            return new JsonObject().put("values", used).put("status", status.toJson());
        }
    }

    private final Vertx vertx;
    private final Pool pool;

    ModelInputs(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    Future<Inputs> of(ServingModel model, PredictionRequest request, Instant asOf) {
        Future<Inputs> inputs = request.features() != null ? fromRequest(model, request) : fromStore(model, request);
        return model.type() == PredictionType.CONTACT_TIMING
                ? inputs.compose(features -> slotHistory(request.entityId(), asOf, request.tenant()).map(features::withHistory))
                : inputs;
    }

    /** Request features must name exactly the model's features, each a number (or null for missing). */
    private static Future<Inputs> fromRequest(ServingModel model, PredictionRequest request) {
        List<String> expected = model.storeFeatures();
        for (String name : request.features().keySet()) {
            if (!expected.contains(name)) {
                return Future.failedFuture(ServiceFailure.invalid("features." + name,
                        "unknown to " + model.version().name() + " " + model.version().label()));
            }
        }
        double[] values = new double[expected.size()];
        for (int i = 0; i < values.length; i++) {
            Double value = request.features().get(expected.get(i));
            if (value == null) {
                return Future.failedFuture(ServiceFailure.invalid("features." + expected.get(i), "required by "
                        + model.version().name() + " " + model.version().label()
                        + " (send null for a missing value, or omit 'features' to use the feature store)"));
            }
            values[i] = value;
        }
        return Future.succeededFuture(new Inputs(values, null, Prediction.InputStatus.FROM_REQUEST, request.tenant()));
    }

    private Future<Inputs> fromStore(ServingModel model, PredictionRequest request) {
        FeatureContract.GetRequest get = new FeatureContract.GetRequest(EntityRef.user(request.entityId()), request.asOf(),
                model.storeFeatures(), List.of(), request.tenant());
        return Bus.request(vertx, FeatureContract.GET, get).map(vector -> fromVector(model, vector));
    }

    private static Inputs fromVector(ServingModel model, FeatureVector vector) {
        List<String> names = model.storeFeatures();
        int[] positions = positions(model, vector);
        double[] values = new double[names.size()];
        List<String> missing = new ArrayList<>(0);
        List<String> stale = new ArrayList<>(0);
        for (int i = 0; i < names.size(); i++) {
            FeatureValue value = positions[i] < 0 ? null : vector.values().get(positions[i]);
            values[i] = value == null ? Double.NaN : value.asDouble();
            if (value == null || value.status() == FeatureStatus.MISSING) {
                missing.add(names.get(i));
            } else if (value.status() == FeatureStatus.STALE) {
                stale.add(names.get(i));
            }
        }
        return new Inputs(values, null, new Prediction.InputStatus(vector.source(), vector.asOf(), missing, stale), vector.tenant());
    }

    /** Positions of the model's features in the vector: the learned ones when they still match, else looked up. */
    private static int[] positions(ServingModel model, FeatureVector vector) {
        List<String> names = model.storeFeatures();
        List<FeatureValue> served = vector.values();
        int[] known = model.storePositions();
        if (known != null && known.length == names.size()) {
            boolean matches = true;
            for (int i = 0; i < known.length && matches; i++) {
                matches = known[i] >= 0 ? known[i] < served.size() && served.get(known[i]).name().equals(names.get(i))
                        : vector.indexOf(names.get(i)) < 0;
            }
            if (matches) {
                return known;
            }
        }
        int[] found = new int[names.size()];
        for (int i = 0; i < found.length; i++) {
            found[i] = vector.indexOf(names.get(i));
        }
        model.learnStorePositions(found);
        return found;
    }

    /** In the caller's tenant scope: another tenant's person has no history here, so none of it reaches the answer. */
    private Future<int[]> slotHistory(String userId, Instant asOf, String tenant) {
        return TenantScope.run(pool, tenant, client -> client.preparedQuery(ScoringQueries.SLOT_HISTORY)
                        .execute(Tuple.of(userId, asOf.atOffset(ZoneOffset.UTC))))
                .map(rows -> {
                    int[] history = new int[ContactSlots.SLOTS];
                    rows.forEach(row -> history[row.getInteger("slot")] = row.getLong("engagements").intValue());
                    return history;
                });
    }
}
