using System.Text.Json;
using Vantage.Zones;

namespace Vantage.Api.Json;

/// <summary>
/// Writes a zone-file import's status: <c>{id, zone, status, received, changed, version, message, started_at,
/// finished_at}</c>, times in Unix seconds like NS1's other timestamps, <c>finished_at</c> null while it runs.
/// </summary>
public static class ImportStatusJson
{
    public static void Write(Utf8JsonWriter w, ImportStatus status)
    {
        w.WriteStartObject();
        w.WriteString("id", status.Id);
        w.WriteString("zone", status.Zone);
        w.WriteString("status", StateText(status.State));
        w.WriteNumber("received", status.Received);
        w.WriteNumber("changed", status.Changed);
        w.WriteNumber("version", status.Version);
        ZoneJson.WriteNullableString(w, "message", status.Message);
        w.WriteNumber("started_at", status.StartedAt.ToUnixTimeSeconds());
        if (status.FinishedAt is { } finished) w.WriteNumber("finished_at", finished.ToUnixTimeSeconds());
        else w.WriteNull("finished_at");
        w.WriteEndObject();
    }

    public static string StateText(ImportState state) => state switch
    {
        ImportState.Staging => "staging",
        ImportState.Running => "running",
        ImportState.Succeeded => "succeeded",
        ImportState.Failed => "failed",
        _ => "unknown",
    };
}
