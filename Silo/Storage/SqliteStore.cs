using Microsoft.Data.Sqlite;

namespace Vantage.Silo.Storage;

/// <summary>The embedded grain-state database of the development profile: one SQLite file per data folder.</summary>
public sealed record SqliteStore
{
    /// <summary>File name of the database inside the data folder.</summary>
    public const string FileName = "vantage.db";

    /// <summary>File locked by the silo that owns the folder (one silo process per database file).</summary>
    public const string LockFileName = "vantage.db.lock";

    /// <summary>
    /// ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite's factory. (Orleans rejects the name
    /// <c>Microsoft.Data.Sqlite</c> at start-up; <c>System.Data.SQLite</c> is the one it knows.)
    /// </summary>
    public const string AdoInvariant = "System.Data.SQLite";

    private SqliteStore(string dataFolder)
    {
        DataFolder = Path.GetFullPath(dataFolder);
        DatabasePath = Path.Combine(DataFolder, FileName);
        LockPath = Path.Combine(DataFolder, LockFileName);

        // Connections are pooled: opening one per Orleans operation (file, WAL index, schema, statement
        // preparation each time) made one-record commits tens of ms slower under load. Every query the
        // provider runs is a single autocommit statement (see deploy/sqlite/storage.sql), so a pooled
        // connection never carries an open transaction into the next operation. Busy waits are bounded
        // by DefaultTimeout, and the silo's write lane keeps its own writers from meeting at all.
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DataFolder { get; }

    public string DatabasePath { get; }

    public string LockPath { get; }

    public string ConnectionString { get; }

    public static SqliteStore InFolder(string dataFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        return new SqliteStore(dataFolder);
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }
}
