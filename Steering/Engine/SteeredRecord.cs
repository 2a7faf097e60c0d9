using System.Collections.Immutable;
using Vantage.Feeds;
using Vantage.Model;
using Vantage.Steering.Filters;
using Vantage.Traffic;

namespace Vantage.Steering.Engine;

/// <summary>
/// A record's filter chain compiled for one version of the record: meta parsed and resolved per answer
/// (answer &gt; region &gt; record), each enabled filter built with its per-answer arrays. <see cref="Run"/> is the
/// per-query path (the edge calls it for every query on the record; explain calls it with a trace).
/// </summary>
public sealed class SteeredRecord
{
    /// <summary>Answers a chain works on at most (the rest of a larger record are not served by the chain).</summary>
    public const int MaxPicks = Validation.RecordValidator.MaxSteeredAnswers;

    private SteeredRecord(DnsRecord record, SteeringAnswer[] answers, int realAnswers, ImmutableArray<FilterSpec> chain,
        SteeringFilter[] filters, ImmutableArray<string> problems)
    {
        Record = record;
        Answers = answers;
        RealAnswers = realAnswers;
        Chain = chain;
        Filters = filters;
        Problems = problems;
        Uses = filters.Length == 0 ? ClientUse.None : filters.Max(f => f.Uses);
        NeedsLocation = filters.Any(f => f.NeedsLocation);
        NeedsAsn = filters.Any(f => f.NeedsAsn);
    }

    public DnsRecord Record { get; }

    /// <summary>The record's answers as the filters see them (plus, with parse_ipv4, one meta-less slot at the end).</summary>
    public SteeringAnswer[] Answers { get; }

    /// <summary>How many of <see cref="Answers"/> are the record's own (the chain starts from these).</summary>
    public int RealAnswers { get; }

    /// <summary>Length of the pick buffer <see cref="Run"/> needs.</summary>
    public const int BufferLength = MaxPicks + 1;

    /// <summary>The whole chain as stored, disabled filters included.</summary>
    public ImmutableArray<FilterSpec> Chain { get; }

    /// <summary>The enabled filters, in order.</summary>
    public SteeringFilter[] Filters { get; }

    /// <summary>Meta or filter input that could not be read (validated on write, so normally empty).</summary>
    public ImmutableArray<string> Problems { get; }

    public ClientUse Uses { get; }

    public bool NeedsLocation { get; }

    public bool NeedsAsn { get; }

    /// <summary>True when the record has at least one enabled filter.</summary>
    public bool HasChain => Filters.Length > 0;

    /// <summary>Whether the record's filter chain JSON names any filter (enabled or not).</summary>
    public static bool HasFilters(string? filtersJson)
    {
        var trimmed = (filtersJson ?? string.Empty).AsSpan().Trim();
        return trimmed.Length > 0 && !trimmed.SequenceEqual("[]") && !trimmed.SequenceEqual("null");
    }

    public static SteeredRecord Compile(DnsRecord record)
    {
        var problems = ImmutableArray.CreateBuilder<string>();
        var recordMeta = Resolve(Parse(record.MetaJson, "record", problems), record, "record", problems);
        var regionProblem = RegionsParser.Parse(record.RegionsJson, out var regions);
        if (regionProblem is not null) problems.Add(regionProblem);
        if (!record.FeedData.IsEmpty)
        {
            regions = regions.ToImmutableDictionary(kv => kv.Key, kv => Resolve(kv.Value, record, $"region {kv.Key}", problems), regions.KeyComparer);
        }

        var chainProblem = FilterChainParser.Parse(record.FiltersJson, out var chain);
        if (chainProblem is not null) problems.Add(chainProblem);
        var real = Math.Min(record.Answers.Length, MaxPicks);
        // parse_ipv4 adds an answer of its own, without meta: it gets the slot after the record's answers.
        var madeUp = record.Type == RecordTypes.A && chain.Any(s => !s.Disabled && s.Name == FilterNames.ParseIpv4);
        var answers = new SteeringAnswer[real + (madeUp ? 1 : 0)];
        if (madeUp) answers[real] = new SteeringAnswer(real, "(address in the query name)", null, MetaValues.Empty);
        for (var i = 0; i < real; i++)
        {
            var answer = record.Answers[i];
            var own = Resolve(Parse(answer.MetaJson, $"answer {i + 1}", problems), record, $"answer {i + 1}", problems);
            var regionMeta = answer.Region is not null && regions.TryGetValue(answer.Region, out var r) ? r : MetaValues.Empty;
            answers[i] = new SteeringAnswer(i, string.Join(' ', answer.Rdata), answer.Region, own.Over(regionMeta.Over(recordMeta)));
        }

        var filters = chain.Where(s => !s.Disabled).Select(s => Create(s, answers, record)).OfType<SteeringFilter>().ToArray();
        return new SteeredRecord(record, answers, real, chain, filters, problems.ToImmutable());
    }

