using System.Text.Json;
using Vantage.Model;

namespace Vantage.Api.Json;

/// <summary>
/// Turns an NS1 record body into a <see cref="RecordPatch"/>: members not sent stay null (POST merges),
/// <c>meta</c>, <c>regions</c>, <c>filters</c> and <c>feeds</c> are kept as raw JSON. The tier is left to the zone grain,
/// which derives it from the merged filter chain. <c>id</c>, <c>tier</c> and unknown members are ignored.
/// </summary>
public static class RecordRequest
{
    public static RecordPatch Parse(JsonElement body, RecordAddress address)
    {
        JsonFields.MustMatchName(body, "zone", address.Zone);
        JsonFields.MustMatchName(body, "domain", address.Domain);
        JsonFields.MustMatchType(body, address.Type);

        var filters = FilterChainRequest.Parse(body);
        return new RecordPatch
        {
            Ttl = JsonFields.Int(body, "ttl"),
            Answers = AnswerRequest.Parse(body, address.Type),
            MetaJson = JsonFields.Raw(body, "meta", JsonValueKind.Object, "{}"),
            RegionsJson = JsonFields.Raw(body, "regions", JsonValueKind.Object, "{}"),
            FiltersJson = filters,
            UseClientSubnet = JsonFields.Bool(body, "use_client_subnet"),
            OverrideTtl = JsonFields.Bool(body, "override_ttl"),
            Link = JsonFields.String(body, "link", whenNull: "") is { } link ? (link.Length == 0 ? "" : DnsNames.Normalize(link)) : null,
            Networks = JsonFields.IntArray(body, "networks"),
            FeedsJson = JsonFields.Raw(body, "feeds", JsonValueKind.Array, "[]"),
        };
    }
}
