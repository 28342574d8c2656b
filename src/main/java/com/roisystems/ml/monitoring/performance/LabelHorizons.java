package com.roisystems.ml.monitoring.performance;

import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.PredictionType;

/**
 * How long after a prediction its outcome can still arrive: the label windows training uses
 * ({@code training.MonthlyCutoffs.horizonDays}; {@code LabelHorizonsTest} fails when the two disagree).
 */
final class LabelHorizons {

    static int days(PredictionType type) {
        return switch (type) {
            case MOVE_PROBABILITY -> 90;
            case TRANSACTION_TYPE -> 180;
            case CONTACT_TIMING -> ContactSlots.LABEL_DAYS;
            case PROPERTY_VALUE -> 120;
        };
    }

    static String outcomeQuery(PredictionType type) {
        return switch (type) {
            case MOVE_PROBABILITY -> OutcomeQueries.MOVE_OUTCOMES;
            case TRANSACTION_TYPE -> OutcomeQueries.TYPE_OUTCOMES;
            case CONTACT_TIMING -> OutcomeQueries.CONTACT_OUTCOMES;
            case PROPERTY_VALUE -> OutcomeQueries.VALUE_OUTCOMES;
        };
    }

    private LabelHorizons() {
    }
}
