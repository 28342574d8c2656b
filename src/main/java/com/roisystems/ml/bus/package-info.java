/**
 * The service-contract core every package may use: {@link com.roisystems.ml.bus.Bus} (typed requests to an
 * {@link com.roisystems.ml.bus.Endpoint}, typed messages on a {@link com.roisystems.ml.bus.Topic}; a record crosses
 * the local bus as itself and a cluster as its {@link com.roisystems.ml.bus.WireFormat} JSON through the one
 * {@link com.roisystems.ml.bus.RecordCodec}, which names the type so a node decodes types it never used; a node-local
 * topic or endpoint stays on its node — docs/scaling.md), the one failure type {@link com.roisystems.ml.bus.ServiceFailure} with
 * its {@link com.roisystems.ml.bus.FailureCode} (wire name and HTTP status), {@link com.roisystems.ml.bus.EntityRef},
 * {@link com.roisystems.ml.bus.HealthProbe}, {@link com.roisystems.ml.bus.Blocking} (waiting from a plain thread),
 * the activity contract {@link com.roisystems.ml.bus.EventTypes} shared by producers and ingest, and the topic
 * {@link com.roisystems.ml.bus.ActivityIngested} ({@code activity.ingested}).
 *
 * <p>Layer: bottom. Depends on no other project package (Vert.x and the JDK only); {@code ArchitectureTest} holds it.
 */
package com.roisystems.ml.bus;
