/**
 * Bulk history import: a customer's history, as JSON Lines of event envelopes or as CSV / JSON Lines tables mapped to
 * events by a mapping file ({@link com.roisystems.ml.importer.ImportRequest}, docs/import.md), checked by the live
 * path's {@code ingest.EventValidator} and {@code ingest.TenantOwnership} and written by
 * {@link com.roisystems.ml.importer.Importer} with COPY into staging tables, then {@code INSERT ... SELECT ... ON CONFLICT}
 * by {@code ingest.RawTable}'s columns and conflict rules, recording the {@code ingested_events} ledger: idempotent,
 * one transaction per batch. Rejected events go to an {@link com.roisystems.ml.importer.ImportReport} and a rejected
 * file, never to the database. Run by the {@code import} command; blocking (JDBC), never on an event loop.
 *
 * <p>Layer: capabilities. Uses ingest (validation, ownership, the raw tables), bus and db; never the edge.
 */
package com.roisystems.ml.importer;
