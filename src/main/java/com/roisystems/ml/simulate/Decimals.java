package com.roisystems.ml.simulate;

import java.math.BigDecimal;

/** Rounds model doubles to the scale of their numeric column, so both the COPY text and JSON agree. */
final class Decimals {

    private Decimals() {
    }

    static BigDecimal money(double value) {
        return BigDecimal.valueOf(Math.round(value * 100), 2);
    }

    static BigDecimal of(double value, int scale) {
        return BigDecimal.valueOf(Math.round(value * Math.pow(10, scale)), scale);
    }
}
