package com.roisystems.ml.cli;

import com.roisystems.ml.config.ConfigException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code verticles.conf}: which verticle, how many instances, on which threads, and the
 * configuration overrides it gets on top of the service configuration.
 */
public record VerticleSpec(String name, String className, int instances, boolean worker, JsonObject config) {

    public VerticleSpec {
        if (name == null || name.isBlank()) {
            throw new ConfigException("verticles.conf: an entry has no name");
        }
        if (className == null || className.isBlank()) {
            throw new ConfigException("verticles.conf: entry '" + name + "' has no class");
        }
        if (instances < 1) {
            throw new ConfigException("verticles.conf: entry '" + name + "' must have at least 1 instance, got " + instances);
        }
    }

    /** Reads the {@code verticles} array of a parsed {@code verticles.conf}. */
    public static List<VerticleSpec> parseAll(JsonObject conf) {
        JsonArray entries = conf.getJsonArray("verticles");
        if (entries == null) {
            throw new ConfigException("verticles.conf has no 'verticles' array");
        }
        List<VerticleSpec> specs = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof JsonObject object)) {
                throw new ConfigException("verticles.conf: every entry must be an object, got: " + entry);
            }
            try {
                specs.add(new VerticleSpec(object.getString("name"), object.getString("class"),
                        object.getInteger("instances", 1), object.getBoolean("worker", false),
                        object.getJsonObject("config", new JsonObject())));
            } catch (ClassCastException e) {
                throw new ConfigException("verticles.conf: entry " + object.getString("name", "?") + " has a value of the wrong type");
            }
        }
        return specs;
    }

    public DeploymentOptions deploymentOptions(JsonObject serviceConfig) {
        return new DeploymentOptions()
                .setConfig(serviceConfig.copy().mergeIn(config, true))
                .setInstances(instances)
                .setThreadingModel(worker ? ThreadingModel.WORKER : ThreadingModel.EVENT_LOOP);
    }
}
