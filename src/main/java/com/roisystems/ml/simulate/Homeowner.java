package com.roisystems.ml.simulate;

import com.roisystems.ml.bus.EventTypes.EventType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated homeowner and the homes they own at the start: the visible attributes (region, age band,
 * property details, mortgage) and the hidden traits (chronotype, email responsiveness, engagement level,
 * investor appetite, life-event rate). Drawn from the user's own homeowner stream, so the homeowner
 * phase and the behaviour phase can each rebuild the same person.
 *
 * <p>{@code Homeowner owner = Homeowner.draw(world, 17); owner.emitOwner(world, sink);}
 */
final class Homeowner {

    static final String[] AGE_BANDS = {"18_34", "35_49", "50_64", "65_PLUS"};
    private static final double[] AGE_SHARES = {0.20, 0.35, 0.30, 0.15};
    private static final int[] MAX_TENURE_YEARS = {12, 25, 32, 34};
    private static final String[] TYPES = {"SINGLE_FAMILY", "CONDO", "TOWNHOUSE", "MULTI_FAMILY"};
    private static final double[] TYPE_SHARES = {0.60, 0.20, 0.15, 0.05};
    private static final String[] STREETS = {"Oak", "Maple", "Cedar", "Pine", "Elm", "Lake", "Hill", "Park", "Main", "River"};

    /** A home. {@code quality} scales the region index into this home's true value; {@code purchaseT} is in months from the start. */
    record Home(String id, int region, String type, int bedrooms, double bathrooms, int sqft, Integer lotSqft,
                int yearBuilt, int purchaseT, LocalDate purchaseDate, double purchasePrice, double quality,
                Double mortgageRate, Double principal, Integer termYears, boolean primary, String address) {
    }

    final int number;
    final String id;
    final int region;
    final int ageBand;
    final Instant createdAt;
    final ContactClock clock;
    final double responsiveness;
    final double engagement;
    final boolean investor;
    final double lifeEventRate;
    final String device;
    final List<Home> homes;

    private Homeowner(int number, int region, int ageBand, Instant createdAt, ContactClock clock, double responsiveness,
                      double engagement, boolean investor, double lifeEventRate, String device, List<Home> homes) {
        this.number = number;
        this.id = "user_" + number;
        this.region = region;
        this.ageBand = ageBand;
        this.createdAt = createdAt;
        this.clock = clock;
        this.responsiveness = responsiveness;
        this.engagement = engagement;
        this.investor = investor;
        this.lifeEventRate = lifeEventRate;
        this.device = device;
        this.homes = homes;
    }

    static Homeowner draw(World world, int number) {
        MarketModel market = world.market();
        SimRandom rng = SimRandom.stream(market.params().seed(), SimRandom.HOMEOWNER, number);
        double[] weights = market.regions().stream().mapToDouble(MarketModel.Region::weight).toArray();
        int region = rng.weighted(weights);
        int ageBand = rng.weighted(AGE_SHARES);
        Instant created = market.monthAt(-rng.between(1, 36)).plusDays(rng.nextInt(28))
                .atTime(rng.nextInt(24), rng.nextInt(60)).toInstant(ZoneOffset.UTC);
        ContactClock clock = ContactClock.draw(rng);
        double responsiveness = Math.min(0.9, 0.05 + 0.5 * rng.uniform() * rng.uniform() + 0.2 * rng.uniform());
        double engagement = rng.gammaMeanOne(2.0);
        boolean investor = rng.chance(ageBand == 1 || ageBand == 2 ? 0.10 : 0.04);
        double lifeEventRate = new double[]{0.020, 0.012, 0.008, 0.010}[ageBand];
        String device = rng.chance(ageBand == 0 ? 0.7 : 0.45) ? "MOBILE" : rng.chance(0.85) ? "DESKTOP" : "TABLET";
        List<Home> homes = new ArrayList<>();
        homes.add(drawHome(market, rng, "property_" + number, region, rng.between(0, MAX_TENURE_YEARS[ageBand] * 12), true));
        if (investor) {
            int extra = rng.between(1, 3);
            for (int k = 1; k <= extra; k++) {
                int where = rng.chance(0.6) ? region : rng.weighted(weights);
                homes.add(drawHome(market, rng, "property_" + number + "_" + k, where, rng.between(0, 180), false));
            }
        }
        return new Homeowner(number, region, ageBand, created, clock, responsiveness, engagement, investor,
                lifeEventRate, device, List.copyOf(homes));
    }

