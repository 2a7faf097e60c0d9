using Npgsql;

namespace Vantage.Tests.Production;

[Collection(ProductionServicesCollection.Name)]
public sealed class PostgresSetupScriptTests(ProductionServicesFixture services)
{
    /// <summary>Every named query Orleans 10.4.2's ADO.NET clustering, persistence and reminder providers look up.</summary>
    private static readonly string[] OrleansQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "DeleteStorageKey", "GatewaysQueryKey", "InsertMembershipKey",
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "ReadFromStorageKey",
        "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey", "UpdateIAmAlivetimeKey",
        "UpdateMembershipKey", "UpsertReminderRowKey", "WriteToStorageKey",
    ];

    [Fact]
    public async Task Setup_script_creates_the_database_once_and_a_second_run_changes_nothing()
    {
        var server = new NpgsqlConnectionStringBuilder(services.PostgresConnectionString);
        var database = $"vantage_setup_{services.RunId}";
        var environment = new Dictionary<string, string>
        {
            ["VANTAGE_PG_HOST"] = server.Host!,
            ["VANTAGE_PG_PORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["VANTAGE_PG_USER"] = server.Username!,
            ["VANTAGE_PG_PASSWORD"] = server.Password!,
            ["VANTAGE_PG_DB"] = database,
        };
        var target = new NpgsqlConnectionStringBuilder(services.PostgresConnectionString) { Database = database, Pooling = false };
        try
        {
            await services.RunScript("deploy/postgres-setup.sh", environment);
            var first = await Describe(target.ConnectionString);
            Assert.Equal(OrleansQueryKeys.Order(StringComparer.Ordinal), first.Queries.Select(q => q.Key));
            Assert.Equal(["orleansmembershiptable", "orleansmembershipversiontable", "orleansquery", "orleansreminderstable", "orleansstorage"],
                first.Tables);
            await Execute(target.ConnectionString,
                "INSERT INTO OrleansMembershipVersionTable (DeploymentId, Version) VALUES ('kept', 7)");

            await services.RunScript("deploy/postgres-setup.sh", environment);
            var second = await Describe(target.ConnectionString);

            Assert.Equal(first.Queries, second.Queries);
            Assert.Equal(first.Tables, second.Tables);
            Assert.Equal(7, await Scalar(target.ConnectionString, "SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = 'kept'"));
        }
        finally
        {
            var admin = new NpgsqlConnectionStringBuilder(services.PostgresConnectionString) { Database = "postgres", Pooling = false };
            await Execute(admin.ConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    private sealed record Schema(IReadOnlyList<KeyValuePair<string, string>> Queries, IReadOnlyList<string> Tables);

    private static async Task<Schema> Describe(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var queries = new List<KeyValuePair<string, string>>();
        await using (var read = new NpgsqlCommand("SELECT QueryKey, md5(QueryText) FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) queries.Add(new(reader.GetString(0), reader.GetString(1)));
        }
        var tables = new List<string>();
        await using (var read = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name COLLATE \"C\"", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        return new Schema(queries, tables);
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
