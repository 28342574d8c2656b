package com.roisystems.ml.scoring;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch of up to {@link ScoringContract#MAX_BATCH} prediction requests of any types, and its result:
 * each item answers on its own, so one bad item never fails the others.
 *
 * <p>{@code BatchPrediction.Request batch = BatchPrediction.Request.fromJson(body);  // items already parsed}
 */
public final class BatchPrediction {

    private BatchPrediction() {
    }

    /** One item as sent: parsed into a request, or the reason it cannot be one. */
    public record Item(PredictionRequest request, ServiceFailure invalid, Object raw) {
    }

    /**
     * The items, and the caller's tenant (null: every tenant) every item is scored for: an item about another tenant's
     * entity answers {@code NOT_FOUND} on its own. Routes set the tenant from the verified caller ({@link #withTenant});
     * a body's {@code tenant_id} is not read.
     */
    public record Request(List<Item> items, String tenant) {

        public static final WireFormat<Request> FORMAT = WireFormat.of(Request.class, Request::toJson,
                json -> fromJson(json).withTenant(json.getValue("tenant_id") instanceof String tenant ? tenant : null));

        public Request(List<Item> items) {
            this(items, null);
        }

        /** The same batch on behalf of a caller of {@code callerTenant}, applied to every item. */
        public Request withTenant(String callerTenant) {
            List<Item> scoped = items.stream().map(item -> item.request() == null ? item
                    : new Item(item.request().withTenant(callerTenant), null, item.raw())).toList();
            return new Request(scoped, callerTenant);
        }

        public JsonObject toJson() {
            JsonArray requests = new JsonArray();
            items.forEach(item -> requests.add(item.request() != null ? item.request().toJson() : item.raw()));
            return new JsonObject().put("requests", requests).put("tenant_id", tenant);
        }

        /** Fails naming {@code requests} when it is not an array or holds too many; each item is parsed on its own (platform-wide). */
        public static Request fromJson(JsonObject json) {
            if (!(json.getValue("requests") instanceof JsonArray requests)) {
                throw new ServiceFailure(FailureCode.INVALID_FIELD, "requests", "requests: an array of prediction requests is required");
            }
            if (requests.size() > ScoringContract.MAX_BATCH) {
                throw new ServiceFailure(FailureCode.BATCH_TOO_LARGE, "requests", "requests: " + requests.size()
                        + " requests in one batch; the limit is " + ScoringContract.MAX_BATCH);
            }
            List<Item> items = new ArrayList<>(requests.size());
            for (Object raw : requests) {
                try {
                    items.add(new Item(PredictionRequest.parse(raw instanceof JsonObject object ? object : new JsonObject(), null), null, raw));
                } catch (ServiceFailure invalid) {
                    items.add(new Item(null, invalid, raw));
                }
            }
            return new Request(items);
        }
    }

    /** One item's outcome, at its position in the batch. */
    public record ItemResult(int index, Prediction prediction, ServiceFailure failure) {

        JsonObject toJson() {
            return prediction != null ? prediction.toJson().put("index", index)
                    : failure.toErrorBody().put("index", index).put("status", failure.httpStatus());
        }

        static ItemResult fromJson(JsonObject json) {
            int index = json.getInteger("index");
            return json.containsKey("error") ? new ItemResult(index, null, ServiceFailure.fromJson(json.getJsonObject("error")))
                    : new ItemResult(index, Prediction.fromJson(json), null);
        }
    }

    public record Result(List<ItemResult> results) {

        public static final WireFormat<Result> FORMAT = WireFormat.of(Result.class, Result::toJson, Result::fromJson);

        public long failed() {
            return results.stream().filter(result -> result.failure() != null).count();
        }

        public JsonObject toJson() {
            JsonArray all = new JsonArray();
            results.forEach(result -> all.add(result.toJson()));
            long failed = failed();
            return new JsonObject().put("results", all).put("succeeded", results.size() - failed).put("failed", failed);
        }

        public static Result fromJson(JsonObject json) {
            return new Result(json.getJsonArray("results").stream().map(item -> ItemResult.fromJson((JsonObject) item)).toList());
        }
    }
}
