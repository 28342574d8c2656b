/**
 * The servers the engine depends on: {@link com.roisystems.ml.infra.Infrastructure} checks each configured server
 * is reachable and starts the unconfigured ones embedded (the zero-setup default), so the rest of the service never
 * knows which mode it runs in: {@link com.roisystems.ml.infra.EmbeddedPostgresServer},
 * {@link com.roisystems.ml.infra.EmbeddedRedisServer} and {@link com.roisystems.ml.infra.EmbeddedKafkaBroker}
 * (KRaft, in this JVM). {@link com.roisystems.ml.infra.ShutdownSequence} is the process's one shutdown hook: the
 * service drains before the embedded servers stop; {@code LeftoverServers} stops the servers a killed run left
 * running on the same data directory. No event-bus contract.
 *
 * <p>Layer: bottom. Uses config and db; used only by the edge (cli, bench).
 */
package com.roisystems.ml.infra;
