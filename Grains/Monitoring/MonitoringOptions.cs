using System.ComponentModel.DataAnnotations;

namespace Vantage.Grains.Monitoring;

/// <summary><c>Vantage:Monitoring</c>: which regions this silo probes from and what probes may reach.</summary>
public sealed class MonitoringOptions : IValidatableObject
{
    public const string Section = "Vantage:Monitoring";

    /// <summary>Silo metadata key that carries a silo's regions (comma-separated) to the other silos.</summary>
    public const string RegionsMetadataKey = "vantage.monitor.regions";

    /// <summary>Region codes this silo probes from; empty means every region of the catalogue (the development default).</summary>
    public List<string> Regions { get; set; } = [];

    /// <summary>Whether probes and webhooks may reach loopback addresses. Development: true; production: false unless set.</summary>
    public bool? AllowLoopback { get; set; }

    /// <summary>Whether probes and webhooks may reach private, link-local, CGNAT and cloud metadata addresses.</summary>
    public bool AllowPrivate { get; set; }

    /// <summary>Probes running at once on this silo.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentProbes { get; set; } = 512;

    /// <summary>How often the scheduler re-reads job definitions and the silo set.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Webhook attempts before giving up (back-off doubles from one second).</summary>
    [Range(1, 10)]
    public int WebhookAttempts { get; set; } = 4;

    /// <summary>Wait before the second webhook attempt; it doubles after each failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan WebhookBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public IReadOnlyList<string> EffectiveRegions =>
        Regions.Count > 0 ? Regions : [.. Vantage.Monitoring.MonitorCatalog.Regions.Select(r => r.Code)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var region in Regions)
        {
            if (Vantage.Monitoring.MonitorCatalog.Regions.All(r => r.Code != region))
                yield return new ValidationResult($"{Section}:Regions: {region} is not a known region code", [nameof(Regions)]);
        }
    }
}
