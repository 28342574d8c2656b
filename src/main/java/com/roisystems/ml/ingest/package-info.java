/**
 * Activity intake: events from Kafka ({@link com.roisystems.ml.ingest.KafkaIngestionVerticle}: poll, validate,
 * one transaction, commit offsets, publish) and from HTTP/WebSocket producers over the request contract
 * {@link com.roisystems.ml.ingest.IngestContract} ({@code ingest.events}, served by
 * {@link com.roisystems.ml.ingest.IngestServiceVerticle}). {@link com.roisystems.ml.ingest.EventValidator} checks
 * the versioned contract, {@link com.roisystems.ml.ingest.ActivityWriter} writes a batch and its dead letters in
 * one idempotent transaction; after the commit {@code activity.ingested} is published. Refused events are dead
 * letters, listed and replayed through {@link com.roisystems.ml.ingest.DeadLetterContract}
 * ({@code admin.deadletters.list}, {@code admin.deadletters.replay}). Every event names its tenant ({@code tenant_id}:
 * required from Kafka, the caller's over HTTP); rows, ledger entries and dead letters are stored under it, and
 * {@link com.roisystems.ml.ingest.TenantOwnership} rejects an event about another tenant's entity. Optional payload
 * fields a producer does not know are stored as NULL, never a placeholder. {@code region.updated} upserts the
 * platform-wide {@code regions}; {@link com.roisystems.ml.ingest.RegionContract} ({@code admin.regions.list}, served by
 * {@link com.roisystems.ml.ingest.RegionVerticle}) lists every region id described or referenced.
 * The bulk import ({@code importer}) validates with the same validator and ownership check and writes by COPY with
 * the same {@link com.roisystems.ml.ingest.RawTable} columns and conflict rules ({@link com.roisystems.ml.ingest.RawTables}).
 *
 * <p>Layer: capabilities. Uses bus (the event-type contract, the {@code activity.ingested} topic, failures) and db;
 * never the edge.
 */
package com.roisystems.ml.ingest;
