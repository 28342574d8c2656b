package com.roisystems.ml.simulate;

/**
 * Generates a whole synthetic platform into a {@link RecordSink}, in three phases: the world (regions,
 * agents, market statistics), the homeowners with their homes, then every homeowner's months of
 * behaviour. Users are generated one at a time from their own random streams, so memory stays flat at
 * any size and the output depends only on the parameters.
 *
 * <p>{@code long records = PlatformGenerator.generate(params, sink, Progress.NONE);}
 */
public final class PlatformGenerator {

    private static final int PROGRESS_EVERY = 500;

    private PlatformGenerator() {
    }

    public static long generate(SimulationParameters params, RecordSink sink, Progress progress) throws Exception {
        World world = World.build(params);
        long records = world.emit(sink);
        sink.endPhase(RecordSink.Phase.WORLD);
        for (int n = 1; n <= params.users(); n++) {
            records += Homeowner.draw(world, n).emit(world, sink);
            if (n % PROGRESS_EVERY == 0 || n == params.users()) {
                progress.update(RecordSink.Phase.HOMEOWNERS, n, params.users(), records);
            }
        }
        sink.endPhase(RecordSink.Phase.HOMEOWNERS);
        for (int n = 1; n <= params.users() && sink.wantsMore(); n++) {
            records += new UserSimulation(Homeowner.draw(world, n), world).run(sink);
            if (n % PROGRESS_EVERY == 0 || n == params.users()) {
                progress.update(RecordSink.Phase.BEHAVIOUR, n, params.users(), records);
            }
        }
        sink.endPhase(RecordSink.Phase.BEHAVIOUR);
        return records;
    }
}
