-- The audit trail: one row per admin action (who, with which roles and tenant, what, on which target, how it
-- ended, from where, when). Append-only: a trigger refuses every UPDATE, and every DELETE except the retention
-- job's, which sets the transaction-local setting roi.retention = 'on' (SET LOCAL / set_config(..., true)) so the
-- permission ends with its transaction and never leaks through a pooled connection. TRUNCATE is refused as well.
-- The table owner could still drop the triggers; the request role (not the owner) cannot.
CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    actor           text NOT NULL,
    roles           text[] NOT NULL,
    tenant_id       text,
    action          text NOT NULL,
    target          jsonb NOT NULL DEFAULT '{}',
    outcome         integer NOT NULL,
    client_address  text,
    details         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, at DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('roi.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'only the retention job deletes audit rows (roi.retention = on within its transaction)';
END
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
