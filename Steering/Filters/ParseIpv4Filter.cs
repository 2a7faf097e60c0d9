using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>parse_ipv4</c> (wildcard A records): the part of the query name that the wildcard matched is read as an
/// IPv4 address and added to the answers, without meta: for <c>*.ip.example.com</c>, a query for
/// <c>11-22-33-44.ip.example.com</c> gets 11.22.33.44 after the record's own answers. The separator is <c>-</c>
/// (default) or <c>_</c> within one label, or <c>.</c> across four labels. A name that does not spell an address,
/// or a record that is not a wildcard, leaves the answers as they are.
/// </summary>
public sealed class ParseIpv4Filter : SteeringFilter
{
    private readonly byte separator;
    private readonly int suffixLabels;
    private readonly int madeUpAnswer;

    /// <param name="owner">The record's owner name; only a wildcard (<c>*.…</c>) parses addresses.</param>
    /// <param name="madeUpAnswer">Index of the meta-less answer slot that parsed addresses are given.</param>
    public ParseIpv4Filter(FilterSpec spec, string owner, int madeUpAnswer) : base(spec)
    {
        separator = (byte)spec.Text("separator", "-")[0];
        suffixLabels = owner.StartsWith("*.", StringComparison.Ordinal)
            ? owner.TrimEnd('.').Split('.').Length - 1
            : -1;
        this.madeUpAnswer = madeUpAnswer;
    }

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        if (suffixLabels < 0 || count >= picks.Length || !TryParse(context.QueryName, suffixLabels, separator, out var address)) return;
        picks[count++] = Pick.Made(madeUpAnswer, address);
    }

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context) => "the address in the query name";

    /// <summary>
    /// Reads four decimal octets from the labels of a wire-form name before its last <paramref name="suffixLabels"/>
    /// labels (the wildcard's part): one label with <c>-</c> or <c>_</c>, four labels with <c>.</c>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> wireName, int suffixLabels, byte separator, out uint address)
    {
        address = 0;
        Span<int> starts = stackalloc int[128];
        var labels = 0;
        for (var pos = 0; ; )
        {
            if (pos >= wireName.Length) return false;
            int len = wireName[pos];
            if (len == 0) break;
            if (labels == starts.Length || pos + 1 + len > wireName.Length) return false;
            starts[labels++] = pos;
            pos += len + 1;
        }
        var own = labels - suffixLabels;
        if (own != (separator == (byte)'.' ? 4 : 1)) return false;

        var octets = 0;
        var value = -1;
        for (var l = 0; l < own; l++)
        {
            var label = wireName.Slice(starts[l] + 1, wireName[starts[l]]);
            if (l > 0 && !Octet(ref address, ref value, ref octets)) return false;
            foreach (var c in label)
            {
                if (c == separator && separator != (byte)'.')
                {
                    if (!Octet(ref address, ref value, ref octets)) return false;
                }
                else if (c is >= (byte)'0' and <= (byte)'9')
                {
                    value = value < 0 ? c - '0' : value * 10 + (c - '0');
                    if (value > 255) return false;
                }
                else
                {
                    return false;
                }
            }
        }
        if (value < 0 || octets != 3) return false;
        address = (address << 8) | (uint)value;
        return true;
    }

    /// <summary>Closes one octet (not the last): false when it is empty or a fifth one would start.</summary>
    private static bool Octet(ref uint address, ref int value, ref int octets)
    {
        if (value < 0 || octets == 3) return false;
        address = (address << 8) | (uint)value;
        octets++;
        value = -1;
        return true;
    }
}
