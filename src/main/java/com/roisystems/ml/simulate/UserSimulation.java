package com.roisystems.ml.simulate;

import com.roisystems.ml.bus.EventTypes.EventType;
import com.roisystems.ml.simulate.IntentModel.Intent;
import com.roisystems.ml.simulate.IntentModel.State;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * One homeowner's run, month by month: a life event may happen, the hazards are read, the truth for the
 * month is recorded, the month's activity is drawn from the state at its start, then the state moves
 * on — forming an intent, working with an agent, opening a deal, or giving up. Deals, agent assignments
 * and quarterly valuations come out here too. A user's events are emitted in time order.
 *
 * <p>{@code new UserSimulation(owner, world).run(sink);}
 */
final class UserSimulation {

    private final Homeowner owner;
    private final World world;
    private final MarketModel market;
    private final SimRandom rng;
    private final OwnerSituation situation;
    private final ActivityModel activity;
    private final List<SimRecord> events = new ArrayList<>();
    private final List<SimRecord> truths = new ArrayList<>();
    private State state;
    private Intent intent;
    private int investRegion;
    private World.Agent agent;
    private int deals;

    UserSimulation(Homeowner owner, World world) {
        this.owner = owner;
        this.world = world;
        this.market = world.market();
        this.rng = SimRandom.stream(market.params().seed(), SimRandom.BEHAVIOUR, owner.number);
        this.situation = new OwnerSituation(owner.primaryHome());
        this.activity = new ActivityModel(owner, world);
        this.state = State.DORMANT;
        this.investRegion = owner.region;
    }

    /** Simulates every month and hands the records to {@code sink}; returns how many. */
    long run(RecordSink sink) throws Exception {
        Instant end = market.params().endMonth().atStartOfDay().toInstant(ZoneOffset.UTC);
        for (int t = 0; t < market.params().months(); t++) {
            month(t, end);
        }
        events.sort(Comparator.comparing(SimRecord::occurredAt));
        for (SimRecord record : events) {
            sink.accept(record);
        }
        for (SimRecord record : truths) {
            sink.accept(record);
        }
        return events.size() + truths.size();
    }

    private void month(int t, Instant end) {
        LocalDate month = market.monthAt(t);
        if (rng.chance(owner.lifeEventRate)) {
            situation.lifeEventMonths = 3;
        }
        double[] hazards = IntentModel.hazards(owner, situation, market, t);
        double p90 = IntentModel.probabilityWithin90Days(state, intent, hazards, month);
        boolean pursuing = state == State.CONSIDERING || state == State.ACTIVE;
        Intent next = pursuing ? intent : IntentModel.likeliestIntent(hazards);
        truths.add(SimRecord.row(SimTable.SIM_USER_MONTH_TRUTH, owner.id, month, state.name(),
                state == State.DORMANT ? null : intent.name(), p90, next.transactionType));

        activity.month(t, state, intent, investRegion, rng, events);
        if (month.getMonthValue() % 3 == 1) {
            valuations(t, month);
        }
        transition(t, month, hazards, end);
        situation.lifeEventMonths = Math.max(0, situation.lifeEventMonths - 1);
    }

    private void transition(int t, LocalDate month, double[] hazards, Instant end) {
        switch (state) {
            case TRANSACTED -> state = State.DORMANT;
            case DORMANT -> {
                double total = hazards[0] + hazards[1] + hazards[2] + hazards[3];
                if (rng.chance(1 - Math.exp(-total))) {
                    intent = Intent.values()[rng.weighted(hazards)];
                    if (intent == Intent.INVEST) {
                        investRegion = investmentRegion(t);
                    }
                    if (rng.chance(IntentModel.IMPULSIVE[intent.ordinal()])) {
                        if (rng.chance(IntentModel.SAME_MONTH[intent.ordinal()])) {
                            Instant opened = dayIn(month);
                            activate(opened.minusSeconds(rng.between(3_600, 72 * 3_600)));
                            deal(t, opened, end);
                            state = State.TRANSACTED;
                        } else {
                            activate(dayIn(month));
                        }
                    } else {
                        state = State.CONSIDERING;
                    }
                }
            }
            case CONSIDERING -> {
                double roll = rng.uniform();
                if (roll < IntentModel.ACTIVATE[intent.ordinal()]) {
                    activate(dayIn(month));
                } else if (roll < IntentModel.ACTIVATE[intent.ordinal()] + IntentModel.GIVE_UP) {
                    state = State.DORMANT;
                }
            }
            case ACTIVE -> {
                double roll = rng.uniform();
                if (roll < IntentModel.CLOSE[intent.ordinal()]) {
                    deal(t, dayIn(month), end);
                    state = State.TRANSACTED;
                } else if (roll < IntentModel.CLOSE[intent.ordinal()] + IntentModel.DROP_OUT) {
                    state = State.DORMANT;
                }
            }
        }
    }

