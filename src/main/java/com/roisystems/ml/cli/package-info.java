/**
 * The subcommands ({@code serve}, {@code demo}, {@code token}, {@code migrate}, {@code simulate}, {@code train},
 * {@code pipeline}, {@code import}, {@code catalog}) and what runs the service: {@link com.roisystems.ml.cli.Command} and its implementations,
 * {@link com.roisystems.ml.cli.CommandLine} (options, flags, positional words),
 * {@link com.roisystems.ml.cli.ServiceRuntime} (servers, migrated schema, Vert.x with metrics — clustered when
 * {@code cluster.enabled} —, graceful shutdown),
 * {@link com.roisystems.ml.cli.ServiceLauncher} and {@link com.roisystems.ml.cli.VerticleSpec} (the verticles of
 * {@code verticles.conf}, deployed in order and undeployed in reverse), and {@code demo}'s seeding, signing key
 * ({@link com.roisystems.ml.cli.DemoKey}) and closing banner. {@link com.roisystems.ml.cli.AuthStartup} is the secure
 * default: no token key, no service (unless authentication is switched off explicitly).
 * {@link com.roisystems.ml.cli.UsageException} is a command line that cannot be understood.
 *
 * <p>Layer: edge. Wires the capabilities together, so it may use every package below it: auth, features,
 * importer, ingest, pipeline, registry, simulate, training, model, bus, cluster, config, db and infra. Only the root package and {@code bench} use it.
 */
package com.roisystems.ml.cli;
