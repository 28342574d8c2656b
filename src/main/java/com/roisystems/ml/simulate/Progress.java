package com.roisystems.ml.simulate;

/**
 * Told how far a run has come: called once per batch of simulated users, from the generating thread.
 *
 * <p>{@code Progress bar = (phase, done, total, records) -> render(done, total);}
 */
@FunctionalInterface
public interface Progress {

    Progress NONE = (phase, usersDone, usersTotal, records) -> { };

    void update(RecordSink.Phase phase, long usersDone, long usersTotal, long records);
}
