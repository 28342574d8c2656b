package com.roisystems.ml.features;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.EntityRef;
import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature store's read side, as Feast's {@code FeatureStore} is: latest vectors through the online
 * store with a PostgreSQL fallback, point-in-time vectors computed from PostgreSQL, and refreshes of the
 * online store for changed users.
 *
 * <p>{@code featureStore.get(new FeatureContract.GetRequest(EntityRef.user("u1"), null, List.of(), List.of()), Instant.now())}
 */
public final class FeatureStore {

    /** Clock skew tolerated before an as-of counts as "in the future". */
    public static final Duration FUTURE_TOLERANCE = Duration.ofSeconds(5);

    private final FeatureComputer computer;
    private final OnlineStore store;
    private final FeatureLayout fullLayout;
    private final Map<String, Integer> fullPositions;

    public FeatureStore(FeatureComputer computer, OnlineStore store, FeatureLayout fullLayout) {
        this.computer = computer;
        this.store = store;
        this.fullLayout = fullLayout;
        this.fullPositions = FeatureRows.positions(fullLayout.names());
    }

    public OnlineStore onlineStore() {
        return store;
    }

    /** Fails with {@link ServiceFailure} as documented on {@link FeatureContract#GET}. */
    public Future<FeatureVector> get(FeatureContract.GetRequest request, Instant now) {
        List<FeatureDefinition> definitions;
        try {
            if (!FeatureDefinition.USER.equalsIgnoreCase(request.entity().entityType())) {
                throw ServiceFailure.invalid("entity_type", "only USER has features, got '" + request.entity().entityType() + "'");
            }
            if (request.asOf() != null && request.asOf().isAfter(now.plus(FUTURE_TOLERANCE))) {
                throw ServiceFailure.invalid("as_of", "must not be in the future");
            }
            definitions = computer.catalog().select(request.names(), request.categories());
        } catch (ServiceFailure e) {
            return Future.failedFuture(e);
        }
        Future<FeatureVector> vector = vector(request, definitions, now);
        return request.markMissing() ? vector.compose(this::markMissing) : vector;
    }

    private Future<FeatureVector> vector(FeatureContract.GetRequest request, List<FeatureDefinition> definitions, Instant now) {
        String userId = request.entity().entityId();
        String tenant = request.tenant();
        if (request.asOf() != null) {
            return computer.compute(definitions, userId, request.asOf(), tenant);
        }
        return store.get(userId).compose(hit -> {
            if (hit != null && hit.vector().layoutHash().equals(fullLayout.hash()) && hit.vector().visibleTo(tenant)) {
                StoredVector stored = hit.vector();
                return Future.succeededFuture(FeatureRows.stored(EntityRef.user(userId), stored.asOf(), hit.source(), fullPositions,
                        stored.values(), definitions, now, stored.tenant()));
            }
            // A miss, an old layout, or another tenant's vector: computed in the caller's tenant scope, where another
            // tenant's user does not exist, so that case ends in the same 404 as an unknown user and never in its data.
            return computer.compute(computer.catalog().all(), userId, now, tenant).map(full -> {
                store.putAll(Map.of(userId, new StoredVector(now, fullLayout.hash(), fullLayout.id(), full.toArray(), full.tenant())));
                return subset(full, definitions);
            });
        });
    }

    /**
     * The vector with each NULL whose input the producer did not send re-marked MISSING, as of the vector's own as-of.
     * Stored vectors hold NaN for both (the scoring path reads them and needs only the numbers), so the distinction is
     * made here, on the way out, and costs a query only when a NULL could be one.
     */
    private Future<FeatureVector> markMissing(FeatureVector vector) {
        List<FeatureDefinition> nulls = vector.values().stream()
                .filter(value -> value.status() == FeatureStatus.NULL)
                .map(value -> computer.catalog().get(value.name()))
                .filter(definition -> definition != null && definition.unknownInputSql() != null)
                .toList();
        if (nulls.isEmpty()) {
            return Future.succeededFuture(vector);
        }
        return computer.unknownInputs(nulls, vector.entity().entityId(), vector.asOf(), vector.tenant()).map(unknown -> {
            if (unknown.isEmpty()) {
                return vector;
            }
            List<FeatureValue> marked = vector.values().stream()
                    .map(value -> unknown.contains(value.name()) ? new FeatureValue(value.name(), null, FeatureStatus.MISSING) : value)
                    .toList();
            return new FeatureVector(vector.entity(), vector.asOf(), vector.source(), marked, vector.tenant());
        });
    }

    /** Recomputes full vectors for {@code userIds} as of {@code now}, set-based, and writes the online store. */
    public Future<List<String>> refresh(List<String> userIds, Instant now) {
        return computer.computeTenantVectors(computer.catalog().all(), userIds, now).compose(vectors -> {
            Map<String, StoredVector> stored = new LinkedHashMap<>();
            vectors.forEach((userId, owned) -> stored.put(userId, new StoredVector(now, fullLayout.hash(), fullLayout.id(), owned.values(), owned.tenant())));
            return store.putAll(stored).map(written -> new ArrayList<>(vectors.keySet()));
        });
    }

    private static FeatureVector subset(FeatureVector full, List<FeatureDefinition> definitions) {
        if (definitions.size() == full.values().size()) {
            return full;
        }
        Map<String, FeatureValue> byName = new HashMap<>();
        full.values().forEach(value -> byName.put(value.name(), value));
        return new FeatureVector(full.entity(), full.asOf(), full.source(), definitions.stream().map(d -> byName.get(d.name())).toList(), full.tenant());
    }
}
