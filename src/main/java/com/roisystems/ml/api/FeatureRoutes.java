package com.roisystems.ml.api;

import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.features.FeatureVector;
import com.roisystems.ml.features.FeatureContract;
import com.roisystems.ml.features.FeatureImportances;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.features.FeatureDefinition;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.CatalogDocument;
import com.roisystems.ml.features.FeatureStore;
import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.bus.HealthProbe;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * HTTP routes of the feature store, mounted under {@code /v1/features}:
 * {@code GET /{entity_type}/{entity_id}?as_of=&names=&categories=} (values with statuses, via the
 * event bus; MISSING where an input was not sent) and {@code GET /catalog} (each feature with the contract fields it reads and its {@code importance} from {@code ml_features}). Input is validated here, before the bus: 400 with the field for
 * a malformed or future {@code as_of}, unknown names or categories; the service answers 404 for an
 * unknown entity, and for another tenant's than the caller's.
 *
 * <p>{@code api.route("/v1/features/*").subRouter(FeatureRoutes.router(vertx));}
 */
public final class FeatureRoutes {

    private static final String REQUEST = "features.request";

    private FeatureRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        JsonObject catalog = CatalogDocument.toJson(FeatureCatalog.standard());
        // Importance annotates the catalog: when the feature store cannot say, the catalog is still served, saying why.
        router.get("/catalog").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, FeatureContract.IMPORTANCE, FeatureImportances.QUERY).map(importances -> withImportance(catalog, importances))
                        .otherwise(failure -> catalog.copy().put("importance", "unavailable: " + failure.getMessage())),
                document -> document));
        router.get("/:entity_type/:entity_id").handler(FeatureRoutes::validate).handler(context -> {
            FeatureContract.GetRequest request = context.get(REQUEST);
            HttpReplies.forward(context, Bus.request(vertx, FeatureContract.GET, request), FeatureVector::toJson);
        });
        router.route().failureHandler(ErrorResponses::handle);
        return router;
    }

    /** The catalog with each feature's {@code importance} (mean |SHAP| from the Production model; null when unknown). */
    private static JsonObject withImportance(JsonObject catalog, FeatureImportances importances) {
        JsonObject document = catalog.copy().put("importance", "mean |SHAP| on the test rows of the Production model the pipeline's"
                + " statistics step last read (ml_features.importance); null: no Production model uses the feature, or no run since");
        document.getJsonArray("features").forEach(feature -> {
            JsonObject json = (JsonObject) feature;
            json.put("importance", importances.byFeature().get(json.getString("name")));
        });
        return document;
    }

    private static void validate(RoutingContext context) {
        String entityType = context.pathParam("entity_type");
        if (!FeatureDefinition.USER.equalsIgnoreCase(entityType)) {
            throw new ServiceFailure(FailureCode.INVALID_FIELD, "entity_type", "entity_type: only 'user' has features");
        }
        List<String> names = list(context.queryParams().get("names"));
        List<String> categories = list(context.queryParams().get("categories"));
        Instant asOf = HttpReplies.validated(() -> {
            Instant parsed = FeatureContract.GetRequest.parseAsOf(context.queryParams().get("as_of"));
            if (parsed != null && parsed.isAfter(Instant.now().plus(FeatureStore.FUTURE_TOLERANCE))) {
                throw ServiceFailure.invalid("as_of", "must not be in the future");
            }
            FeatureCatalog.standard().select(names, categories);
            return parsed;
        });
        // People read this route: a null from an input the producer did not send is served MISSING, not NULL.
        context.put(REQUEST, new FeatureContract.GetRequest(EntityRef.user(context.pathParam("entity_id")), asOf, names, categories,
                Caller.of(context).tenant(), true));
        context.next();
    }

    private static List<String> list(String raw) {
        return raw == null || raw.isBlank() ? List.of() : Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The online store's health for {@code /health}, asked over the bus of the feature verticle:
     * DEGRADED while Redis is down. Where no feature verticle is deployed it reports UP with
     * {@code deployed: false}, so services without the feature store are not called degraded.
     */
    public static HealthProbe onlineStoreProbe(Vertx vertx) {
        return HealthProbe.ofService(vertx, "online_store", FeatureContract.HEALTH);
    }
}
