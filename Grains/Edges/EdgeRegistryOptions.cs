using System.ComponentModel.DataAnnotations;

namespace Vantage.Grains.Edges;

/// <summary>Settings of the edge registry, bound from <c>Vantage:EdgeRegistry</c>.</summary>
public sealed class EdgeRegistryOptions
{
    public const string Section = "Vantage:EdgeRegistry";

    /// <summary>An edge silent for longer than this is forgotten (it reports every few seconds while it runs).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan PruneAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the registry looks for silent edges.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);
}
