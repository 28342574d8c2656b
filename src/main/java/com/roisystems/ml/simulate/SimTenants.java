package com.roisystems.ml.simulate;

import java.util.List;

/**
 * The simulated platform's customer organisations: every homeowner belongs to {@link #ACME} or {@link #GLOBEX},
 * about half each, decided by the seed and the homeowner's number alone (a stream of its own, so adding tenants
 * changed no other draw), and everything the homeowner produces — homes, transactions, activity — follows.
 * Market statistics are the platform's own, shared by every tenant, and published as {@link #PLATFORM}.
 *
 * <p>{@code String tenant = SimTenants.of(params.seed(), 42);  // "acme" or "globex", the same on every run}
 */
public final class SimTenants {

    public static final String ACME = "acme";
    public static final String GLOBEX = "globex";
    /** The publisher of shared reference data (market statistics); no user belongs to it. */
    public static final String PLATFORM = "platform";
    public static final List<String> ALL = List.of(ACME, GLOBEX);

    private SimTenants() {
    }

    /** The tenant of homeowner {@code number} of a run with {@code seed}. */
    public static String of(long seed, int number) {
        return SimRandom.stream(seed, SimRandom.TENANT, number).chance(0.5) ? ACME : GLOBEX;
    }

    /** {@code sink}, with every tenant-owned record it accepts stamped as {@code tenant}'s. */
    static RecordSink stamping(RecordSink sink, String tenant) {
        return new RecordSink() {
            @Override
            public void accept(SimRecord record) throws Exception {
                sink.accept(record.table().tenantOwned() ? record.withTenant(tenant) : record);
            }

            @Override
            public boolean wantsMore() {
                return sink.wantsMore();
            }

            @Override
            public void endPhase(Phase phase) throws Exception {
                sink.endPhase(phase);
            }
        };
    }
}
