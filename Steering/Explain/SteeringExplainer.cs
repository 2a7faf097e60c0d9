using System.Buffers.Binary;
using System.Net;
using Vantage.Model;
using Vantage.Steering.Engine;
using Vantage.Steering.Geo;
using Vantage.Traffic;

namespace Vantage.Steering.Explain;

/// <summary>
/// Runs a record's chain for one client with a trace, through the same compiled filters the edge runs, and
/// describes every step. Filters that draw at random (shuffle, weighted_shuffle, shed_load, ipv4_prefix_shuffle)
/// show one draw; pass a seeded <see cref="ISteeringRandom"/> to reproduce it.
/// </summary>
public static class SteeringExplainer
{
    private static readonly HashSet<string> RandomFilters =
        [FilterNames.Shuffle, FilterNames.WeightedShuffle, FilterNames.ShedLoad, FilterNames.Ipv4PrefixShuffle];

    /// <param name="resolver">The resolver's address, or null.</param>
    /// <param name="subnet">The EDNS Client Subnet the resolver would send, or null.</param>
    /// <param name="queryName">The name asked for (a wildcard record answers many), default the record's own.</param>
    public static ExplainResult Explain(DnsRecord record, IGeoLookup geo, IPAddress? resolver, IpPrefix? subnet, ISteeringRandom random,
        string? queryName = null)
    {
        // The edge never steers CNAME records (a CNAME holds one answer): neither does explain.
        var steered = SteeredRecord.Compile(record.Type == RecordTypes.CNAME ? record with { FiltersJson = "[]" } : record);
        var notes = new List<string>(steered.Problems);
        if (record.Type == RecordTypes.CNAME && SteeredRecord.HasFilters(record.FiltersJson))
        {
            notes.Add("CNAME records are not steered: the filter chain is stored but not run");
        }
        SteeringClient client;
        string source;
        if (subnet is { Length: > 0 } ecs && record.UseClientSubnet)
        {
            client = SteeringClient.FromNumber(ecs.IsV6, ecs.Network, ecs.Length, fromSubnet: true);
            source = "ecs";
        }
        else
        {
            if (subnet is { Length: 0 }) notes.Add("a /0 client subnet says nothing of the client: the edge steers on the resolver's address");
            else if (subnet is not null) notes.Add("use_client_subnet is false: the edge steers on the resolver's address and ignores ECS");
            client = resolver is null ? default : SteeringClient.From(resolver.GetAddressBytes(), resolver.GetAddressBytes().Length * 8, fromSubnet: false);
            source = resolver is null ? "unknown" : "resolver";
        }
        client.Locate(geo, location: true, asn: true);
        if (!steered.HasChain) notes.Add("the record has no enabled filter: every answer is served as stored");
        if (steered.Filters.Any(f => RandomFilters.Contains(f.Spec.Name)))
        {
            notes.Add("a filter in this chain draws at random per query: this is one draw");
        }

        var name = DnsWireName(queryName ?? record.Domain);
        var context = new SteeringContext(client, random, name);
        var trace = new Trace(steered, record);
        Span<Pick> picks = new Pick[Math.Max(SteeredRecord.BufferLength, record.Answers.Length)];
        var count = steered.HasChain ? steered.Run(context, picks, trace) : record.Answers.Length;
        if (!steered.HasChain)
        {
            for (var i = 0; i < count; i++) picks[i] = Pick.Of(i);
        }

        var steps = new List<ExplainStep>();
        var next = 0;
        foreach (var spec in steered.Chain)
        {
            if (spec.Disabled)
            {
                steps.Add(new ExplainStep(spec.Name, spec.Options, true, [], [], false, "disabled: skipped"));
                continue;
            }
            if (next < trace.Steps.Count && ReferenceEquals(trace.Steps[next].Spec, spec)) steps.Add(trace.Steps[next++].Step);
            else steps.Add(new ExplainStep(spec.Name, spec.Options, false, [], [], false, "not applicable to this record type: skipped"));
        }

        return new ExplainResult(record.Zone, record.Domain, record.Type, Describe(client, source),
            steps, picks[..count].ToArray().Select(p => Show(record, steered, p)).ToList(), steered.Scope(client), notes);
    }

