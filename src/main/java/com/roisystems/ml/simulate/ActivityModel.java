package com.roisystems.ml.simulate;

import com.roisystems.ml.bus.EventTypes.EventType;
import com.roisystems.ml.simulate.IntentModel.Intent;
import com.roisystems.ml.simulate.IntentModel.State;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The observable effects of one homeowner's month. Counts are negative binomial: base rates × the user's
 * engagement level × an intent multiplier (CONSIDERING ~2×, ACTIVE ~4×), strongest in the categories the
 * intent is about — selling reads home-value and listing documents and searches comparables, buying and
 * investing search and save listings (investors elsewhere, cheaper), refinancing reads mortgage documents
 * and clicks rate alerts. Emails and alerts are sent by the platform; opens and clicks come in the user's
 * own hours, after a delay. One instance per user: it numbers the user's ids and remembers unsubscribing.
 *
 * <p>{@code new ActivityModel(owner, world).month(t, state, intent, investRegion, rng, records);}
 */
final class ActivityModel {

    private static final double SESSIONS = 0.5;
    private static final double DOCUMENTS = 0.25;
    private static final double SEARCHES = 0.2;
    private static final double LISTING_VIEWS = 0.3;
    private static final double ALERTS = 1.0;
    private static final double DISPERSION = 2.5;
    private static final String[] ALERT_TYPES = {"PRICE_CHANGE", "RATE_DROP", "NEW_LISTING", "MARKET_UPDATE"};
    private static final String[] DEVICES_OTHER = {"DESKTOP", "MOBILE", "TABLET"};
    private static final String[] PAGES = {"/dashboard", "/home-value", "/market", "/listings", "/mortgage", "/documents"};
    private static final String[] TYPES = {"SINGLE_FAMILY", "CONDO", "TOWNHOUSE", "MULTI_FAMILY"};

    private final Homeowner owner;
    private final MarketModel market;
    private int sequence;
    private boolean unsubscribed;

    ActivityModel(Homeowner owner, World world) {
        this.owner = owner;
        this.market = world.market();
    }

    void month(int t, State state, Intent intent, int investRegion, SimRandom rng, List<SimRecord> out) {
        LocalDate month = market.monthAt(t);
        double level = state == State.ACTIVE ? 4.0 : state == State.CONSIDERING ? 2.0 : 1.0;
        Intent focus = level > 1 ? intent : null;
        double engagement = owner.engagement;
        int sessions = rng.negativeBinomial(SESSIONS * engagement * boost(level, focus != null), DISPERSION);
        for (int k = 0; k < sessions; k++) {
            session(month, focus, level, rng, out);
        }
        boolean documentFocus = focus == Intent.SELL_AND_MOVE || focus == Intent.REFINANCE;
        int documents = rng.negativeBinomial(DOCUMENTS * engagement * boost(level, documentFocus), DISPERSION);
        for (int k = 0; k < documents; k++) {
            document(month, focus, rng, out);
        }
        boolean searchFocus = focus == Intent.SELL_AND_MOVE || focus == Intent.BUY || focus == Intent.INVEST;
        int searches = rng.negativeBinomial(SEARCHES * engagement * boost(level, searchFocus), DISPERSION);
        for (int k = 0; k < searches; k++) {
            search(t, month, focus, investRegion, rng, out);
        }
        boolean listingFocus = focus == Intent.BUY || focus == Intent.INVEST;
        int views = rng.negativeBinomial(LISTING_VIEWS * engagement * boost(level, listingFocus), DISPERSION);
        for (int k = 0; k < views; k++) {
            listingView(t, month, focus, investRegion, rng, out);
        }
        int alerts = rng.poisson(ALERTS);
        for (int k = 0; k < alerts; k++) {
            alert(month, focus, level, rng, out);
        }
        emails(month, level, rng, out);
    }

    /** Focused categories get the full multiplier (and a bit more); the rest of the platform only part of it. */
    private static double boost(double level, boolean focused) {
        return focused ? level * 1.5 : 1 + (level - 1) * 0.35;
    }

    private String nextId(String prefix) {
        return prefix + owner.number + "_" + (++sequence);
    }

    /** A user event; its id is drawn here and also fills the row's {@code event_id} column (always the first). */
    private SimRecord user(SimTable table, EventType type, SimRandom rng, Instant at, Object... values) {
        UUID eventId = rng.uuid();
        values[0] = eventId;
        return SimRecord.event(table, type, owner.id, eventId, at, values);
    }

    private static Instant ingested(SimRandom rng, Instant at) {
        return at.plusSeconds(rng.between(1, 90));
    }

