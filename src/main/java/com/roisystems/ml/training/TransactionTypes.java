package com.roisystems.ml.training;

import java.util.List;

/**
 * The four transaction classes in the order the TRANSACTION_TYPE model's class indices use.
 *
 * <p>{@code String label = TransactionTypes.LABELS.get(predictedClass);}
 */
public final class TransactionTypes {

    public static final List<String> LABELS = List.of("BUY", "SELL", "REFINANCE", "INVESTMENT");

    private TransactionTypes() {
    }

    static int index(String type) {
        int index = LABELS.indexOf(type);
        if (index < 0) {
            throw new IllegalStateException("unknown transaction type '" + type + "'");
        }
        return index;
    }

    static double indexOrNaN(String type) {
        return type == null || !LABELS.contains(type) ? Double.NaN : LABELS.indexOf(type);
    }
}
