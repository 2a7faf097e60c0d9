using System.Diagnostics;
using System.Net.Sockets;
using Azure.Data.Tables;
using Npgsql;

namespace Vantage.Tests.Production;

/// <summary>
/// Real PostgreSQL and Azurite for the production-profile tests. When a service does not answer, the
/// fixture runs the project's own start script (which installs it if needed), so the tests work on a
/// fresh machine. Every test uses cluster/service ids and a table name unique to this run; they are
/// removed at the end.
/// </summary>
public sealed class ProductionServicesFixture : IAsyncLifetime
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..10];

    public string RepoRoot => Repository.Root;

    /// <summary>Connection string of the database the start script sets up (or <c>VANTAGE_POSTGRES</c>).</summary>
    public string PostgresConnectionString { get; } =
        Environment.GetEnvironmentVariable("VANTAGE_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Database=vantage;Username=vantage;Password=vantage;Timeout=5";

    public string AzureConnectionString => "UseDevelopmentStorage=true";

    /// <summary>One Azure table for this run, so concurrent runs never meet.</summary>
    public string AzureTableName => "VantageTest" + RunId;

    public string NewId(string purpose) => $"test-{RunId}-{purpose}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task InitializeAsync()
    {
        if (!await PostgresAnswers())
        {
            await RunScript("deploy/postgres-start.sh");
            Assert.True(await PostgresAnswers(), "PostgreSQL does not answer after deploy/postgres-start.sh");
        }
        if (!await AzuriteAnswers())
        {
            await RunScript("deploy/azurite-start.sh");
            Assert.True(await AzuriteAnswers(), "Azurite does not answer on 127.0.0.1:10002 after deploy/azurite-start.sh");
        }
    }

    public async Task DisposeAsync()
    {
        await using var connection = await OpenPostgres();
        await using var cleanup = new NpgsqlCommand(
            """
            DELETE FROM OrleansMembershipTable WHERE DeploymentId LIKE @prefix;
            DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId LIKE @prefix;
            DELETE FROM OrleansStorage WHERE ServiceId LIKE @prefix;
            DELETE FROM OrleansRemindersTable WHERE ServiceId LIKE @prefix;
            """, connection);
        cleanup.Parameters.AddWithValue("prefix", $"test-{RunId}-%");
        await cleanup.ExecuteNonQueryAsync();
        await new TableServiceClient(AzureConnectionString).DeleteTableAsync(AzureTableName);
    }

    public async Task<NpgsqlConnection> OpenPostgres()
    {
        var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs a script of the repository with bash; returns its exit code and combined output.</summary>
    public async Task<(int ExitCode, string Output)> RunScript(string relativePath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoRoot, relativePath)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{relativePath} did not finish within {ScriptTimeout}");
        }
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{relativePath} exited with {process.ExitCode}:\n{output}");
        return (process.ExitCode, output);
    }

    private async Task<bool> PostgresAnswers()
    {
        try
        {
            await using var connection = await OpenPostgres();
            await using var probe = new NpgsqlCommand("SELECT count(*) FROM OrleansQuery", connection);
            return Convert.ToInt32(await probe.ExecuteScalarAsync()) > 0;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task<bool> AzuriteAnswers()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", 10002).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }

}

[CollectionDefinition(Name)]
public sealed class ProductionServicesCollection : ICollectionFixture<ProductionServicesFixture>
{
    public const string Name = "production services";
}
