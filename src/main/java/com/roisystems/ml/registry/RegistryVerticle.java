package com.roisystems.ml.registry;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.registry.RegistryContract.GetModel;
import com.roisystems.ml.registry.RegistryContract.ModelLookup;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.List;
import java.util.Set;

/**
 * Serves every {@link RegistryContract} endpoint over a {@link ModelRegistry}. Refusals are the registry's
 * own {@link ServiceFailure}s; any other failure, PostgreSQL's included, is given its
 * meaning by {@link Bus#serve} (an integrity or serialization violation 409, a lost connection 503).
 *
 * <p>{@code vertx.deployVerticle(new RegistryVerticle(), new DeploymentOptions().setConfig(config))}
 */
public final class RegistryVerticle extends VerticleBase {

    private ModelRegistry registry;

    @Override
    public Future<?> start() {
        // Listing and promoting never read artifacts, so no format version needs to be supported here.
        registry = new ModelRegistry(vertx, PgPools.shared(vertx, config()), Set.of());
        return Future.all(List.of(
                Bus.serve(vertx, RegistryContract.LIST, request -> registry.models()),
                Bus.serve(vertx, RegistryContract.GET, this::get),
                Bus.serve(vertx, RegistryContract.PROMOTE, request -> registry.promote(request.name(), request.version(),
                        request.stage(), request.changedBy(), request.reason())),
                Bus.serve(vertx, RegistryContract.ARCHIVE, request -> registry.promote(request.name(), request.version(),
                        Stage.ARCHIVED, request.changedBy(), request.reason())),
                Bus.serve(vertx, RegistryContract.COMPARE, request -> registry.compare(request.name(), request.v1(),
                        request.otherName(), request.v2(), request.metrics())),
                Bus.serve(vertx, RegistryContract.HISTORY, request -> registry.history(request.name()))));
    }

    private Future<ModelLookup> get(GetModel request) {
        return request.version() == null
                ? registry.versions(request.name()).map(versions -> ModelLookup.all(request.name(), versions))
                : registry.find(request.name(), request.version()).map(ModelLookup::of);
    }
}