    private void session(LocalDate month, Intent focus, double level, SimRandom rng, List<SimRecord> out) {
        Instant start = owner.clock.timeInMonth(rng, month);
        String session = nextId("sess_");
        String device = rng.chance(0.8) ? owner.device : rng.pick(DEVICES_OTHER);
        out.add(user(SimTable.PLATFORM_SESSIONS, EventType.SESSION_STARTED, rng, start,
                null, session, owner.id, "STARTED", device, null, start, ingested(rng, start)));
        int pages = 1 + rng.poisson(level > 1 ? 1.6 : 1.0);
        Instant at = start;
        for (int p = 0; p < pages; p++) {
            at = at.plusSeconds(rng.between(5, 180));
            out.add(user(SimTable.PAGE_VIEWS, EventType.PAGE_VIEWED, rng, at, null, owner.id, session, page(focus, rng), at, ingested(rng, at)));
        }
        Instant end = at.plusSeconds(rng.between(10, 240));
        int duration = (int) (end.getEpochSecond() - start.getEpochSecond());
        out.add(user(SimTable.PLATFORM_SESSIONS, EventType.SESSION_ENDED, rng, end,
                null, session, owner.id, "ENDED", device, duration, end, ingested(rng, end)));
    }

    private static String page(Intent focus, SimRandom rng) {
        if (focus != null && rng.chance(0.5)) {
            return switch (focus) {
                case SELL_AND_MOVE -> rng.chance(0.6) ? "/home-value" : "/sell";
                case BUY -> "/listings";
                case INVEST -> rng.chance(0.5) ? "/listings" : "/market";
                case REFINANCE -> rng.chance(0.6) ? "/mortgage" : "/refinance";
            };
        }
        return rng.pick(PAGES);
    }

    private void document(LocalDate month, Intent focus, SimRandom rng, List<SimRecord> out) {
        String type = documentType(focus, rng);
        Instant at = owner.clock.timeInMonth(rng, month);
        double roll = rng.uniform();
        EventType event = roll < 0.75 ? EventType.DOCUMENT_VIEWED : roll < 0.95 ? EventType.DOCUMENT_DOWNLOADED : EventType.DOCUMENT_SHARED;
        String action = event.wireName().substring("document.".length()).toUpperCase(Locale.ROOT);
        String document = "doc_" + owner.number + "_" + type.toLowerCase(Locale.ROOT) + "_" + rng.between(1, 4);
        out.add(user(SimTable.DOCUMENT_ACCESS, event, rng, at, null, owner.id, document, type, action, at, ingested(rng, at)));
    }

    private static String documentType(Intent focus, SimRandom rng) {
        if (focus == null || rng.chance(0.2)) {
            return rng.pick(new String[]{"HOME_VALUE_REPORT", "MARKET_REPORT", "TAX_STATEMENT", "INSURANCE_POLICY"});
        }
        return switch (focus) {
            case SELL_AND_MOVE -> rng.pick(new String[]{"HOME_VALUE_REPORT", "LISTING_AGREEMENT", "COMPARABLES_REPORT"});
            case BUY, INVEST -> rng.pick(new String[]{"MARKET_REPORT", "PREAPPROVAL_LETTER"});
            case REFINANCE -> rng.pick(new String[]{"MORTGAGE_STATEMENT", "RATE_COMPARISON", "REFINANCE_ESTIMATE"});
        };
    }

    /** Where and at what prices the user looks: comparables for sellers, other cheaper markets for investors. */
    private double[] band(int t, Intent focus, int investRegion, SimRandom rng) {
        Homeowner.Home home = owner.primaryHome();
        double own = market.priceIndex(home.region(), t) * home.quality();
        if (focus == Intent.SELL_AND_MOVE) {
            return new double[]{home.region(), own * 0.85, own * 1.15};
        }
        if (focus == Intent.BUY) {
            return new double[]{home.region(), own * 0.9, own * rng.uniform(1.2, 1.7)};
        }
        if (focus == Intent.INVEST) {
            double median = market.priceIndex(investRegion, t);
            return new double[]{investRegion, median * 0.3, median * 0.7};
        }
        int region = rng.chance(0.85) ? owner.region : rng.nextInt(market.regions().size());
        double median = market.priceIndex(region, t);
        return new double[]{region, median * rng.uniform(0.4, 0.9), median * rng.uniform(1.1, 1.8)};
    }

    private void search(int t, LocalDate month, Intent focus, int investRegion, SimRandom rng, List<SimRecord> out) {
        double[] band = band(t, focus, investRegion, rng);
        int region = (int) band[0];
        String type = focus == Intent.SELL_AND_MOVE ? owner.primaryHome().type() : rng.chance(0.4) ? null : rng.pick(TYPES);
        int results = rng.poisson(40 * market.inventoryFactor(region, t));
        Instant at = owner.clock.timeInMonth(rng, month);
        out.add(user(SimTable.SEARCHES, EventType.SEARCH_PERFORMED, rng, at, null, owner.id, market.region(region).id(), type,
                Decimals.money(Math.round(band[1] / 1000) * 1000.0), Decimals.money(Math.round(band[2] / 1000) * 1000.0),
                results, at, ingested(rng, at)));
    }

