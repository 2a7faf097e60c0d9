-- Vantage: PostgreSQL schema for Orleans' ADO.NET providers (Orleans 10.4.2), part 0 of 3.
--
-- Orleans' ADO.NET providers run no SQL of their own apart from reading this table: every operation
-- is a named query looked up by key in OrleansQuery and executed with named parameters (@Name).
-- These scripts are idempotent: tables are created only when missing and every query row is
-- upserted, so re-running them installs the current query texts.
--
-- Apply with deploy/postgres-setup.sh (one transaction, all files in order).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);
