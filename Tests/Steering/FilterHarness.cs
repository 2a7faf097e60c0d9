using System.Collections.Immutable;
using System.Net;
using Vantage.Steering.Engine;
using Vantage.Steering.Geo;
using Vantage.Traffic;

namespace Vantage.Tests.Steering;

/// <summary>Builds answers, specs and clients by hand and runs one filter (or a chain) over a fresh working set.</summary>
internal static class FilterHarness
{
    /// <summary>A client in San Francisco, US-CA, georegion US-WEST, AS15169.</summary>
    public static readonly GeoLocation SanFrancisco = new("US", "CA", Georegion.UsWest, true, 37.7, -122.4);

    /// <summary>Answers whose texts are 192.0.2.1, 192.0.2.2, … with the given meta.</summary>
    public static SteeringAnswer[] Answers(params MetaValues[] metas) =>
        metas.Select((m, i) => new SteeringAnswer(i, $"192.0.2.{i + 1}", null, m)).ToArray();

    /// <summary>Answers with the given texts and no meta.</summary>
    public static SteeringAnswer[] Texts(params string[] texts) =>
        texts.Select((t, i) => new SteeringAnswer(i, t, null, MetaValues.Empty)).ToArray();

    public static FilterSpec Spec(string name, params (string Key, string Value)[] options) =>
        new(name, false, options.ToImmutableDictionary(o => o.Key, o => o.Value));

    /// <summary>A resolver address (or, with <paramref name="prefixLength"/>, an ECS subnet).</summary>
    public static SteeringClient Client(string address, int? prefixLength = null)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        return SteeringClient.From(bytes, prefixLength ?? bytes.Length * 8, prefixLength is not null);
    }

    public static SteeringClient Client(string address, GeoLocation geo, uint asn = 0)
    {
        var client = Client(address);
        client.Geo = geo;
        client.Asn = asn;
        return client;
    }

    public static SteeringClient Nobody => Client("198.51.100.7");

    /// <summary>A query name in wire form, e.g. <c>www.example.com</c> → 3www7example3com0.</summary>
    public static byte[] Wire(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(label.Select(c => (byte)c));
        }
        bytes.Add(0);
        return bytes.ToArray();
    }

    /// <summary>Runs <paramref name="filters"/> in order over picks 0..answers-1; returns the picks kept.</summary>
    public static Pick[] RunPicks(int answers, SteeringClient client, ISteeringRandom? random, byte[]? queryName, params SteeringFilter[] filters)
    {
        var picks = new Pick[SteeredRecord.MaxPicks];
        var count = answers;
        for (var i = 0; i < count; i++) picks[i] = Pick.Of(i);
        var context = new SteeringContext(client, random ?? new FixedRandom(0.5), queryName ?? Wire("www.example.com"));
        foreach (var filter in filters) filter.Apply(picks, ref count, context);
        return picks[..count];
    }

    /// <summary>Runs one filter; returns the indices of the answers kept, in order.</summary>
    public static int[] Run(SteeringFilter filter, SteeringAnswer[] answers, SteeringClient? client = null, ISteeringRandom? random = null) =>
        RunPicks(answers.Length, client ?? Nobody, random, null, filter).Select(p => (int)p.Answer).ToArray();

    /// <summary>Runs one filter; returns the texts of the answers kept, in order.</summary>
    public static string[] RunTexts(SteeringFilter filter, SteeringAnswer[] answers, SteeringClient? client = null, ISteeringRandom? random = null) =>
        Run(filter, answers, client, random).Select(i => answers[i].Text).ToArray();

    /// <summary>Indices written as a comma list ("" for none), for compact tables.</summary>
    public static int[] Ints(string list) =>
        list.Length == 0 ? [] : list.Split(',').Select(int.Parse).ToArray();

    public static ImmutableArray<string> Codes(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries)];

    public static ImmutableArray<IpPrefix> Prefixes(params string[] prefixes) =>
        [.. prefixes.Select(p => IpPrefix.TryParse(p, out var prefix, out var problem) ? prefix : throw new ArgumentException(problem, nameof(prefixes)))];

    public static string Dotted(uint address) => new IPAddress([(byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address]).ToString();
}

/// <summary>Randomness that returns the given values in turn, then repeats the last one.</summary>
internal sealed class FixedRandom(params double[] values) : ISteeringRandom
{
    private int next;

    public int Calls { get; private set; }

    public double NextDouble()
    {
        Calls++;
        var value = values[Math.Min(next, values.Length - 1)];
        next++;
        return value;
    }
}
