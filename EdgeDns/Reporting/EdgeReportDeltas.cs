using System.Collections.Immutable;

namespace Vantage.EdgeDns.Reporting;

/// <summary>
/// Turns the edge's full reports into deltas against the last report the registry acknowledged: only zones whose
/// version changed, and the zones no longer served. The first report, the one after a reconnect, and any report the
/// registry asks for (it lost the base) are full. Not thread-safe: the reporter's loop drives it.
/// </summary>
public sealed class EdgeReportDeltas
{
    private ImmutableDictionary<string, long>? acked;
    private long ackedSequence;
    private long nextSequence = 1;
    private volatile bool fullWanted = true;
    private (long Sequence, ImmutableDictionary<string, long> Zones)? pending;

    /// <summary>The next report sends every zone.</summary>
    public void RequestFull() => fullWanted = true;

    /// <summary>What to send for <paramref name="full"/> (a report listing every zone served now).</summary>
    public EdgeReport Next(EdgeReport full)
    {
        var sequence = nextSequence++;
        pending = (sequence, full.Zones);
        if (fullWanted || acked is null) return full with { Sequence = sequence, IsDelta = false, BaseSequence = 0, RemovedZones = [] };

        var changed = ImmutableDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        foreach (var (zone, version) in full.Zones)
        {
            if (!acked.TryGetValue(zone, out var before) || before != version) changed[zone] = version;
        }
        var removed = acked.Keys.Where(z => !full.Zones.ContainsKey(z)).Order(StringComparer.Ordinal).ToImmutableArray();
        return full with { Sequence = sequence, IsDelta = true, BaseSequence = ackedSequence, Zones = changed.ToImmutable(), RemovedZones = removed };
    }

    /// <summary>The registry answered the report made by the last <see cref="Next"/>.</summary>
    public void Acknowledged(EdgeReportAck ack)
    {
        if (ack.FullReportWanted) fullWanted = true;
        if (ack.Accepted && pending is { } sent)
        {
            acked = sent.Zones;
            ackedSequence = sent.Sequence;
            fullWanted = false;
        }
        pending = null;
    }

    /// <summary>The report got no answer: the next delta stays relative to the last acknowledged report.</summary>
    public void Failed() => pending = null;
}
