package com.roisystems.ml.simulate;

/**
 * What changes about a homeowner as the months pass and what the hazards read: the current loan (a
 * refinance or a move replaces it), when the current tenure began, recent life events and transactions.
 * Mutable, owned by one {@link UserSimulation}.
 */
final class OwnerSituation {

    static final int NEVER = -10_000;

    Double mortgageRate;
    double principal;
    int termYears;
    int loanStartT;
    int tenureStartT;
    int lifeEventMonths;
    int lastTransactionT = NEVER;
    int lastRefinanceT = NEVER;

    OwnerSituation(Homeowner.Home home) {
        this.mortgageRate = home.mortgageRate();
        this.principal = home.principal() == null ? 0 : home.principal();
        this.termYears = home.termYears() == null ? 30 : home.termYears();
        this.loanStartT = home.purchaseT();
        this.tenureStartT = home.purchaseT();
    }

    /** The outstanding balance of an amortising fixed-rate loan at month {@code t}. */
    double balance(int t) {
        if (mortgageRate == null || principal <= 0) {
            return 0;
        }
        int paid = Math.max(0, t - loanStartT);
        int payments = termYears * 12;
        if (paid >= payments) {
            return 0;
        }
        double r = mortgageRate / 100.0 / 12.0;
        double growth = Math.pow(1 + r, payments);
        return principal * (growth - Math.pow(1 + r, paid)) / (growth - 1);
    }

    /** A new loan at today's rate: after a refinance or a move. */
    void newLoan(double rate, double amount, int t) {
        mortgageRate = Math.round(rate * 8) / 8.0;
        principal = amount;
        termYears = 30;
        loanStartT = t;
    }
}
