-- Ground truth recorded by the synthetic platform. Features never read these tables: they exist so
-- evaluation can compare a model with the oracle (the best any model could do on the same rows).

CREATE TABLE sim_runs (
    run_id        serial PRIMARY KEY,
    seed          bigint NOT NULL,
    users         integer NOT NULL,
    start_month   date NOT NULL,
    months        integer NOT NULL,
    parameters    jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Per user and month (as of the first day of the month): the hidden intent and the true chances.
CREATE TABLE sim_user_month_truth (
    user_id                 text NOT NULL,
    month                   date NOT NULL,
    intent_state            text NOT NULL CHECK (intent_state IN ('DORMANT', 'CONSIDERING', 'ACTIVE', 'TRANSACTED')),
    intent_type             text CHECK (intent_type IN ('SELL_AND_MOVE', 'BUY', 'REFINANCE', 'INVEST')),
    p_transact_90d          double precision NOT NULL CHECK (p_transact_90d BETWEEN 0 AND 1),
    next_transaction_type   text,
    PRIMARY KEY (user_id, month)
);

-- Per user: the true engagement propensity for each of the 168 day-of-week x hour slots
-- (index = iso_dow_0_based * 24 + hour, Monday = 0, UTC).
CREATE TABLE sim_user_contact_truth (
    user_id       text PRIMARY KEY,
    chronotype    text NOT NULL,
    propensity    real[] NOT NULL CHECK (cardinality(propensity) = 168)
);

-- Per property: the true value at the start of each simulated month (region index x quality).
CREATE TABLE sim_property_value_truth (
    property_id    text PRIMARY KEY,
    start_month    date NOT NULL,
    monthly_value  double precision[] NOT NULL
);
