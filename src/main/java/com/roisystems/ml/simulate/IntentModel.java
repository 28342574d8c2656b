package com.roisystems.ml.simulate;

import java.time.LocalDate;

/**
 * The hidden cause: each month a homeowner is DORMANT, CONSIDERING, ACTIVE or has just TRANSACTED, with
 * one intent. Monthly hazards out of DORMANT depend on tenure (selling peaks at 7–12 years), life events,
 * age band, equity and the region's appreciation, the gap between the owner's mortgage rate and today's
 * (an owner paying at least a point above market refinances; one locked in below market does not), and,
 * for investors, price growth and inventory.
 *
 * <p>{@code double[] h = IntentModel.hazards(owner, situation, market, t); double p = IntentModel.probabilityWithin90Days(...);}
 *
 * <p>The recorded {@code p_transact_90d} is exact for the chain with this month's hazards held fixed for
 * the three months ahead: a forward pass over the state distribution, where a deal opens on a uniformly
 * drawn day of its month, so the third month counts only for the days inside the 90-day window. What it
 * does not foresee — next months' life events and market moves — is part of the irreducible noise.
 */
final class IntentModel {

    enum State { DORMANT, CONSIDERING, ACTIVE, TRANSACTED }

    /** An intent and the transaction it ends in. */
    enum Intent {
        SELL_AND_MOVE("SELL"), BUY("BUY"), REFINANCE("REFINANCE"), INVEST("INVESTMENT");

        final String transactionType;

        Intent(String transactionType) {
            this.transactionType = transactionType;
        }
    }

    private static final Intent[] INTENTS = Intent.values();
    /** Per intent (SELL, BUY, REFINANCE, INVEST): monthly chance to go from CONSIDERING to ACTIVE. */
    static final double[] ACTIVATE = {0.30, 0.30, 0.45, 0.35};
    /** Per intent: monthly chance that an ACTIVE owner opens the deal. */
    static final double[] CLOSE = {0.25, 0.25, 0.40, 0.30};
    /** Per intent: share of DORMANT owners who skip CONSIDERING and act at once. */
    static final double[] IMPULSIVE = {0.30, 0.30, 0.60, 0.30};
    /**
     * Per intent: share of those impulsive owners who open the deal in the very month the intent formed —
     * the urgent sale after a life event, the quick refinance. They leave little trace beforehand, which
     * is the irreducible part of the noise that keeps even the oracle well below a perfect ranking.
     */
    static final double[] SAME_MONTH = {0.5, 0.5, 0.7, 0.5};
    static final double GIVE_UP = 0.15;
    static final double DROP_OUT = 0.10;
    private static final double[][] AGE_FACTORS = {
            {1.3, 1.0, 0.8, 1.1}, // selling, by age band
            {1.5, 1.2, 0.8, 0.5}, // buying
    };

    private IntentModel() {
    }

    /** Monthly hazards out of DORMANT, per intent, in {@link Intent} order. */
    static double[] hazards(Homeowner owner, OwnerSituation situation, MarketModel market, int t) {
        Homeowner.Home home = owner.primaryHome();
        double marketRate = market.mortgageRate(t);
        double yoy = market.yearOverYear(owner.region, t);
        double years = (t - situation.tenureStartT) / 12.0;
        double value = market.priceIndex(home.region(), t) * home.quality();
        double equity = value <= 0 ? 0 : Math.max(-0.5, 1.0 - situation.balance(t) / value);
        double gap = situation.mortgageRate == null ? Double.NaN : situation.mortgageRate - marketRate;
        double lockIn = Double.isNaN(gap) || gap > -1 ? 1.0 : gap > -2 ? 0.7 : 0.5;
        double life = situation.lifeEventMonths > 0 ? 1 : 0;
        double cooldown = t - situation.lastTransactionT < 12 ? 0.2 : 1.0;

        double sell = 0.0045 * tenureShape(years) * AGE_FACTORS[0][owner.ageBand]
                * Math.exp(1.2 * equity - 0.3 + 3.0 * yoy) * lockIn * (1 + 6 * life) * cooldown;
        double buy = 0.0015 * AGE_FACTORS[1][owner.ageBand] * (1 + 4 * life)
                * Math.exp(-0.25 * (marketRate - 5.0)) * cooldown;
        double refinance;
        if (Double.isNaN(gap)) {
            refinance = 0;
        } else if (gap >= 1) {
            refinance = Math.min(0.06, 0.015 + 0.02 * (gap - 1));
        } else if (gap >= 0) {
            refinance = 0.0015 * gap;
        } else {
            refinance = 0.0001;
        }
        refinance *= t - situation.lastRefinanceT < 24 ? 0.1 : 1.0;
        double invest = (owner.investor ? 0.004 : 0.0004) * Math.exp(6.0 * yoy)
                * Math.sqrt(market.inventoryFactor(owner.region, t)) * cooldown;
        return new double[]{sell, buy, refinance, invest};
    }

    /** Selling and moving is rare in the first years, most likely at 7–12 years of ownership. */
    static double tenureShape(double years) {
        if (years < 2) {
            return 0.25;
        }
        if (years < 7) {
            return 0.25 + 0.75 * (years - 2) / 5.0;
        }
        if (years < 12) {
            return 1.0;
        }
        if (years < 20) {
            return 1.0 - 0.5 * (years - 12) / 8.0;
        }
        return 0.5;
    }

    /** The intent a DORMANT owner would most likely form next: the largest hazard. */
    static Intent likeliestIntent(double[] hazards) {
        int best = 0;
        for (int i = 1; i < hazards.length; i++) {
            if (hazards[i] > hazards[best]) {
                best = i;
            }
        }
        return INTENTS[best];
    }

    /** The probability that a deal opens within 90 days of the first day of {@code month}. */
    static double probabilityWithin90Days(State state, Intent intent, double[] hazards, LocalDate month) {
        double[] pC = new double[4];
        double[] pA = new double[4];
        double pD = state == State.DORMANT ? 1 : 0;
        double pT = state == State.TRANSACTED ? 1 : 0;
        if (state == State.CONSIDERING) {
            pC[intent.ordinal()] = 1;
        } else if (state == State.ACTIVE) {
            pA[intent.ordinal()] = 1;
        }
        double total = 0;
        for (double h : hazards) {
            total += h;
        }
        double start = 1 - Math.exp(-total);
        double transacted = 0;
        int daysBefore = 0;
        for (int k = 0; k < 3; k++) {
            LocalDate current = month.plusMonths(k);
            int days = current.lengthOfMonth();
            double inWindow = Math.max(0, Math.min(1, (90.0 - daysBefore) / days));
            daysBefore += days;
            double nextD = pD * (1 - start) + pT;
            double[] nextC = new double[4];
            double[] nextA = new double[4];
            for (int i = 0; i < 4; i++) {
                double share = total > 0 ? hazards[i] / total : 0;
                double impulsive = pD * start * share * IMPULSIVE[i];
                transacted += inWindow * (pA[i] * CLOSE[i] + impulsive * SAME_MONTH[i]);
                nextA[i] = pA[i] * (1 - CLOSE[i] - DROP_OUT) + pC[i] * ACTIVATE[i] + impulsive * (1 - SAME_MONTH[i]);
                nextC[i] = pC[i] * (1 - ACTIVATE[i] - GIVE_UP) + pD * start * share * (1 - IMPULSIVE[i]);
                nextD += pA[i] * DROP_OUT + pC[i] * GIVE_UP;
            }
            pD = nextD;
            pT = 0;
            pC = nextC;
            pA = nextA;
        }
        return Math.max(0, Math.min(1, transacted));
    }
}
