package com.roisystems.ml.registry;

import com.roisystems.ml.api.ServiceFailures;
import com.roisystems.ml.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Serves the {@link RegistryAdmin} addresses over a {@link ModelRegistry}. */
public final class RegistryVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(RegistryVerticle.class);

    private ModelRegistry registry;

    @Override
    public Future<?> start() {
        // Listing and promoting never read artifacts, so no format version needs to be supported here.
        registry = new ModelRegistry(vertx, PgPools.shared(vertx, config()), Set.of());
        return Future.all(List.of(
                serve(RegistryAdmin.LIST, request -> registry.models().map(models -> new JsonObject().put("models", models))),
                serve(RegistryAdmin.GET, this::get),
                serve(RegistryAdmin.PROMOTE, request -> registry.promote(name(request), version(request, "version"),
                        stage(request), request.getString("changed_by", "admin"), request.getString("reason")).map(ModelVersion::toJson)),
                serve(RegistryAdmin.ARCHIVE, request -> registry.promote(name(request), version(request, "version"),
                        Stage.ARCHIVED, request.getString("changed_by", "admin"), request.getString("reason")).map(ModelVersion::toJson)),
                serve(RegistryAdmin.COMPARE, this::compare),
                serve(RegistryAdmin.HISTORY, request -> registry.history(name(request)).map(history -> new JsonObject()
                        .put("model_name", request.getString("model_name")).put("history", history)))));
    }

    private Future<JsonObject> get(JsonObject request) {
        String name = name(request);
        Object version = request.getValue("version");
        if (version == null) {
            return registry.versions(name).map(versions -> new JsonObject().put("model_name", name)
                    .put("versions", new JsonArray(versions.stream().map(ModelVersion::toJson).toList())));
        }
        return registry.find(name, version.toString()).map(ModelVersion::toJson);
    }

    private Future<JsonObject> compare(JsonObject request) {
        String name = name(request);
        String other = request.getString("other_model_name", name);
        JsonArray metrics = request.getJsonArray("metrics", new JsonArray());
        return registry.compare(name, version(request, "v1"), other, version(request, "v2"),
                metrics.stream().map(Object::toString).toList());
    }

    private Future<?> serve(String address, Function<JsonObject, Future<JsonObject>> operation) {
        return vertx.eventBus().<JsonObject>consumer(address, message -> run(message, operation)).completion();
    }

    private static void run(Message<JsonObject> message, Function<JsonObject, Future<JsonObject>> operation) {
        Future<JsonObject> result;
        try {
            result = operation.apply(message.body() == null ? new JsonObject() : message.body());
        } catch (RegistryException e) {
            result = Future.failedFuture(e);
        }
        result.onSuccess(message::reply).onFailure(failure -> {
            if (failure instanceof RegistryException refused) {
                message.fail(refused.failureCode(), refused.getMessage());
            } else if (failure instanceof PgException database) {
                log.warn("Registry operation on {} failed: {}", message.address(), database.getMessage());
                message.fail(ServiceFailures.CONFLICT, "the registry refused the change: " + database.getErrorMessage());
            } else {
                log.error("Registry operation on {} failed", message.address(), failure);
                message.fail(ServiceFailures.UNAVAILABLE, "the registry is unavailable: " + failure.getMessage());
            }
        });
    }

    private static String name(JsonObject request) {
        Object name = request.getValue("model_name");
        if (!(name instanceof String text) || text.isBlank()) {
            throw RegistryException.badRequest("model_name: required");
        }
        return text;
    }

    private static int version(JsonObject request, String field) {
        Object value = request.getValue(field);
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text && text.matches("v?\\d{1,9}")) {
            return Integer.parseInt(text.replace("v", ""));
        }
        throw RegistryException.badRequest(field + ": must be a version number, got " + value);
    }

    private static Stage stage(JsonObject request) {
        try {
            return Stage.parse(request.getString("stage"));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw RegistryException.badRequest("stage: " + e.getMessage());
        }
    }
}
