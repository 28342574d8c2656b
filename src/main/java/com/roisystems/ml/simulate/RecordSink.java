package com.roisystems.ml.simulate;

/**
 * Where the generator's records go. The generator emits in phases — the world, then homeowners and
 * their homes, then behaviour — so a loader can make each phase's rows visible before the next one's
 * foreign keys point at them.
 *
 * <p>{@code PlatformGenerator.generate(params, sink, Progress.NONE);}
 */
public interface RecordSink {

    /** The stages of a run, in order. */
    enum Phase { WORLD, HOMEOWNERS, BEHAVIOUR }

    void accept(SimRecord record) throws Exception;

    /** False once the sink wants no more behaviour (e.g. a bounded publish); the generator then stops early. */
    default boolean wantsMore() {
        return true;
    }

    /** Everything of {@code phase} has been accepted. */
    default void endPhase(Phase phase) throws Exception {
    }
}
