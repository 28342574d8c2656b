package com.roisystems.ml.ratelimit;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.config.WholeNumbers;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the work in flight per route class, so overload is refused before it starts instead of queueing until every
 * request times out: a request whose cost does not fit its class's remaining capacity is answered 503 {@code overloaded}
 * with {@code Retry-After} at once; capacity returns when the response ends (or the connection drops). Rate limits
 * protect the service from one caller; this protects it from all of them together.
 *
 * <p>Costs: a single prediction, feature read or admin call 1; {@code POST /v1/predict/batch} its items, a contact-timing
 * item {@code contactTimingItemCost} (it scores all 168 week slots); {@code POST /v1/events} its events. Capacity is
 * per process, shared by every HTTP verticle instance (one counter in Vert.x's local shared data).
 *
 * <p>{@code api.route().handler(AdmissionControl.create(vertx, config.getJsonObject("http")));}
 */
public final class AdmissionControl implements Handler<RoutingContext> {

    /** Route classes, each with its own capacity. */
    enum RouteClass { PREDICT, BATCH, EVENTS, ADMIN, OTHER }

    private static final String SHARED_MAP = "roi.admission";
    static final String RETRY_AFTER_SECONDS = "1";

    /** The process's counters, one per route class; {@link Shareable} so the local map hands out this very object. */
    private static final class InFlight implements Shareable {
        private final Map<RouteClass, AtomicLong> units = new EnumMap<>(RouteClass.class);

        private InFlight() {
            for (RouteClass routeClass : RouteClass.values()) {
                units.put(routeClass, new AtomicLong());
            }
        }
    }

    private final Map<RouteClass, Long> capacity;
    private final long contactTimingItemCost;
    private final InFlight inFlight;

    private AdmissionControl(Map<RouteClass, Long> capacity, long contactTimingItemCost, InFlight inFlight) {
        this.capacity = capacity;
        this.contactTimingItemCost = contactTimingItemCost;
        this.inFlight = inFlight;
    }

    /** From the {@code http.admission} section: {@code {predict, batch, events, admin, other, contactTimingItemCost}}. */
    public static AdmissionControl create(Vertx vertx, JsonObject http) {
        JsonObject section = http.getJsonObject("admission", new JsonObject());
        Map<RouteClass, Long> capacity = new EnumMap<>(RouteClass.class);
        capacity.put(RouteClass.PREDICT, WholeNumbers.atLeastOne(section, "http.admission", "predict", 512));
        capacity.put(RouteClass.BATCH, WholeNumbers.atLeastOne(section, "http.admission", "batch", 20_000));
        capacity.put(RouteClass.EVENTS, WholeNumbers.atLeastOne(section, "http.admission", "events", 20_000));
        capacity.put(RouteClass.ADMIN, WholeNumbers.atLeastOne(section, "http.admission", "admin", 32));
        capacity.put(RouteClass.OTHER, WholeNumbers.atLeastOne(section, "http.admission", "other", 256));
        long contactTimingCost = WholeNumbers.atLeastOne(section, "http.admission", "contactTimingItemCost", 10);
        InFlight shared = (InFlight) vertx.sharedData().getLocalMap(SHARED_MAP).computeIfAbsent("in-flight", key -> new InFlight());
        return new AdmissionControl(capacity, contactTimingCost, shared);
    }

    @Override
    public void handle(RoutingContext context) {
        RouteClass routeClass = classify(context);
        long cost = costOf(context, routeClass);
        AtomicLong units = inFlight.units.get(routeClass);
        long limit = capacity.get(routeClass);
        // A single request costlier than the whole capacity is admitted when nothing else of its class runs; otherwise
        // a batch larger than the capacity could never be served.
        long after = units.addAndGet(cost);
        if (after > limit && after != cost) {
            units.addAndGet(-cost);
            context.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            context.fail(new ServiceFailure(FailureCode.OVERLOADED, null, "the service is at capacity for "
                    + routeClass.name().toLowerCase(Locale.ROOT) + " requests (" + limit + " units in flight); retry after "
                    + RETRY_AFTER_SECONDS + " s"));
            return;
        }
        context.addEndHandler(ended -> units.addAndGet(-cost));
        context.next();
    }

    /** Units now in flight for {@code routeClass} (tests and metrics). */
    long inFlight(RouteClass routeClass) {
        return inFlight.units.get(routeClass).get();
    }

    static RouteClass classify(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.contains("/v1/admin/")) {
            return RouteClass.ADMIN;
        }
        if (context.request().method() == HttpMethod.POST && path.endsWith("/v1/predict/batch")) {
            return RouteClass.BATCH;
        }
        if (context.request().method() == HttpMethod.POST && path.contains("/v1/predict/")) {
            return RouteClass.PREDICT;
        }
        if (context.request().method() == HttpMethod.POST && path.endsWith("/v1/events")) {
            return RouteClass.EVENTS;
        }
        return RouteClass.OTHER;
    }

    private long costOf(RoutingContext context, RouteClass routeClass) {
        if (routeClass == RouteClass.EVENTS) {
            return RateLimitHandler.costOf(context);
        }
        if (routeClass != RouteClass.BATCH || context.body() == null || context.body().isEmpty()) {
            return 1;
        }
        try {
            JsonObject body = context.body().asJsonObject();
            if (body == null || !(body.getValue("requests") instanceof JsonArray requests)) {
                return 1;
            }
            long cost = 0;
            for (Object item : requests) {
                boolean contactTiming = item instanceof JsonObject request
                        && "CONTACT_TIMING".equalsIgnoreCase(String.valueOf(request.getValue("prediction_type")));
                cost += contactTiming ? contactTimingItemCost : 1;
            }
            return Math.max(1, cost);
        } catch (RuntimeException unreadable) {
            // The route refuses it with a 400 naming the problem; admission only needs a cost.
            return 1;
        }
    }
}
