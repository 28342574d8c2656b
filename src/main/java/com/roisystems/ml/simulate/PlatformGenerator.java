package com.roisystems.ml.simulate;

/**
 * Generates a whole synthetic platform into a {@link RecordSink}, phase by phase: regions, agents,
 * market statistics, homeowners, their homes, then every homeowner's months of behaviour. Each homeowner's
 * records carry the homeowner's tenant ({@link SimTenants}). Each phase
 * is finished before the next refers to it, so rows and published events never point at uncommitted rows. Users are generated one at a time from their own random streams, so memory stays flat at
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
        long records = world.emitRegions(sink);
        sink.endPhase(RecordSink.Phase.REGIONS);
        records += world.emitAgents(sink);
        sink.endPhase(RecordSink.Phase.AGENTS);
        records += world.emitMarket(sink);
        sink.endPhase(RecordSink.Phase.MARKET);
        for (int n = 1; n <= params.users(); n++) {
            records += Homeowner.draw(world, n).emitOwner(world, SimTenants.stamping(sink, SimTenants.of(params.seed(), n)));
            report(progress, RecordSink.Phase.HOMEOWNERS, n, params.users(), records);
        }
        sink.endPhase(RecordSink.Phase.HOMEOWNERS);
        // Homeowners are drawn again rather than kept: a million of them would not fit comfortably.
        for (int n = 1; n <= params.users(); n++) {
            records += Homeowner.draw(world, n).emitHomes(world, SimTenants.stamping(sink, SimTenants.of(params.seed(), n)));
            report(progress, RecordSink.Phase.HOMES, n, params.users(), records);
        }
        sink.endPhase(RecordSink.Phase.HOMES);
        for (int n = 1; n <= params.users() && sink.wantsMore(); n++) {
            records += new UserSimulation(Homeowner.draw(world, n), world).run(SimTenants.stamping(sink, SimTenants.of(params.seed(), n)));
            report(progress, RecordSink.Phase.BEHAVIOUR, n, params.users(), records);
        }
        sink.endPhase(RecordSink.Phase.BEHAVIOUR);
        return records;
    }

    private static void report(Progress progress, RecordSink.Phase phase, int done, int total, long records) {
        if (done % PROGRESS_EVERY == 0 || done == total) {
            progress.update(phase, done, total, records);
        }
    }
}
