package com.roisystems.ml.features;

import java.time.Duration;
import java.util.List;

import static com.roisystems.ml.features.SqlFragments.AS_OF_UTC;
import static com.roisystems.ml.features.SqlFragments.daysSince;
import static com.roisystems.ml.features.FeatureCategory.TEMPORAL;
import static com.roisystems.ml.features.FeatureDefinition.flag;
import static com.roisystems.ml.features.FeatureDefinition.numeric;

/** The moment of as_of (UTC) and the user's age on the platform; cyclical pairs keep 23:00 next to 00:00. */
final class TemporalFeatures {

    static final FeatureGroup CALENDAR = MarketFeatures.CALENDAR;

    private static final String HOUR = "extract(hour FROM " + AS_OF_UTC + ")";
    private static final String DOW = "(extract(isodow FROM " + AS_OF_UTC + ") - 1)";
    private static final String MONTH0 = "(extract(month FROM " + AS_OF_UTC + ") - 1)";

    private TemporalFeatures() {
    }

    static List<FeatureDefinition> all() {
        Duration hour = Duration.ofHours(1);
        Duration day = Duration.ofDays(1);
        return List.of(
                numeric("day_of_week", TEMPORAL, CALENDAR, DOW, "Day of week of as_of, 0 = Monday .. 6 = Sunday").range(0, 6).required().maxAge(day),
                numeric("hour_of_day", TEMPORAL, CALENDAR, HOUR, "Hour of as_of, 0-23").range(0, 23).required().maxAge(hour),
                numeric("day_of_month", TEMPORAL, CALENDAR, "extract(day FROM " + AS_OF_UTC + ")", "Day of month, 1-31").range(1, 31).required().maxAge(day),
                numeric("days_to_month_end", TEMPORAL, CALENDAR,
                        "(date_trunc('month', " + AS_OF_UTC + ") + interval '1 month' - interval '1 day')::date - " + AS_OF_UTC + "::date",
                        "Days left in the month (0 on its last day)").range(0, 30).required().maxAge(day),
                flag("is_weekend", TEMPORAL, CALENDAR, DOW + " >= 5", "1 on Saturday and Sunday").maxAge(day),
                numeric("hour_sin", TEMPORAL, CALENDAR, "sin(2 * pi() * " + HOUR + " / 24)", "sin(2 pi hour / 24)").range(-1, 1).required().maxAge(hour),
                numeric("hour_cos", TEMPORAL, CALENDAR, "cos(2 * pi() * " + HOUR + " / 24)", "cos(2 pi hour / 24)").range(-1, 1).required().maxAge(hour),
                numeric("dow_sin", TEMPORAL, CALENDAR, "sin(2 * pi() * " + DOW + " / 7)", "sin(2 pi day_of_week / 7)").range(-1, 1).required().maxAge(day),
                numeric("dow_cos", TEMPORAL, CALENDAR, "cos(2 * pi() * " + DOW + " / 7)", "cos(2 pi day_of_week / 7)").range(-1, 1).required().maxAge(day),
                numeric("month_sin", TEMPORAL, CALENDAR, "sin(2 * pi() * " + MONTH0 + " / 12)", "sin(2 pi (month - 1) / 12)").range(-1, 1).required().maxAge(day),
                numeric("month_cos", TEMPORAL, CALENDAR, "cos(2 * pi() * " + MONTH0 + " / 12)", "cos(2 pi (month - 1) / 12)").range(-1, 1).required().maxAge(day),
                numeric("user_tenure_days", TEMPORAL, CALENDAR, "CASE WHEN u.created_at < :as_of THEN " + daysSince("u.created_at") + " END",
                        "Days since the user joined the platform; null before that").range(0, 36_500).maxAge(day).reads("user.occurred_at"));
    }
}
