/**
 * The service configuration: {@link com.roisystems.ml.config.AppConfig} layers {@code application.json} defaults,
 * an optional config file, system properties and environment variables (later wins) into plain JSON, so each
 * verticle receives its section unchanged. {@link com.roisystems.ml.config.ConfigException} is a configuration
 * problem a person must fix, printed by the command line as one line. No event-bus contract.
 *
 * <p>Layer: bottom. Uses no other project package; used by db, infra, training and the edge.
 */
package com.roisystems.ml.config;
