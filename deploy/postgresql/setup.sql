-- PostgreSQL for the OCOP bot: one role, one database. Run as the postgres superuser:
--   sudo -u postgres psql -v db=ocop -v password="'a-long-password'" -f deploy/postgresql/setup.sql
-- (keep the single quotes inside the double quotes). Then `ocop-bot db upgrade` makes the
-- tables (deploy/README.md, step 6).
\set ON_ERROR_STOP on
CREATE ROLE ocop LOGIN PASSWORD :password;
CREATE DATABASE :"db" OWNER ocop ENCODING 'UTF8' TEMPLATE template0;
-- Only the bot's role connects.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO ocop;
\connect :"db"
ALTER SCHEMA public OWNER TO ocop;
-- Times are stored in UTC; the bot converts to Vietnam time itself.
ALTER ROLE ocop SET timezone TO 'UTC';
-- A statement stuck for a minute is a bug, not work: cut it rather than hold locks.
ALTER ROLE ocop SET statement_timeout TO '60s';
ALTER ROLE ocop SET idle_in_transaction_session_timeout TO '60s';
