package com.roisystems.ml.simulate;

/**
 * Where the generator's records go. The generator emits in phases — regions, agents, market
 * statistics, homeowners, their homes, then behaviour — so a loader can commit each phase's rows before
 * the next phase's rows (or published events) refer to them. Tables within one phase never refer to
 * each other, so a loader may finish them in any order.
 *
 * <p>{@code PlatformGenerator.generate(params, sink, Progress.NONE);}
 */
public interface RecordSink {

    /** The stages of a run, in order. */
    enum Phase { REGIONS, AGENTS, MARKET, HOMEOWNERS, HOMES, BEHAVIOUR }

    void accept(SimRecord record) throws Exception;

    /** False once the sink wants no more behaviour (e.g. a bounded publish); the generator then stops early. */
    default boolean wantsMore() {
        return true;
    }

    /** Everything of {@code phase} has been accepted. */
    default void endPhase(Phase phase) throws Exception {
    }
}
