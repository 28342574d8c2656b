package com.roisystems.ml.simulate;

import com.roisystems.ml.bus.EventTypes.EventType;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The shared part of a run: the market model, the agents (about one per 200 users, each in a region),
 * and the rows that describe them — regions, agents and the monthly market statistics, each month
 * published about 15 days after it ends.
 *
 * <p>{@code World world = World.build(params); world.emitRegions(sink); world.emitAgents(sink); world.emitMarket(sink);}
 */
final class World {

    static final int USERS_PER_AGENT = 200;

    /** An agent; {@code responsiveness} speeds up the deals they work on. */
    record Agent(String id, int region, String name, double responsiveness, Instant createdAt) {
    }

    private final MarketModel market;
    private final List<Agent> agents;
    private final List<List<Agent>> agentsByRegion;

    private World(MarketModel market, List<Agent> agents, List<List<Agent>> agentsByRegion) {
        this.market = market;
        this.agents = agents;
        this.agentsByRegion = agentsByRegion;
    }

    static World build(SimulationParameters params) {
        MarketModel market = MarketModel.build(params);
        SimRandom rng = SimRandom.stream(params.seed(), SimRandom.WORLD, 1);
        int count = Math.max(1, (int) Math.round(params.users() / (double) USERS_PER_AGENT));
        double[] weights = market.regions().stream().mapToDouble(MarketModel.Region::weight).toArray();
        List<Agent> agents = new ArrayList<>(count);
        List<List<Agent>> byRegion = new ArrayList<>();
        market.regions().forEach(r -> byRegion.add(new ArrayList<>()));
        for (int k = 0; k < count; k++) {
            // The first agents cover every region once, the rest follow where homeowners live.
            int region = k < weights.length ? k : rng.weighted(weights);
            Instant created = market.monthAt(-rng.between(1, 60)).atStartOfDay().toInstant(ZoneOffset.UTC);
            Agent agent = new Agent("agent_" + (k + 1), region, "Agent " + (k + 1), rng.uniform(0.5, 1.5), created);
            agents.add(agent);
            byRegion.get(region).add(agent);
        }
        return new World(market, List.copyOf(agents), byRegion);
    }

    MarketModel market() {
        return market;
    }

    /** An agent working in {@code region}, or any agent when the region has none (tiny runs). */
    Agent agentFor(int region, SimRandom rng) {
        List<Agent> local = agentsByRegion.get(region);
        List<Agent> pool = local.isEmpty() ? agents : local;
        return pool.get(rng.nextInt(pool.size()));
    }

    /** The regions: the rows everything else refers to. */
    long emitRegions(RecordSink sink) throws Exception {
        for (MarketModel.Region region : market.regions()) {
            sink.accept(SimRecord.row(SimTable.REGIONS, region.id(), region.name(), region.state()));
        }
        return market.regions().size();
    }

    /** The agents, each in a region. */
    long emitAgents(RecordSink sink) throws Exception {
        long records = 0;
        for (Agent agent : agents) {
            sink.accept(SimRecord.row(SimTable.AGENTS, agent.id(), market.region(agent.region()).id(), agent.name(),
                    agent.createdAt()));
            records++;
        }
        return records;
    }

    /** Each region's monthly statistics, published as market.published events. */
    long emitMarket(RecordSink sink) throws Exception {
        long records = 0;
        SimRandom rng = SimRandom.stream(market.params().seed(), SimRandom.WORLD, 2);
        for (int t = 0; t < market.params().months(); t++) {
            for (MarketModel.Region region : market.regions()) {
                sink.accept(marketRow(region, t, rng));
                records++;
            }
        }
        return records;
    }

    private SimRecord marketRow(MarketModel.Region region, int t, SimRandom rng) {
        int r = region.index();
        double season = MarketModel.season(market.monthAt(t));
        double yoy = market.yearOverYear(r, t);
        int inventory = (int) Math.round(region.baseInventory() * market.inventoryFactor(r, t) * rng.logNormal(0.05));
        int newListings = (int) Math.round(inventory * 0.35 * (1 + 0.25 * season) * rng.logNormal(0.08));
        int closedSales = (int) Math.round(newListings * Math.max(0.4, Math.min(1.2, 0.75 + 2 * yoy)) * rng.logNormal(0.08));
        Instant published = market.monthAt(t + 1).plusDays(14).atTime(14, 0).toInstant(ZoneOffset.UTC);
        UUID eventId = rng.uuid();
        return SimRecord.event(SimTable.MARKET_DATA, EventType.MARKET_PUBLISHED, region.id(), eventId, published,
                region.id(), market.monthAt(t), Decimals.money(market.priceIndex(r, t) * rng.logNormal(0.01)),
                inventory, newListings, closedSales, Decimals.of(market.daysOnMarket(r, t) * rng.logNormal(0.05), 1),
                Decimals.of(market.mortgageRate(t), 4), published, eventId);
    }
}
