using System.Text.Json.Serialization;

namespace Vantage.Steering.Explain;

/// <summary>Why a record answers a client the way it does: what the platform knows of the client, each filter's effect.</summary>
public sealed record ExplainResult(
    [property: JsonPropertyName("zone")] string Zone,
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("client")] ExplainClient Client,
    [property: JsonPropertyName("filters")] IReadOnlyList<ExplainStep> Filters,
    [property: JsonPropertyName("answers")] IReadOnlyList<ExplainAnswer> Answers,
    [property: JsonPropertyName("ecs_scope")] int EcsScope,
    [property: JsonPropertyName("notes")] IReadOnlyList<string> Notes);

public sealed record ExplainClient(
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("subdivision")] string? Subdivision,
    [property: JsonPropertyName("georegion")] string? Georegion,
    [property: JsonPropertyName("latitude")] double? Latitude,
    [property: JsonPropertyName("longitude")] double? Longitude,
    [property: JsonPropertyName("asn")] uint? Asn);

public sealed record ExplainStep(
    [property: JsonPropertyName("filter")] string Filter,
    [property: JsonPropertyName("config")] IReadOnlyDictionary<string, string> Config,
    [property: JsonPropertyName("disabled")] bool Disabled,
    [property: JsonPropertyName("kept")] IReadOnlyList<ExplainAnswer> Kept,
    [property: JsonPropertyName("removed")] IReadOnlyList<ExplainRemoval> Removed,
    [property: JsonPropertyName("reordered")] bool Reordered,
    [property: JsonPropertyName("note")] string? Note);

public sealed record ExplainAnswer(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("why"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Why = null);

public sealed record ExplainRemoval(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("reason")] string Reason);
