/**
 * PostgreSQL access shared by every capability: {@link com.roisystems.ml.db.DatabaseUrl} (one URL read once, as
 * Vert.x connect options and as JDBC), {@link com.roisystems.ml.db.PgPools} (the reactive pool, shared by name so
 * verticle instances do not multiply connections), {@link com.roisystems.ml.db.Jdbc} (blocking connections for
 * migrations and COPY) and {@link com.roisystems.ml.db.Migrations} (Flyway over {@code sql/}; a failed or edited
 * migration stops start-up with a {@code MigrationException} naming it) and {@link com.roisystems.ml.db.TenantScope}
 * (a unit of work as the request role {@code roi_tenant}, confined to one tenant's rows by row-level security). Each
 * capability keeps its own SQL. No event-bus contract.
 *
 * <p>Layer: bottom. Uses config only.
 */
package com.roisystems.ml.db;
