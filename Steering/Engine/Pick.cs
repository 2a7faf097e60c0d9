

namespace Vantage.Steering.Engine;

/// <summary>
/// One answer in a chain's working set: the index of the record's answer, or (for <c>parse_ipv4</c> and
/// <c>ipv4_prefix_shuffle</c>) an IPv4 address made up for this query, which is written as an A record in
/// place of that answer's RDATA.
/// </summary>
public struct Pick
{
    public ushort Answer;
    public bool Synthesized;
    /// <summary>The made-up IPv4 address (host order) when <see cref="Synthesized"/>.</summary>
    public uint Address;

    public static Pick Of(int answer) => new() { Answer = (ushort)answer };

    public static Pick Made(int answer, uint address) => new() { Answer = (ushort)answer, Synthesized = true, Address = address };
}


/// <summary>How much of the client address a filter's decision depended on (for the ECS scope).</summary>
public enum ClientUse
{
    /// <summary>The answer does not depend on who asks.</summary>
    None,
    /// <summary>Only the client's /24 (IPv4) or /44 (IPv6).</summary>
    Network,
    /// <summary>The whole address (or ECS prefix) as given.</summary>
    Address,
}

/// <summary>Randomness for the shuffling filters: injected so tests can seed it.</summary>
public interface ISteeringRandom
{
    /// <summary>A number in [0, 1).</summary>
    double NextDouble();
}

/// <summary>The process-wide thread-safe generator (production).</summary>
public sealed class SharedRandom : ISteeringRandom
{
    public static readonly SharedRandom Instance = new();

    public double NextDouble() => Random.Shared.NextDouble();
}

/// <summary>A seeded generator for tests and reproducible explains; not thread-safe.</summary>
public sealed class SeededRandom(int seed) : ISteeringRandom
{
    private readonly Random random = new(seed);

    public double NextDouble() => random.NextDouble();
}
