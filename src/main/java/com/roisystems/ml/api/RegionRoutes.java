package com.roisystems.ml.api;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.ingest.RegionContract;
import com.roisystems.ml.ingest.RegionContract.ListRegions;
import com.roisystems.ml.ingest.RegionContract.RegionList;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * HTTP admin route over {@link RegionContract#LIST}: {@code GET /v1/admin/regions?known=&limit=}, every region id
 * referenced or described, known or not. Query parameters are checked here: 400 naming {@code known} unless it is
 * {@code true} or {@code false}, naming {@code limit} unless it is a whole number from 1 to 10,000.
 *
 * <p>{@code api.route("/v1/admin/*").subRouter(RegionRoutes.router(vertx));}
 */
public final class RegionRoutes {

    private RegionRoutes() {
    }

    public static Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/regions").handler(context -> HttpReplies.forward(context,
                Bus.request(vertx, RegionContract.LIST, listRequest(context.queryParams())), RegionList::toJson));
        return router;
    }

    private static ListRegions listRequest(MultiMap query) {
        JsonObject request = new JsonObject();
        String known = query.get("known");
        if (known != null) {
            if (!known.equals("true") && !known.equals("false")) {
                throw new ServiceFailure(FailureCode.INVALID_FIELD, "known", "known must be true or false");
            }
            request.put("known", Boolean.parseBoolean(known));
        }
        String limit = query.get("limit");
        if (limit != null) {
            try {
                request.put("limit", Integer.valueOf(limit));
            } catch (NumberFormatException e) {
                throw new ServiceFailure(FailureCode.INVALID_FIELD, "limit", "limit must be a whole number");
            }
        }
        return ListRegions.fromJson(request);
    }
}
