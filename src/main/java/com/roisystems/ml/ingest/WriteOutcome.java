package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.EntityRef;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a committed batch did: the event ids applied for the first time, those already applied before
 * (duplicates), how many dead letters were recorded, and the entities touched.
 *
 * <p>{@code writer.write(valid, deadLetters, DeadLetter.HTTP).map(outcome -> outcome.accepted().size())}
 */
public record WriteOutcome(Set<UUID> accepted, Set<UUID> duplicates, int deadLetters, List<EntityRef> touched) {
}