    private static MetaValues Parse(string? json, string where, ImmutableArray<string>.Builder problems)
    {
        var problem = MetaParser.Parse(json, out var values);
        if (problem is null) return values;
        problems.Add($"{where}: {problem}");
        return MetaValues.Empty;
    }

    /// <summary>Fills the keys given as feed pointers from the feeds' current values (validated by meta type).</summary>
    private static MetaValues Resolve(MetaValues level, DnsRecord record, string where, ImmutableArray<string>.Builder problems)
    {
        var resolved = FeedPointers.Resolve(level, record.FeedData, out var problem);
        if (problem is not null) problems.Add($"{where}: feed value: {problem}");
        return resolved;
    }

        private static SteeringFilter? Create(FilterSpec spec, SteeringAnswer[] answers, DnsRecord record) => spec.Name switch
    {
        FilterNames.Up => new UpFilter(spec, answers),
        FilterNames.Priority or FilterNames.Cost => new RankFilter(spec, answers),
        FilterNames.ShedLoad => new ShedLoadFilter(spec, answers),
        FilterNames.SelectFirstN => new SelectFirstNFilter(spec),
        FilterNames.SelectFirstRegion => new SelectFirstRegionFilter(spec, answers),
        FilterNames.Shuffle => new ShuffleFilter(spec),
        FilterNames.WeightedShuffle => new WeightedShuffleFilter(spec, answers),
        FilterNames.Sticky or FilterNames.WeightedSticky or FilterNames.StickyRegion => new StickyFilter(spec, answers),
        FilterNames.Ipv4PrefixShuffle when record.Type == RecordTypes.A => new Ipv4PrefixShuffleFilter(spec, answers),
        FilterNames.ParseIpv4 when record.Type == RecordTypes.A => new ParseIpv4Filter(spec, record.Domain, answers.Length - 1),
        FilterNames.GeotargetCountry => new GeotargetCountryFilter(spec, answers),
        FilterNames.GeotargetRegional => new GeotargetRegionalFilter(spec, answers),
        FilterNames.GeotargetLatlong => new GeotargetLatlongFilter(spec, answers),
        FilterNames.GeofenceCountry => new GeofenceCountryFilter(spec, answers),
        FilterNames.GeofenceRegional => new GeofenceRegionalFilter(spec, answers),
        FilterNames.NetfenceAsn => new NetfenceAsnFilter(spec, answers),
        FilterNames.NetfencePrefix => new NetfencePrefixFilter(spec, answers),
        _ => null,
    };

    /// <summary>
    /// Runs the chain for one query into <paramref name="picks"/> (<see cref="BufferLength"/> long) and
    /// returns how many answers to serve, in order. Allocation-free unless a <paramref name="trace"/> is given.
    /// </summary>
    public int Run(scoped in SteeringContext context, Span<Pick> picks, ISteeringTrace? trace = null)
    {
        var count = Math.Min(RealAnswers, picks.Length);
        for (var i = 0; i < count; i++) picks[i] = Pick.Of(i);
        foreach (var filter in Filters)
        {
            if (trace is null)
            {
                filter.Apply(picks, ref count, context);
                continue;
            }
            var before = picks[..count].ToArray();
            filter.Apply(picks, ref count, context);
            trace.Step(filter, before, picks[..count], context);
        }
        return count;
    }

    /// <summary>
    /// The ECS SCOPE PREFIX-LENGTH to return (RFC 7871 §7.2.1): 0 when the chain did not look at the client
    /// or the client address did not come from ECS; else the bits it depended on, at most the source prefix.
    /// </summary>
    public int Scope(in SteeringClient client)
    {
        if (!client.FromSubnet) return 0;
        return Uses switch
        {
            ClientUse.None => 0,
            ClientUse.Network => Math.Min(client.PrefixLength, client.IsV6 ? 44 : 24),
            _ => client.PrefixLength,
        };
    }
}

/// <summary>Receives what each filter did (explain).</summary>
public interface ISteeringTrace
{
    void Step(SteeringFilter filter, ReadOnlySpan<Pick> before, ReadOnlySpan<Pick> after, scoped in SteeringContext context);
}