    private static Home drawHome(MarketModel market, SimRandom rng, String id, int region, int tenureMonths, boolean primary) {
        int purchaseT = -tenureMonths - 1;
        LocalDate purchaseDate = market.monthAt(purchaseT).plusDays(rng.nextInt(28));
        String type = TYPES[rng.weighted(TYPE_SHARES)];
        double quality = rng.logNormal(0.35) * (type.equals("CONDO") ? 0.7 : type.equals("MULTI_FAMILY") ? 1.3 : 1.0);
        double price = market.priceIndex(region, purchaseT) * quality * rng.logNormal(0.08);
        int bedrooms = Math.max(type.equals("CONDO") ? 0 : 1, Math.min(8, (int) Math.round(3 * Math.pow(quality, 0.6) + rng.gaussian() * 0.7)));
        double bathrooms = Math.max(1.0, Math.min(8.0, Math.round((bedrooms * 0.6 + 0.5 + rng.gaussian() * 0.4) * 2) / 2.0));
        int sqft = (int) Math.max(350, Math.round(1_800 * Math.pow(quality, 0.8) * rng.logNormal(0.15) / 10) * 10);
        Integer lot = type.equals("CONDO") ? null : (int) Math.round(sqft * rng.uniform(1.5, 6.0) / 10) * 10;
        int yearBuilt = Math.max(1900, purchaseDate.getYear() - (rng.chance(0.2) ? 0 : rng.between(1, 70)));
        Double rate = null;
        Double principal = null;
        Integer term = null;
        if (!rng.chance(primary ? 0.10 : 0.25)) {
            term = rng.chance(0.15) ? 15 : 30;
            rate = Math.max(1.75, Math.round((market.mortgageRate(purchaseT) + (term == 15 ? -0.5 : 0) + 0.25 * rng.gaussian()) * 8) / 8.0);
            principal = price * rng.uniform(0.65, 0.95);
        }
        String address = rng.between(10, 9_999) + " " + rng.pick(STREETS) + " St, " + market.region(region).name();
        return new Home(id, region, type, bedrooms, bathrooms, sqft, lot, yearBuilt, purchaseT, purchaseDate,
                price, quality, rate, principal, term, primary, address);
    }

    Home primaryHome() {
        return homes.get(0);
    }

    /** The user's own rows: the user and the true contact propensities. */
    long emitOwner(World world, RecordSink sink) throws Exception {
        MarketModel market = world.market();
        sink.accept(SimRecord.row(SimTable.USERS, id, market.region(region).id(), AGE_BANDS[ageBand],
                id + "@example.com", createdAt));
        sink.accept(SimRecord.row(SimTable.SIM_USER_CONTACT_TRUTH, id, clock.chronotype().name(), clock.propensity()));
        return 2;
    }

    /** The user's homes (also published as property.created) and each home's true monthly value. */
    long emitHomes(World world, RecordSink sink) throws Exception {
        MarketModel market = world.market();
        SimRandom rng = SimRandom.stream(market.params().seed(), SimRandom.HOMEOWNER, -number);
        for (Home home : homes) {
            Instant created = createdAt.isAfter(home.purchaseDate().atStartOfDay().toInstant(ZoneOffset.UTC))
                    ? createdAt : home.purchaseDate().atTime(12, 0).toInstant(ZoneOffset.UTC);
            sink.accept(SimRecord.event(SimTable.PROPERTIES, EventType.PROPERTY_CREATED, home.id(), rng.uuid(), created,
                    home.id(), id, market.region(home.region()).id(), home.address(), home.type(), home.bedrooms(),
                    Decimals.of(home.bathrooms(), 1), home.sqft(), home.lotSqft(), home.yearBuilt(), home.purchaseDate(),
                    Decimals.money(home.purchasePrice()),
                    home.mortgageRate() == null ? null : Decimals.of(home.mortgageRate(), 4),
                    home.principal() == null ? null : Decimals.money(home.principal()),
                    home.termYears(), home.primary(), created, created));
            double[] values = new double[market.params().months()];
            for (int t = 0; t < values.length; t++) {
                values[t] = Math.round(market.priceIndex(home.region(), t) * home.quality() * 100) / 100.0;
            }
            sink.accept(SimRecord.row(SimTable.SIM_PROPERTY_VALUE_TRUTH, home.id(), market.params().startMonth(), values));
        }
        return 2L * homes.size();
    }
}