    private void listingView(int t, LocalDate month, Intent focus, int investRegion, SimRandom rng, List<SimRecord> out) {
        double[] band = band(t, focus, investRegion, rng);
        int region = (int) band[0];
        String listing = "listing_" + (region + 1) + "_" + rng.nextInt(20_000);
        double price = rng.uniform(band[1], band[2]);
        boolean saved = rng.chance(focus == Intent.BUY || focus == Intent.INVEST ? 0.3 : 0.1);
        Instant at = owner.clock.timeInMonth(rng, month);
        out.add(user(SimTable.PROPERTY_VIEWS, saved ? EventType.PROPERTY_SAVED : EventType.PROPERTY_VIEWED, rng, at,
                null, owner.id, listing, market.region(region).id(), Decimals.money(price), saved ? "SAVED" : "VIEWED",
                at, ingested(rng, at)));
    }

    private void alert(LocalDate month, Intent focus, double level, SimRandom rng, List<SimRecord> out) {
        String type = rng.pick(ALERT_TYPES);
        String alert = nextId("alert_");
        Instant sent = month.plusDays(rng.nextInt(month.lengthOfMonth())).atTime(rng.between(13, 18), rng.nextInt(60))
                .toInstant(ZoneOffset.UTC);
        out.add(alertRow(EventType.ALERT_SENT, alert, type, sent, rng));
        boolean relevant = (focus == Intent.REFINANCE && type.equals("RATE_DROP"))
                || (focus == Intent.SELL_AND_MOVE && type.equals("PRICE_CHANGE"))
                || ((focus == Intent.BUY || focus == Intent.INVEST) && type.equals("NEW_LISTING"));
        double open = Math.min(0.95, owner.responsiveness * (1 + 0.6 * (level - 1)) * (relevant ? 1.5 : 1));
        Instant seen = owner.clock.reactionTo(rng, sent, 72);
        if (rng.chance(open)) {
            out.add(alertRow(EventType.ALERT_OPENED, alert, type, seen, rng));
            if (rng.chance(Math.min(0.9, 0.2 * (1 + 0.5 * (level - 1)) * (relevant ? 2.5 : 1)))) {
                out.add(alertRow(EventType.ALERT_CLICKED, alert, type, seen.plusSeconds(rng.between(3, 120)), rng));
            }
        } else if (rng.chance(0.25)) {
            out.add(alertRow(EventType.ALERT_DISMISSED, alert, type, seen, rng));
        }
    }

    private SimRecord alertRow(EventType type, String alert, String alertType, Instant at, SimRandom rng) {
        String action = type.wireName().substring("alert.".length()).toUpperCase(Locale.ROOT);
        return user(SimTable.ALERT_EVENTS, type, rng, at, null, alert, owner.id, alertType, action, at, ingested(rng, at));
    }

    /** The fortnightly newsletter goes out on alternate Tuesdays at 15:00 UTC; people read it in their own hours. */
    private void emails(LocalDate month, double level, SimRandom rng, List<SimRecord> out) {
        LocalDate tuesday = month.plusDays((DayOfWeek.TUESDAY.getValue() - month.getDayOfWeek().getValue() + 7) % 7);
        for (LocalDate day = tuesday; day.getMonth() == month.getMonth(); day = day.plusWeeks(1)) {
            if (unsubscribed || (day.toEpochDay() / 7) % 2 != 0 || owner.createdAt.isAfter(day.atStartOfDay().toInstant(ZoneOffset.UTC))) {
                continue;
            }
            String email = nextId("email_");
            String campaign = "newsletter_" + day;
            Instant sent = day.atTime(15, 0).toInstant(ZoneOffset.UTC).plusSeconds(rng.nextInt(1800));
            out.add(emailRow(EventType.EMAIL_SENT, email, campaign, sent, rng));
            if (rng.chance(0.005)) {
                out.add(emailRow(EventType.EMAIL_BOUNCED, email, campaign, sent.plusSeconds(rng.between(5, 600)), rng));
                continue;
            }
            if (!rng.chance(Math.min(0.95, owner.responsiveness * (1 + 0.2 * (level - 1))))) {
                continue;
            }
            Instant opened = owner.clock.reactionTo(rng, sent, 120);
            out.add(emailRow(EventType.EMAIL_OPENED, email, campaign, opened, rng));
            if (rng.chance(0.15 * (1 + 0.5 * (level - 1)))) {
                out.add(emailRow(EventType.EMAIL_CLICKED, email, campaign, opened.plusSeconds(rng.between(5, 300)), rng));
            } else if (rng.chance(0.004)) {
                out.add(emailRow(EventType.EMAIL_UNSUBSCRIBED, email, campaign, opened.plusSeconds(rng.between(5, 120)), rng));
                unsubscribed = true;
            }
        }
    }

    private SimRecord emailRow(EventType type, String email, String campaign, Instant at, SimRandom rng) {
        String action = type.wireName().substring("email.".length()).toUpperCase(Locale.ROOT);
        return user(SimTable.EMAIL_EVENTS, type, rng, at, null, owner.id, email, campaign, action, at, ingested(rng, at));
    }
}
