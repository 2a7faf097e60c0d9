using Microsoft.Data.Sqlite;

namespace Vantage.Silo.Storage;

/// <summary>
/// Prepares the embedded store before any grain storage provider starts: takes the data folder's lock
/// (one silo process per database file), applies the schema (WAL mode, tables, queries), and keeps one
/// connection open for the silo's lifetime so the WAL is not checkpointed away after every write. That connection
/// also checkpoints the WAL in the background (PASSIVE: it never blocks a writer) every <see cref="CheckpointPeriod"/>,
/// so that a commit rarely finds the WAL over SQLite's automatic-checkpoint size and copies megabytes (the zones'
/// background shard writes) into the database before it returns.
/// </summary>
internal sealed partial class SqliteStoreLifecycle(SqliteStore store, ILogger<SqliteStoreLifecycle> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private FileStream? folderLock;
    private SqliteConnection? anchor;
    private Timer? checkpointer;
    private readonly Lock anchorGate = new();

    /// <summary>How often the WAL is checkpointed in the background.</summary>
    public static readonly TimeSpan CheckpointPeriod = TimeSpan.FromMilliseconds(500);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteStoreLifecycle), ServiceLifecycleStage.RuntimeInitialize, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(store.DataFolder);
        folderLock = TakeLock(store.LockPath);
        anchor = store.Open();
        SqliteSchema.Apply(anchor);
        checkpointer = new Timer(_ => CheckpointWal(), null, CheckpointPeriod, CheckpointPeriod);
        LogStoreReady(store.DatabasePath);
        return Task.CompletedTask;
    }

    private Task Stop(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    private void CheckpointWal()
    {
        // A checkpoint still running (seconds after a big import) is not queued behind: this tick is skipped.
        if (!anchorGate.TryEnter()) return;
        try
        {
            if (anchor is null) return;
            using var command = anchor.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            command.ExecuteNonQuery();
        }
        catch (Exception ex)
        {
            // Busy, locked or closing: the next period tries again (and SQLite's own checkpoint still runs on commit).
            LogCheckpointFailed(ex.GetType().Name);
        }
        finally
        {
            anchorGate.Exit();
        }
    }

    public void Dispose()
    {
        checkpointer?.Dispose();
        checkpointer = null;
        lock (anchorGate)
        {
            anchor?.Dispose();
            anchor = null;
        }
        // The provider's pooled connections to this file are closed with the silo.
        SqliteConnection.ClearPool(new SqliteConnection(store.ConnectionString));
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Background WAL checkpoint skipped ({Error})")]
    private partial void LogCheckpointFailed(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain state store ready: {DatabasePath}")]
    private partial void LogStoreReady(string databasePath);
}
