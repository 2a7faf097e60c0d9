using System.Net;
using System.Text;

namespace Vantage.Bench.Propagation;

/// <summary>Names and addresses of the benchmark records, and a BIND file that creates them in one import.</summary>
public sealed class TestZone(string zone, string prefix)
{
    public string Zone { get; } = zone;

    public string Name(int index) => $"{prefix}{index}.{Zone}";

    /// <summary>10.<paramref name="generation"/>.hi.lo: unique per index below 65,536 within a generation.</summary>
    public static IPAddress Address(int generation, int index) =>
        new([10, (byte)generation, (byte)(index >> 8), (byte)index]);

    public string ZoneFile(int count, int generation)
    {
        var text = new StringBuilder();
        text.Append($"$ORIGIN {Zone}.\n$TTL 60\n");
        text.Append($"@ IN SOA ns1.{Zone}. hostmaster.{Zone}. 1 7200 3600 1209600 60\n@ IN NS ns1\nns1 IN A 127.0.0.1\n");
        for (var i = 0; i < count; i++) text.Append($"{prefix}{i} IN A {Address(generation, i)}\n");
        return text.ToString();
    }

    public Dictionary<string, IPAddress> Expected(IEnumerable<int> indexes, int generation) =>
        indexes.ToDictionary(Name, i => Address(generation, i), StringComparer.Ordinal);
}