    private static ExplainClient Describe(in SteeringClient client, string source)
    {
        string? address = null;
        if (client.AddressLength > 0)
        {
            Span<byte> bytes = stackalloc byte[16];
            address = new IPAddress(client.WriteAddress(bytes)) + (client.FromSubnet ? "/" + client.PrefixLength : "");
        }
        var geo = client.Geo;
        return new ExplainClient(address, source, geo.Country, geo.Subdivision,
            geo.Region == Georegion.None ? null : Georegions.Name(geo.Region),
            geo.HasCoordinates ? geo.Latitude : null, geo.HasCoordinates ? geo.Longitude : null,
            client.Asn == 0 ? null : client.Asn);
    }

    internal static ExplainAnswer Show(DnsRecord record, SteeredRecord steered, Pick pick, string? why = null)
    {
        var text = pick.Synthesized ? Ipv4(pick.Address) : string.Join(' ', record.Answers[pick.Answer].Rdata);
        var own = pick.Answer < record.Answers.Length;
        return new ExplainAnswer(own ? record.Answers[pick.Answer].Id : "", text, own ? record.Answers[pick.Answer].Region : null, why);
    }

    private static string Ipv4(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes).ToString();
    }

    private static byte[] DnsWireName(string domain)
    {
        var bytes = new List<byte>();
        foreach (var label in domain.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var lower = System.Text.Encoding.ASCII.GetBytes(label.ToLowerInvariant());
            bytes.Add((byte)Math.Min(63, lower.Length));
            bytes.AddRange(lower.Take(63));
        }
        bytes.Add(0);
        return bytes.ToArray();
    }

    private sealed class Trace(SteeredRecord steered, DnsRecord record) : ISteeringTrace
    {
        public List<(FilterSpec Spec, ExplainStep Step)> Steps { get; } = [];

        public void Step(SteeringFilter filter, ReadOnlySpan<Pick> before, ReadOnlySpan<Pick> after, scoped in SteeringContext context)
        {
            var removed = new List<ExplainRemoval>();
            foreach (var pick in before)
            {
                if (!Contains(after, pick.Answer))
                {
                    var answer = steered.Answers[pick.Answer];
                    var id = pick.Answer < record.Answers.Length ? record.Answers[pick.Answer].Id : "";
                    removed.Add(new ExplainRemoval(id, pick.Synthesized ? Ipv4(pick.Address) : answer.Text, filter.Why(answer, context)));
                }
            }
            var kept = new List<ExplainAnswer>();
            var ranks = filter is Filters.GeotargetCountryFilter or Filters.GeotargetRegionalFilter or Filters.GeotargetLatlongFilter;
            foreach (var pick in after)
            {
                kept.Add(Show(record, steered, pick, ranks ? filter.Why(steered.Answers[pick.Answer], context) : null));
            }
            var reordered = removed.Count == 0 && !Same(before, after);
            string? note = null;
            if (removed.Count == 0 && !reordered) note = before.Length == after.Length ? "no change" : null;
            if (removed.Count == 0 && after.Length > 0 && after.Length == before.Length && Synthesized(after)) note = "answers replaced";
            Steps.Add((filter.Spec, new ExplainStep(filter.Spec.Name, filter.Spec.Options, false, kept, removed, reordered, note)));
        }

        private static bool Contains(ReadOnlySpan<Pick> picks, int answer)
        {
            foreach (var p in picks)
            {
                if (p.Answer == answer) return true;
            }
            return false;
        }

        private static bool Same(ReadOnlySpan<Pick> a, ReadOnlySpan<Pick> b)
        {
            if (a.Length != b.Length) return false;
            for (var i = 0; i < a.Length; i++)
            {
                if (a[i].Answer != b[i].Answer || a[i].Synthesized != b[i].Synthesized || a[i].Address != b[i].Address) return false;
            }
            return true;
        }

        private static bool Synthesized(ReadOnlySpan<Pick> picks)
        {
            foreach (var p in picks)
            {
                if (p.Synthesized) return true;
            }
            return false;
        }
    }
}
