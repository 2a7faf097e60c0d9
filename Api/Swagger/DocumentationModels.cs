using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vantage.Api.Swagger;

// Shapes of the NS1 JSON for the OpenAPI document only; the endpoints read and write JSON by hand
// (see Vantage.Api.Json) so that client JSON is echoed verbatim.

/// <summary>NS1's error body.</summary>
public sealed record ErrorDoc
{
    [JsonPropertyName("message")] public required string Message { get; init; }
}

/// <summary>One answer: RDATA fields (strings or numbers), optional meta and region.</summary>
public sealed record AnswerDoc
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("answer")] public required JsonElement[] Answer { get; init; }
    [JsonPropertyName("meta")] public Dictionary<string, JsonElement>? Meta { get; init; }
    [JsonPropertyName("region")] public string? Region { get; init; }
}

/// <summary>A record set (PUT creates, POST merges the members sent).</summary>
public sealed record RecordDoc
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("zone")] public string? Zone { get; init; }
    [JsonPropertyName("domain")] public string? Domain { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("ttl")] public int? Ttl { get; init; }
    [JsonPropertyName("answers")] public AnswerDoc[]? Answers { get; init; }
    [JsonPropertyName("meta")] public Dictionary<string, JsonElement>? Meta { get; init; }
    [JsonPropertyName("regions")] public Dictionary<string, JsonElement>? Regions { get; init; }
    [JsonPropertyName("filters")] public JsonElement[]? Filters { get; init; }
    [JsonPropertyName("use_client_subnet")] public bool? UseClientSubnet { get; init; }
    [JsonPropertyName("override_ttl")] public bool? OverrideTtl { get; init; }
    [JsonPropertyName("link")] public string? Link { get; init; }
    [JsonPropertyName("tier")] public int? Tier { get; init; }
    [JsonPropertyName("networks")] public int[]? Networks { get; init; }
    [JsonPropertyName("feeds")] public JsonElement[]? Feeds { get; init; }
}

/// <summary>A record as listed inside its zone.</summary>
public sealed record ZoneRecordDoc
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("domain")] public required string Domain { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("ttl")] public int Ttl { get; init; }
    [JsonPropertyName("tier")] public int Tier { get; init; }
    [JsonPropertyName("short_answers")] public required string[] ShortAnswers { get; init; }
    [JsonPropertyName("link")] public string? Link { get; init; }
}

/// <summary>A zone (PUT creates, POST merges the members sent); <c>records</c> is read-only.</summary>
public sealed record ZoneDoc
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("zone")] public string? Zone { get; init; }
    [JsonPropertyName("ttl")] public int? Ttl { get; init; }
    [JsonPropertyName("nx_ttl")] public int? NxTtl { get; init; }
    [JsonPropertyName("retry")] public int? Retry { get; init; }
    [JsonPropertyName("refresh")] public int? Refresh { get; init; }
    [JsonPropertyName("expiry")] public int? Expiry { get; init; }
    [JsonPropertyName("serial")] public uint? Serial { get; init; }
    [JsonPropertyName("hostmaster")] public string? Hostmaster { get; init; }
    [JsonPropertyName("dns_servers")] public string[]? DnsServers { get; init; }
    [JsonPropertyName("networks")] public int[]? Networks { get; init; }
    [JsonPropertyName("network_pools")] public string[]? NetworkPools { get; init; }
    [JsonPropertyName("meta")] public Dictionary<string, JsonElement>? Meta { get; init; }
    [JsonPropertyName("link")] public string? Link { get; init; }
    [JsonPropertyName("primary")] public JsonElement? Primary { get; init; }
    [JsonPropertyName("secondary")] public JsonElement? Secondary { get; init; }
    [JsonPropertyName("primary_master")] public string? PrimaryMaster { get; init; }
    [JsonPropertyName("records")] public ZoneRecordDoc[]? Records { get; init; }
}

/// <summary>Multipart upload of a BIND zone file.</summary>
public sealed class ZoneFileUploadDoc
{
    [JsonPropertyName("zonefile")] public required IFormFile Zonefile { get; init; }
}

/// <summary>Status of a zone-file import (answer of <c>GET /v1/import/zonefile/{zone}/{id}</c>, and of a 202 import).</summary>
public sealed record ImportStatusDoc
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("zone")] public required string Zone { get; init; }
    /// <summary>staging, running, succeeded or failed.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    /// <summary>Record sets received so far.</summary>
    [JsonPropertyName("received")] public int Received { get; init; }
    /// <summary>Record sets the import added, changed or removed (once it succeeded).</summary>
    [JsonPropertyName("changed")] public int Changed { get; init; }
    /// <summary>Zone version the import produced.</summary>
    [JsonPropertyName("version")] public long Version { get; init; }
    /// <summary>Why it failed.</summary>
    [JsonPropertyName("message")] public string? Message { get; init; }
    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("started_at")] public long StartedAt { get; init; }
    /// <summary>Unix seconds; null while it runs.</summary>
    [JsonPropertyName("finished_at")] public long? FinishedAt { get; init; }
}

/// <summary>The empty object NS1 answers to a DELETE.</summary>
public sealed record EmptyDoc;

/// <summary>Answer of <c>/health</c>.</summary>
public sealed record HealthDoc
{
    [JsonPropertyName("status")] public required string Status { get; init; }
}
