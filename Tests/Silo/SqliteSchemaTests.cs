using Microsoft.Data.Sqlite;
using Vantage.Silo.Storage;

namespace Vantage.Tests.Silo;

/// <summary>The schema script deploy/sqlite/storage.sql as the silo applies it.</summary>
public sealed class SqliteSchemaTests
{
    [Fact]
    public void Applying_the_schema_twice_keeps_data_and_sets_WAL_mode()
    {
        using var data = new TempDataFolder();
        var store = SqliteStore.InFolder(data.Path);
        using var connection = store.Open();

        SqliteSchema.Apply(connection);
        Execute(connection, "INSERT INTO Storage (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeString, PayloadBinary, Version, ModifiedOn) VALUES ('s', 1, 2, 0, 0, 't', x'01', 4, 'now')");
        SqliteSchema.Apply(connection);

        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(4L, Scalar(connection, "SELECT Version FROM Storage WHERE GrainTypeString = 't'"));
        Assert.Equal(3L, Scalar(connection, "SELECT count(*) FROM OrleansQuery"));
    }

    [Theory]
    [InlineData("ReadFromStorageKey")]
    [InlineData("WriteToStorageKey")]
    [InlineData("ClearStorageKey")]
    public void Stored_queries_never_open_their_own_transaction(string queryKey)
    {
        using var data = new TempDataFolder();
        using var connection = SqliteStore.InFolder(data.Path).Open();
        SqliteSchema.Apply(connection);

        var text = (string)Scalar(connection, $"SELECT QueryText FROM OrleansQuery WHERE QueryKey = '{queryKey}'")!;

        Assert.DoesNotContain("BEGIN", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("COMMIT", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("@ServiceId", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Connections are pooled (a fresh connection per operation made commits slow under load). That is safe because
    /// every stored query is one autocommit statement (the test above): no pooled connection is left in a transaction.
    /// </summary>
    [Fact]
    public void The_connection_string_pools_connections()
    {
        var store = SqliteStore.InFolder("/tmp/some-folder");

        var builder = new SqliteConnectionStringBuilder(store.ConnectionString);

        Assert.True(builder.Pooling);
        Assert.Equal("/tmp/some-folder/vantage.db", builder.DataSource);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
