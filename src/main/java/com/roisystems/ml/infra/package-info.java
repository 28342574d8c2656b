/**
 * The servers the engine depends on: {@link com.roisystems.ml.infra.Infrastructure} checks each configured server
 * is reachable and starts the unconfigured ones embedded (the zero-setup default), so the rest of the service never
 * knows which mode it runs in: {@link com.roisystems.ml.infra.EmbeddedPostgresServer},
 * {@link com.roisystems.ml.infra.EmbeddedRedisServer} and {@link com.roisystems.ml.infra.EmbeddedKafkaBroker}
 * (KRaft, in this JVM). No event-bus contract.
 *
 * <p>Layer: bottom. Uses config and db; used only by the edge (cli, bench).
 */
package com.roisystems.ml.infra;
