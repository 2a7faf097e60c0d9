using Microsoft.Data.Sqlite;

namespace Vantage.Silo.Storage;

/// <summary>
/// Prepares the embedded store before any grain storage provider starts: takes the data folder's lock
/// (one silo process per database file), applies the schema (WAL mode, tables, queries), and keeps one
/// connection open for the silo's lifetime so the WAL is not checkpointed away after every write.
/// </summary>
internal sealed partial class SqliteStoreLifecycle(SqliteStore store, ILogger<SqliteStoreLifecycle> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private FileStream? folderLock;
    private SqliteConnection? anchor;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteStoreLifecycle), ServiceLifecycleStage.RuntimeInitialize, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(store.DataFolder);
        folderLock = TakeLock(store.LockPath);
        anchor = store.Open();
        SqliteSchema.Apply(anchor);
        LogStoreReady(store.DatabasePath);
        return Task.CompletedTask;
    }

    private Task Stop(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        anchor?.Dispose();
        anchor = null;
        folderLock?.Dispose();
        folderLock = null;
    }

    private static FileStream TakeLock(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another silo process uses {Path.GetDirectoryName(path)}; one silo per data folder (set VANTAGE_DATA to use another one).", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain state store ready: {DatabasePath}")]
    private partial void LogStoreReady(string databasePath);
}
