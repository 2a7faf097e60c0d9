using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary>
/// <c>parse_ipv4</c> (wildcard A records): a query for <c>11-22-33-44.example.com</c> is answered with
/// 11.22.33.44 (separator <c>-</c>, <c>_</c>, or <c>.</c> across the first four labels). A name that does not
/// spell an address leaves the answers as they are.
/// </summary>
public sealed class ParseIpv4Filter(FilterSpec spec) : SteeringFilter(spec)
{
    private readonly byte separator = (byte)spec.Text("separator", "-")[0];

    public override void Apply(Span<Pick> picks, ref int count, scoped in SteeringContext context)
    {
        if (count == 0 || !TryParse(context.QueryName, separator, out var address)) return;
        picks[0] = Pick.Made(picks[0].Answer, address);
        count = 1;
    }

    public override string Why(SteeringAnswer answer, scoped in SteeringContext context) => "replaced by the address in the query name";

    /// <summary>Reads four decimal octets from the start of a wire-form name.</summary>
    public static bool TryParse(ReadOnlySpan<byte> wireName, byte separator, out uint address)
    {
        address = 0;
        if (wireName.IsEmpty) return false;
        // With "." the octets are the first four labels: join them as one text with '.' between.
        Span<byte> text = stackalloc byte[64];
        var length = 0;
        var pos = 0;
        var labels = separator == (byte)'.' ? 4 : 1;
        for (var l = 0; l < labels; l++)
        {
            if (pos >= wireName.Length) return false;
            int len = wireName[pos];
            if (len == 0 || pos + 1 + len > wireName.Length || length + len + 1 > text.Length) return false;
            if (l > 0) text[length++] = (byte)'.';
            wireName.Slice(pos + 1, len).CopyTo(text[length..]);
            length += len;
            pos += len + 1;
        }
        var octets = 0;
        var value = -1;
        foreach (var c in text[..length])
        {
            if (c == separator)
            {
                if (value < 0 || octets == 3) return false;
                address = (address << 8) | (uint)value;
                octets++;
                value = -1;
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
        if (value < 0 || octets != 3) return false;
        address = (address << 8) | (uint)value;
        return true;
    }
}
