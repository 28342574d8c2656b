package com.roisystems.ml.monitoring;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.monitoring.MonitoringContract.ReferenceSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.util.List;

/**
 * Serves {@link MonitoringContract} over {@link MonitoringStore}: each handler checks the model is one this engine
 * serves (404 naming it otherwise), then reads. Deployed by the prediction log's verticle, which owns the windows.
 *
 * <p>{@code MonitoringHandlers.serve(vertx, pool)}
 */
public final class MonitoringHandlers {

    private MonitoringHandlers() {
    }

    /** Registers every endpoint; completes when all are registered. */
    public static Future<Void> serve(Vertx vertx, Pool pool) {
        MonitoringStore store = new MonitoringStore(vertx, pool);
        return Future.all(List.of(
                Bus.serve(vertx, MonitoringContract.DRIFT, query -> known(query.modelName()).compose(ok -> store.driftWindows(query))),
                Bus.serve(vertx, MonitoringContract.PERFORMANCE, query -> known(query.modelName()).compose(ok -> store.performanceWindows(query))),
                Bus.serve(vertx, MonitoringContract.REFERENCE, query -> known(query.modelName())
                        .compose(ok -> store.referenceSummary(query))
                        .compose(summary -> summary != null ? Future.<ReferenceSummary>succeededFuture(summary)
                                : Future.failedFuture(ServiceFailure.notFound("no reference profile for " + query.modelName()
                                + (query.version() == null ? "" : " version " + query.version()))))),
                Bus.serve(vertx, MonitoringContract.ALERTS, query -> (query.modelName() == null ? Future.succeededFuture() : known(query.modelName()))
                        .compose(ok -> store.alerts(query))),
                Bus.serve(vertx, MonitoringContract.ADOPT_REFERENCE, request -> known(request.modelName()).compose(ok -> store.adoptReference(request))),
                Bus.serve(vertx, MonitoringContract.MODEL_STATUS, query -> known(query.modelName()).compose(ok -> store.modelMonitoring(query.modelName())))))
                .mapEmpty();
    }

    private static Future<Void> known(String modelName) {
        try {
            MonitoringContract.requireKnownModel(modelName);
            return Future.succeededFuture();
        } catch (ServiceFailure unknown) {
            return Future.failedFuture(unknown);
        }
    }
}
