-- What roi_app (created by 10-roi-app-role.sh) may do, run in the app database (POSTGRES_DB) by the image's
-- entrypoint on first initialisation:
--   * connect to this database; PUBLIC loses its default CONNECT and TEMPORARY here;
--   * use schema public and create objects in it. The engine applies its Flyway migrations at start-up with the
--     same PG_URL, so roi_app creates, and therefore owns, the tables in public: it may alter them in later
--     migrations, and TRUNCATE and COPY into them (the simulator's bulk load). It owns nothing else, cannot create
--     schemas, databases or roles, and reaches no other database.
-- The superuser (POSTGRES_USER) is for administration only; the engine never connects as it.
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO roi_app', current_database());
END
$$;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO roi_app;

-- roi_tenant: the role the engine's request paths switch to inside a transaction (sql/V9__tenants.sql), so that
-- row-level security confines them to one tenant's rows. It cannot log in, is not the tables' owner, no superuser,
-- no BYPASSRLS. roi_app may not create roles, so it is created here, once, and granted to roi_app: a member may
-- SET ROLE to it (set_config('role', 'roi_tenant', true)). The migration grants it what it may read.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'roi_tenant') THEN
        CREATE ROLE roi_tenant NOLOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    END IF;
END
$$;
GRANT roi_tenant TO roi_app;
GRANT USAGE ON SCHEMA public TO roi_tenant;
