/**
 * The synthetic platform: homeowners with hidden intent (DORMANT, CONSIDERING, ACTIVE, TRANSACTED), a market with
 * regional price indices and a mortgage-rate path, and every month's observable activity, generated
 * deterministically from a seed ({@link com.roisystems.ml.simulate.PlatformGenerator},
 * {@link com.roisystems.ml.simulate.SimulationParameters}). {@link com.roisystems.ml.simulate.Simulation} loads it
 * by COPY ({@link com.roisystems.ml.simulate.CopyLoader}) or publishes the activity to Kafka
 * ({@link com.roisystems.ml.simulate.KafkaPublisher}), with the truth tables the oracle reads. Homeowners belong to
 * two tenants, {@code acme} and {@code globex} ({@link com.roisystems.ml.simulate.SimTenants}), and so does all they produce.
 * {@link com.roisystems.ml.simulate.Shift} publishes a {@link com.roisystems.ml.simulate.ShiftScenario} (a mortgage-rate
 * shock, an engagement collapse in one region, a young cohort) to Kafka, reading the world from the database
 * ({@link com.roisystems.ml.simulate.ShiftWorld}) and writing nothing to it; {@link com.roisystems.ml.simulate.ExpectedDrift}
 * derives the features it should drift from the feature catalog's definitions. No event-bus
 * contract: it produces to the Kafka activity topic in the envelope of {@code bus.EventTypes}.
 *
 * <p>Layer: capabilities. Uses bus ({@code EventTypes}, the activity contract shared with ingest), db and features (the
 * catalog, read by {@code ExpectedDrift}); never the edge. Used by the {@code simulate} and {@code demo} commands and by the benchmarks.
 */
package com.roisystems.ml.simulate;
