using Vantage.Traffic;

namespace Vantage.Steering.Engine;

/// <summary>One answer of a record as the filters see it: its effective meta (answer &gt; region &gt; record) and keys.</summary>
public sealed class SteeringAnswer
{
    public SteeringAnswer(int index, string text, string? region, MetaValues meta)
    {
        Index = index;
        Text = text;
        Region = region;
        Meta = meta;
        Key = Hashing.Of(text);
        RegionKey = Hashing.Of(region ?? string.Empty);
    }

    /// <summary>Position in the record's answers.</summary>
    public int Index { get; }

    /// <summary>The RDATA in presentation form, e.g. <c>192.0.2.1</c>: what explain shows, and the sticky key.</summary>
    public string Text { get; }

    public string? Region { get; }

    public MetaValues Meta { get; }

    /// <summary>Stable hash of the RDATA: rendezvous hashing keys on it, so an answer keeps its networks when others come and go.</summary>
    public ulong Key { get; }

    public ulong RegionKey { get; }
}
