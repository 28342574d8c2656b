#!/usr/bin/env bash
# Creates roi_app, the login role the engine connects as (PG_URL in docker-compose.yml): no superuser, no
# CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS. What it may do on the app database, and roi_tenant (the role its
# request paths switch to for row-level security), are in 20-roi-app-privileges.sql.
# The image runs this once, when the postgres-data volume is first initialised; the password comes from
# ROI_DB_PASSWORD and is read by psql from the environment, so it is never on a command line.
set -euo pipefail
: "${ROI_DB_PASSWORD:?set ROI_DB_PASSWORD: the password of roi_app, the role the engine connects as}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
\getenv roi_db_password ROI_DB_PASSWORD
CREATE ROLE roi_app LOGIN PASSWORD :'roi_db_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
SQL
