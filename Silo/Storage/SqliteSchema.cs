using Microsoft.Data.Sqlite;

namespace Vantage.Silo.Storage;

/// <summary>
/// The schema script <c>deploy/sqlite/storage.sql</c>, embedded in this assembly. It is idempotent and
/// is applied at every silo start, which also refreshes the stored query texts.
/// </summary>
public static class SqliteSchema
{
    private const string ResourceName = "Vantage.Silo.Storage.storage.sql";

    /// <summary>Query keys the Orleans ADO.NET grain storage reads from <c>OrleansQuery</c>.</summary>
    public static readonly IReadOnlyList<string> RequiredQueries = ["ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey"];

    private static readonly Lazy<string> Text = new(LoadScript);

    public static string Script => Text.Value;

    public static void Apply(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Script;
        command.ExecuteNonQuery();

        command.CommandText = "SELECT QueryKey FROM OrleansQuery";
        var present = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                present.Add(reader.GetString(0));
            }
        }

        var missing = RequiredQueries.Where(q => !present.Contains(q)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"The storage schema lacks the queries {string.Join(", ", missing)}.");
        }
    }

    private static string LoadScript()
    {
        using var stream = typeof(SqliteSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
