/**
 * The product's benchmarks behind {@code bench NAME}: {@code ingest} (Kafka to durable rows), {@code features}
 * (vector latency, backfill), {@code pipeline} (one full run), {@code train}, {@code predict} (the whole service
 * under an open-loop load), {@code scoring} (compiled ensembles and TreeSHAP against Smile) and {@code drift} (shift
 * scenarios against model monitoring: {@link com.roisystems.ml.bench.DriftRig}, {@link com.roisystems.ml.bench.SteadyTraffic},
 * {@link com.roisystems.ml.bench.ShiftVerdict}, shared with the drift tests), {@code faults} (issue #16's fault
 * injection: {@link com.roisystems.ml.bench.FaultBenchmark} runs the service as a child JVM,
 * {@link com.roisystems.ml.bench.ServiceProcess}, on servers it owns, kills it and stops its servers under
 * {@link com.roisystems.ml.bench.FaultEvents} and {@link com.roisystems.ml.bench.PredictionLoad}, sends
 * {@link com.roisystems.ml.bench.HostileRequests} through {@link com.roisystems.ml.bench.HostileTraffic}, and counts with
 * {@link com.roisystems.ml.bench.DeliveryCount}) and {@code cluster} (issue #18: {@link com.roisystems.ml.bench.ClusterScenario}
 * runs N clustered nodes, {@link com.roisystems.ml.bench.ClusterNodes}, on servers of its own,
 * {@link com.roisystems.ml.bench.BenchServers}, times a cross-node push ({@link com.roisystems.ml.bench.WebSocketPush}), a
 * promotion ({@link com.roisystems.ml.bench.PromotionPropagation}) and a Kafka failover after kill -9
 * ({@link com.roisystems.ml.bench.PartitionFailover}), and counts with the same parts as {@code faults}). One convention
 * (BENCH.md): embedded servers unless configured, a readable report, one closing {@code BENCH {json}} line
 * ({@link com.roisystems.ml.bench.BenchReport}); load comes from {@link com.roisystems.ml.bench.BenchmarkTraffic},
 * {@link com.roisystems.ml.bench.LoadGenerator} (every request with a bearer token, so {@code predict}
 * measures the authenticated path) and {@link com.roisystems.ml.bench.SyntheticData}.
 *
 * <p>Layer: edge. Drives the capabilities directly (ingest, features, pipeline, training, registry,
 * scoring.compiled, simulate, monitoring) and uses auth (to mint its token), cli (service runtime, options), model, bus, config, db and infra. Only the
 * root package uses it.
 */
package com.roisystems.ml.bench;
