package com.roisystems.ml.training;

import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.registry.Stage;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * For the demo, before the service serves: trains and promotes to Production each model type that has
 * no Production version yet. To stay within about a minute on two cores it subsamples: at most
 * {@value #DEMO_USERS} users and {@value #DEMO_CONTACT_USERS} contact-timing users, fewer cut-offs.
 *
 * <p>{@code DemoTraining.trainAllIfMissing(config);} (config with {@code pg.url} resolved)
 */
public final class DemoTraining {

    private static final Logger log = LoggerFactory.getLogger(DemoTraining.class);
    static final int DEMO_USERS = 4_000;
    static final int DEMO_CONTACT_USERS = 400;

    private DemoTraining() {
    }

    public static void trainAllIfMissing(AppConfig config) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            trainAllIfMissing(vertx, config);
        } finally {
            Blocking.await(vertx.close(), Duration.ofMinutes(1));
        }
    }

    /**
     * As above, on the running service's Vert.x: each promotion's {@code models.changed} then reaches the
     * scorers on its event bus, so the demo can serve first and pick the models up as they are trained.
     */
    public static void trainAllIfMissing(Vertx vertx, AppConfig config) throws Exception {
        ModelTrainer trainer = new ModelTrainer(vertx, PgPools.shared(vertx, config.json()), config, line -> log.info("{}", line.strip()));
        for (PredictionType type : PredictionType.values()) {
            if (hasProduction(trainer, type)) {
                log.info("Demo: {} already has a Production version; not training", type.modelName());
                continue;
            }
            log.info("Demo: training {} on a subsample ({} users, {} for contact timing, {} cut-offs) to start quickly",
                    type, DEMO_USERS, DEMO_CONTACT_USERS, demoCutoffs(type));
            TrainingOptions options = TrainingOptions.defaults().withUsersLimit(DEMO_USERS).withContactUsers(DEMO_CONTACT_USERS)
                    .withCutoffs(demoCutoffs(type)).withPromote(Stage.PRODUCTION).withCreatedBy("demo");
            try {
                trainer.train(type, options);
            } catch (ServiceFailure e) {
                log.warn("Demo: {} not trained: {}", type, e.getMessage());
            }
        }
    }

    private static int demoCutoffs(PredictionType type) {
        return type == PredictionType.TRANSACTION_TYPE ? 12 : type == PredictionType.MOVE_PROBABILITY ? 8 : 4;
    }

    private static boolean hasProduction(ModelTrainer trainer, PredictionType type) throws Exception {
        try {
            Blocking.await(trainer.registry().find(type.modelName(), Stage.PRODUCTION.name()), Duration.ofSeconds(30));
            return true;
        } catch (ServiceFailure e) {
            if (e.code() == FailureCode.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
