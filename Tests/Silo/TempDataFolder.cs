namespace Vantage.Tests.Silo;

/// <summary>A fresh data folder under the system temp directory, deleted on dispose.</summary>
public sealed class TempDataFolder : IDisposable
{
    public TempDataFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vantage-silo-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Database => System.IO.Path.Combine(Path, Vantage.Silo.Storage.SqliteStore.FileName);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a stopping host; the temp directory is cleaned by the OS eventually.
        }
    }
}
