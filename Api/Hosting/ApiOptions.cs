using System.ComponentModel.DataAnnotations;

namespace Vantage.Api.Hosting;

/// <summary>Settings of the REST API host, bound from <c>Vantage:Api</c> and validated at start-up.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string Section = "Vantage:Api";

    /// <summary>The bootstrap API key. <c>VANTAGE_API_KEY</c> takes precedence; in Development one is generated when neither is set.</summary>
    public string? Key { get; set; }

    /// <summary>Folder for the generated key and certificate; <c>VANTAGE_DATA</c> takes precedence; default <c>./data</c>.</summary>
    public string? DataFolder { get; set; }

    /// <summary>Address Kestrel binds to.</summary>
    [Required]
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTP port; 0 disables plain HTTP.</summary>
    [Range(0, 65535)]
    public int HttpPort { get; set; } = 8080;

    /// <summary>HTTPS port; 0 disables HTTPS.</summary>
    [Range(0, 65535)]
    public int HttpsPort { get; set; } = 8443;

    /// <summary>PFX file of the HTTPS certificate; when unset, Development generates a self-signed one in the data folder.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Zones per page of <c>GET /v1/zones</c>.</summary>
    [Range(1, 100_000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>Records per page of <c>GET /v1/zones/{zone}</c> (NS1 pages long record lists at about 2,500).</summary>
    [Range(1, 1_000_000)]
    public int RecordPageSize { get; set; } = 2500;

    /// <summary>Largest accepted JSON request body (bytes); larger ones are answered 413.</summary>
    [Range(1024, 1L << 30)]
    public long MaxJsonBodyBytes { get; set; } = 1L << 20;

    /// <summary>Serve <c>/swagger</c> (anonymously). Unset: on in Development, off elsewhere.</summary>
    public bool? Swagger { get; set; }

    /// <summary>
    /// Largest accepted zone-file upload (bytes); larger ones are answered 413. The default, 128 MiB, takes a
    /// 1,000,000-line file (about 30-60 MB) with room to spare.
    /// </summary>
    [Range(1, 1L << 30)]
    public long MaxZoneFileBytes { get; set; } = 128L << 20;

    /// <summary>
    /// How long a zone-file import waits for the zone grain to finish before it answers 202 Accepted with a status URL
    /// (milliseconds, counted from the commit; 0 answers 202 at once). Keep it a few seconds below the time clients
    /// and proxies give a request (commonly 30 s).
    /// </summary>
    [Range(0, 600_000)]
    public int ImportWaitMilliseconds { get; set; } = 20_000;

    /// <summary>Record sets per <c>StageImport</c> call of a zone-file import.</summary>
    [Range(1, Vantage.Zones.ZoneReader.MaxPageSize)]
    public int ImportChunkSize { get; set; } = 2000;

    /// <summary>How long <c>/health</c> waits for the cluster.</summary>
    [Range(1, 60)]
    public int HealthTimeoutSeconds { get; set; } = 2;

    /// <summary>Token buckets per API key and HTTP method.</summary>
    [Required]
    public RateLimitOptions RateLimits { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (method, rule) in RateLimits.Rules())
        {
            if (rule.Limit < 1)
                yield return new ValidationResult($"RateLimits:{method}:Limit must be at least 1");
            if (rule.PeriodSeconds < 1)
                yield return new ValidationResult($"RateLimits:{method}:PeriodSeconds must be at least 1");
        }
        if (!System.Net.IPAddress.TryParse(ListenAddress, out _))
            yield return new ValidationResult($"ListenAddress '{ListenAddress}' is not an IP address");
    }
}

/// <summary>One token bucket: <see cref="Limit"/> requests, refilled evenly over <see cref="PeriodSeconds"/>.</summary>
public sealed class RateLimitRule
{
    public int Limit { get; set; }
    public int PeriodSeconds { get; set; }
}

/// <summary>Rate limits per HTTP method (NS1 reports GET 900 per 300 s; writes cost more).</summary>
public sealed class RateLimitOptions
{
    public RateLimitRule Get { get; set; } = new() { Limit = 900, PeriodSeconds = 300 };
    public RateLimitRule Put { get; set; } = new() { Limit = 300, PeriodSeconds = 300 };
    public RateLimitRule Post { get; set; } = new() { Limit = 300, PeriodSeconds = 300 };
    public RateLimitRule Delete { get; set; } = new() { Limit = 300, PeriodSeconds = 300 };

    /// <summary>The rule for <paramref name="method"/>; methods without their own bucket share GET's rule.</summary>
    public RateLimitRule For(string method) => method switch
    {
        "PUT" => Put,
        "POST" => Post,
        "DELETE" => Delete,
        _ => Get,
    };

    public IEnumerable<(string Method, RateLimitRule Rule)> Rules() =>
        [("Get", Get), ("Put", Put), ("Post", Post), ("Delete", Delete)];
}
