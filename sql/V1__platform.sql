-- The platform's raw data: the entities the engagement platform owns and the activity it publishes.
-- Activity tables are append-only and keyed by the producer's event_id, so a redelivered event is a
-- no-op (INSERT ... ON CONFLICT (event_id) DO NOTHING) — that is the ingestion path's idempotency.
-- Every activity row carries occurred_at (when it happened) and ingested_at (when it became known):
-- point-in-time features read by occurred_at and never see rows that occurred after the cut-off.
-- Indexes: a btree on (user_id, occurred_at) serves the per-entity windowed aggregates of the online
-- path; a BRIN on occurred_at serves the set-based daily pipeline, which scans a time window for all
-- users, at a fraction of a btree's size on append-in-time-order tables.

CREATE TABLE regions (
    region_id   text PRIMARY KEY,
    name        text NOT NULL,
    state       text NOT NULL
);

CREATE TABLE agents (
    agent_id    text PRIMARY KEY,
    region_id   text NOT NULL REFERENCES regions,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE users (
    user_id     text PRIMARY KEY,
    region_id   text NOT NULL REFERENCES regions,
    age_band    text NOT NULL CHECK (age_band IN ('18_34', '35_49', '50_64', '65_PLUS')),
    email       text,
    created_at  timestamptz NOT NULL
);

CREATE TABLE properties (
    property_id         text PRIMARY KEY,
    owner_user_id       text NOT NULL REFERENCES users,
    region_id           text NOT NULL REFERENCES regions,
    address             text NOT NULL,
    property_type       text NOT NULL CHECK (property_type IN ('SINGLE_FAMILY', 'CONDO', 'TOWNHOUSE', 'MULTI_FAMILY')),
    bedrooms            smallint NOT NULL CHECK (bedrooms BETWEEN 0 AND 20),
    bathrooms           numeric(3, 1) NOT NULL CHECK (bathrooms BETWEEN 0 AND 20),
    sqft                integer NOT NULL CHECK (sqft > 0),
    lot_sqft            integer CHECK (lot_sqft >= 0),
    year_built          smallint NOT NULL,
    purchase_date       date NOT NULL,
    purchase_price      numeric(14, 2) NOT NULL CHECK (purchase_price > 0),
    mortgage_rate       numeric(6, 4),
    mortgage_principal  numeric(14, 2),
    mortgage_term_years smallint,
    is_primary_residence boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX properties_owner_idx ON properties (owner_user_id);

-- Valuations published over time (AVM refreshes, appraisals, sales): the point-in-time estimated value.
CREATE TABLE property_valuations (
    event_id        uuid PRIMARY KEY,
    property_id     text NOT NULL REFERENCES properties,
    valued_at       timestamptz NOT NULL,
    estimated_value numeric(14, 2) NOT NULL CHECK (estimated_value > 0),
    source          text NOT NULL,
    ingested_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX property_valuations_pit_idx ON property_valuations (property_id, valued_at);

CREATE TABLE transactions (
    transaction_id   text PRIMARY KEY,
    user_id          text NOT NULL REFERENCES users,
    property_id      text REFERENCES properties,
    agent_id         text REFERENCES agents,
    transaction_type text NOT NULL CHECK (transaction_type IN ('BUY', 'SELL', 'REFINANCE', 'INVESTMENT')),
    status           text NOT NULL CHECK (status IN ('OPEN', 'PENDING', 'CLOSED', 'CANCELLED')),
    amount           numeric(14, 2),
    opened_at        timestamptz NOT NULL,
    closed_at        timestamptz,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX transactions_user_pit_idx ON transactions (user_id, opened_at);

CREATE TABLE agent_assignments (
    event_id     uuid PRIMARY KEY,
    user_id      text NOT NULL REFERENCES users,
    agent_id     text NOT NULL REFERENCES agents,
    assigned_at  timestamptz NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_assignments_pit_idx ON agent_assignments (user_id, assigned_at);

CREATE TABLE document_access (
    event_id      uuid PRIMARY KEY,
    user_id       text NOT NULL,
    document_id   text NOT NULL,
    document_type text NOT NULL,
    action        text NOT NULL CHECK (action IN ('VIEWED', 'DOWNLOADED', 'SHARED')),
    occurred_at   timestamptz NOT NULL,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_access_pit_idx ON document_access (user_id, occurred_at);
CREATE INDEX document_access_time_brin ON document_access USING brin (occurred_at);

CREATE TABLE email_events (
    event_id     uuid PRIMARY KEY,
    user_id      text NOT NULL,
    email_id     text NOT NULL,
    campaign_id  text,
    action       text NOT NULL CHECK (action IN ('SENT', 'OPENED', 'CLICKED', 'BOUNCED', 'UNSUBSCRIBED')),
    occurred_at  timestamptz NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_events_pit_idx ON email_events (user_id, occurred_at);
CREATE INDEX email_events_time_brin ON email_events USING brin (occurred_at);

-- One row per session: started by session.started, completed by session.ended (duration, pages).
CREATE TABLE platform_sessions (
    event_id          uuid PRIMARY KEY,
    session_id        text NOT NULL,
    user_id           text NOT NULL,
    action            text NOT NULL CHECK (action IN ('STARTED', 'ENDED')),
    device            text,
    duration_seconds  integer CHECK (duration_seconds >= 0),
    occurred_at       timestamptz NOT NULL,
    ingested_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX platform_sessions_pit_idx ON platform_sessions (user_id, occurred_at);
CREATE INDEX platform_sessions_time_brin ON platform_sessions USING brin (occurred_at);

CREATE TABLE page_views (
    event_id     uuid PRIMARY KEY,
    user_id      text NOT NULL,
    session_id   text,
    page         text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX page_views_pit_idx ON page_views (user_id, occurred_at);
CREATE INDEX page_views_time_brin ON page_views USING brin (occurred_at);

CREATE TABLE alert_events (
    event_id     uuid PRIMARY KEY,
    alert_id     text NOT NULL,
    user_id      text NOT NULL,
    alert_type   text NOT NULL,
    action       text NOT NULL CHECK (action IN ('SENT', 'OPENED', 'CLICKED', 'DISMISSED')),
    occurred_at  timestamptz NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_events_pit_idx ON alert_events (user_id, occurred_at);
CREATE INDEX alert_events_time_brin ON alert_events USING brin (occurred_at);

CREATE TABLE searches (
    event_id       uuid PRIMARY KEY,
    user_id        text NOT NULL,
    region_id      text,
    property_type  text,
    min_price      numeric(14, 2),
    max_price      numeric(14, 2),
    results_count  integer,
    occurred_at    timestamptz NOT NULL,
    ingested_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX searches_pit_idx ON searches (user_id, occurred_at);
CREATE INDEX searches_time_brin ON searches USING brin (occurred_at);

CREATE TABLE property_views (
    event_id      uuid PRIMARY KEY,
    user_id       text NOT NULL,
    listing_id    text NOT NULL,
    region_id     text,
    listing_price numeric(14, 2),
    action        text NOT NULL CHECK (action IN ('VIEWED', 'SAVED')),
    occurred_at   timestamptz NOT NULL,
    ingested_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX property_views_pit_idx ON property_views (user_id, occurred_at);
CREATE INDEX property_views_time_brin ON property_views USING brin (occurred_at);

-- Monthly market statistics per region. A month's figures become known when published (some days
-- after the month ends); point-in-time reads filter on published_at, not on month.
CREATE TABLE market_data (
    region_id          text NOT NULL REFERENCES regions,
    month              date NOT NULL,
    median_price       numeric(14, 2) NOT NULL,
    inventory          integer NOT NULL,
    new_listings       integer NOT NULL,
    closed_sales       integer NOT NULL,
    days_on_market     numeric(6, 1) NOT NULL,
    mortgage_rate_30y  numeric(6, 4) NOT NULL,
    published_at       timestamptz NOT NULL,
    event_id           uuid UNIQUE,
    PRIMARY KEY (region_id, month)
);
CREATE INDEX market_data_pit_idx ON market_data (region_id, published_at);