    /** Investors look where prices run and homes are cheaper, mostly outside their own market. */
    private int investmentRegion(int t) {
        double[] weights = new double[market.regions().size()];
        for (int r = 0; r < weights.length; r++) {
            weights[r] = (r == owner.region ? 0.3 : 1.0) * Math.exp(8 * market.yearOverYear(r, t))
                    * 500_000 / market.region(r).basePrice();
        }
        return rng.weighted(weights);
    }

    /** A business-hours moment on a uniformly drawn day of the month, as the 90-day truth assumes. */
    private Instant dayIn(LocalDate month) {
        return month.plusDays(rng.nextInt(month.lengthOfMonth())).atTime(rng.between(9, 18), rng.nextInt(60))
                .toInstant(ZoneOffset.UTC);
    }

    private void activate(Instant at) {
        state = State.ACTIVE;
        agent = null;
        if (intent == Intent.REFINANCE) {
            return;
        }
        agent = world.agentFor(intent == Intent.INVEST ? investRegion : owner.region, rng);
        UUID eventId = rng.uuid();
        events.add(SimRecord.event(SimTable.AGENT_ASSIGNMENTS, EventType.AGENT_ASSIGNED, owner.id, eventId, at,
                eventId, owner.id, agent.id(), at, at.plusSeconds(rng.between(1, 90))));
    }

    private void deal(int t, Instant opened, Instant end) {
        Homeowner.Home home = owner.primaryHome();
        double value = market.priceIndex(home.region(), t) * home.quality();
        String id = "txn_" + owner.number + "_" + (++deals);
        double speed = agent == null ? 1.0 : agent.responsiveness();
        long days = Math.round((intent == Intent.REFINANCE ? rng.between(15, 35) : rng.between(25, 50)) / speed);
        Instant closed = opened.plusSeconds(days * 86_400 + rng.nextInt(28_800));
        double amount = switch (intent) {
            case SELL_AND_MOVE -> value * rng.logNormal(0.04);
            case BUY -> value * rng.uniform(0.9, 1.5);
            case REFINANCE -> Math.max(50_000, situation.balance(t) * rng.uniform(1.0, 1.1));
            case INVEST -> market.priceIndex(investRegion, t) * rng.uniform(0.3, 0.7);
        };
        String property = intent == Intent.SELL_AND_MOVE || intent == Intent.REFINANCE ? home.id() : null;
        String agentId = agent == null ? null : agent.id();
        boolean closes = closed.isBefore(end);
        UUID createdId = rng.uuid();
        Object[] open = {id, owner.id, property, agentId, intent.transactionType, "OPEN", Decimals.money(amount), opened, null, opened};
        events.add(new SimRecord(SimTable.TRANSACTIONS, !closes, EventType.TRANSACTION_CREATED, id, createdId, opened, open));
        if (closes) {
            events.add(SimRecord.event(SimTable.TRANSACTIONS, EventType.TRANSACTION_CLOSED, id, rng.uuid(), closed,
                    id, owner.id, property, agentId, intent.transactionType, "CLOSED", Decimals.money(amount), opened, closed, closed));
            if (intent == Intent.SELL_AND_MOVE) {
                UUID valuationId = rng.uuid();
                events.add(SimRecord.event(SimTable.PROPERTY_VALUATIONS, EventType.PROPERTY_VALUED, home.id(), valuationId, closed,
                        valuationId, home.id(), closed, Decimals.money(amount), "SALE", closed.plusSeconds(rng.between(60, 3_600))));
            }
        }
        situation.lastTransactionT = t;
        if (intent == Intent.REFINANCE) {
            situation.lastRefinanceT = t;
            situation.newLoan(market.mortgageRate(t) - 0.1, situation.balance(t), t);
        } else if (intent == Intent.SELL_AND_MOVE) {
            situation.tenureStartT = t;
            situation.newLoan(market.mortgageRate(t), value * 0.8, t);
        }
    }

    private void valuations(int t, LocalDate month) {
        for (Homeowner.Home home : owner.homes) {
            Instant at = month.plusDays(rng.between(0, 9)).atTime(6, rng.nextInt(60)).toInstant(ZoneOffset.UTC);
            double estimate = market.priceIndex(home.region(), t) * home.quality() * rng.logNormal(0.05);
            UUID eventId = rng.uuid();
            events.add(SimRecord.event(SimTable.PROPERTY_VALUATIONS, EventType.PROPERTY_VALUED, home.id(), eventId, at,
                    eventId, home.id(), at, Decimals.money(estimate), "AVM", at.plusSeconds(rng.between(60, 3_600))));
        }
    }
}
