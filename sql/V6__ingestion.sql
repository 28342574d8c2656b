-- Ingestion: the idempotency ledger, dead letters, and relaxed references for streamed entities.

-- Events arrive from several Kafka partitions and producers in no guaranteed order: a property can
-- arrive before its owner, a transaction before its agent. Enforcing these references at write time
-- would turn a late arrival into a poison message, so streamed entity tables keep the ids without
-- foreign keys; the features join on what is present as of each cut-off.
ALTER TABLE properties        DROP CONSTRAINT properties_owner_user_id_fkey;
ALTER TABLE properties        DROP CONSTRAINT properties_region_id_fkey;
ALTER TABLE property_valuations DROP CONSTRAINT property_valuations_property_id_fkey;
ALTER TABLE transactions      DROP CONSTRAINT transactions_user_id_fkey;
ALTER TABLE transactions      DROP CONSTRAINT transactions_property_id_fkey;
ALTER TABLE transactions      DROP CONSTRAINT transactions_agent_id_fkey;
ALTER TABLE agent_assignments DROP CONSTRAINT agent_assignments_user_id_fkey;
ALTER TABLE agent_assignments DROP CONSTRAINT agent_assignments_agent_id_fkey;
ALTER TABLE users             DROP CONSTRAINT users_region_id_fkey;
ALTER TABLE market_data       DROP CONSTRAINT market_data_region_id_fkey;

-- Every event applied, by its producer's id. Upserts (properties, transactions, market data) have no
-- event id of their own, so the ledger is what makes every event type idempotent: an event is applied
-- only in the transaction that first inserts its id here.
CREATE TABLE ingested_events (
    event_id     uuid PRIMARY KEY,
    event_type   text NOT NULL,
    entity_id    text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    source       text NOT NULL,
    ingested_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ingested_events_ingested_brin ON ingested_events USING brin (ingested_at);

-- Events that failed validation, with enough to diagnose and replay them: why, where they came from,
-- and the exact bytes received.
CREATE TABLE dead_letters (
    dead_letter_id  bigserial PRIMARY KEY,
    source          text NOT NULL CHECK (source IN ('KAFKA', 'HTTP', 'WEBSOCKET', 'REPLAY')),
    topic           text,
    kafka_partition integer,
    kafka_offset    bigint,
    event_id        text,
    event_type      text,
    reason          text NOT NULL,
    field           text,
    raw             bytea NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    replayed_at     timestamptz,
    replay_outcome  text CHECK (replay_outcome IN ('ACCEPTED', 'DUPLICATE', 'REJECTED'))
);
-- A redelivered poison message must not be dead-lettered twice.
CREATE UNIQUE INDEX dead_letters_kafka_position ON dead_letters (topic, kafka_partition, kafka_offset)
    WHERE source = 'KAFKA';
CREATE INDEX dead_letters_pending_idx ON dead_letters (received_at) WHERE replayed_at IS NULL;
