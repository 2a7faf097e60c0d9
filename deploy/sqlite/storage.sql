-- Vantage: grain state storage for Orleans' ADO.NET grain storage provider on an embedded SQLite file.
--
-- Written for this project against the contract of Microsoft.Orleans.Persistence.AdoNet 10.4.2:
-- at start-up the provider reads the query texts below from OrleansQuery by key and then runs them
-- with these parameters:
--   @ServiceId, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeString,
--   @GrainIdExtensionString (may be NULL), and for writes/clears @GrainStateVersion (NULL for a grain
--   that has never read a stored row) and @PayloadBinary (the serialized state).
--   ReadFromStorageKey  returns zero or one row (PayloadBinary, Version).
--   WriteToStorageKey   returns one row with NewGrainStateVersion: the new version when the write was
--                       applied, NULL when it was refused (the caller's ETag was stale, or it had none
--                       while a row exists). The provider treats NULL as a version conflict.
--   ClearStorageKey     same contract as the write; keeps the row, drops the payload, bumps the version.
--
-- Every statement here is a single autocommit statement: no query opens its own transaction, so a
-- failed statement (e.g. SQLITE_BUSY) can never leave a connection inside an open transaction.
--
-- The script is idempotent. The silo applies it at every start (see Silo/Storage/SqliteSchema.cs);
-- the query texts are replaced each time, so editing them here and restarting upgrades a database.

PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- One row per (service, grain type, grain id). The hashes come first in the key so that lookups are
-- narrowed by two integers; the clear-text columns make the key exact even when hashes collide.
-- A NULL key extension is stored as '' because SQLite treats NULLs in a unique key as distinct.
CREATE TABLE IF NOT EXISTS Storage
(
    ServiceId              TEXT    NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NOT NULL DEFAULT '',
    PayloadBinary          BLOB    NULL,
    Version                INTEGER NOT NULL,
    ModifiedOn             TEXT    NOT NULL,
    PRIMARY KEY (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString)
);

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM Storage
WHERE ServiceId = @ServiceId
  AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''');
');

-- Insert-or-update in one statement (UPSERT):
--  * no ETag (@GrainStateVersion NULL): inserts version 1; if a row already exists the DO UPDATE
--    guard (Version = NULL) is false, nothing changes and the write is reported as a conflict;
--  * ETag n: the row is updated to n + 1 only if it is still at version n; a missing row is not
--    recreated (the SELECT yields nothing), which is reported as a conflict too.
-- changes() is per connection and reflects exactly this INSERT, so the second statement can tell.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
INSERT INTO Storage (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeString,
                     GrainIdExtensionString, PayloadBinary, Version, ModifiedOn)
SELECT @ServiceId, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeString,
       COALESCE(@GrainIdExtensionString, ''''), @PayloadBinary, 1, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NULL
   OR EXISTS (SELECT 1 FROM Storage
              WHERE ServiceId = @ServiceId
                AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
                AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
                AND GrainTypeString = @GrainTypeString
                AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, ''''))
ON CONFLICT (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString)
DO UPDATE SET PayloadBinary = excluded.PayloadBinary,
              Version = Storage.Version + 1,
              ModifiedOn = excluded.ModifiedOn
WHERE Storage.Version = @GrainStateVersion;
SELECT CASE WHEN changes() > 0 THEN COALESCE(@GrainStateVersion, 0) + 1 END AS NewGrainStateVersion;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE Storage
SET PayloadBinary = NULL,
    Version = Version + 1,
    ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE ServiceId = @ServiceId
  AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion;
SELECT CASE WHEN changes() > 0 THEN @GrainStateVersion + 1 END AS NewGrainStateVersion;
');
