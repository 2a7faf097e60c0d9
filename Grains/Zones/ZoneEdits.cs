using System.Collections.Immutable;
using Vantage.Model;
using Vantage.Validation;

namespace Vantage.Grains.Zones;

/// <summary>
/// Pure functions that turn NS1 patches into zone settings and records. They validate and never
/// touch grain state, so each grain operation can build the next state and commit it in one write.
/// </summary>
public static class ZoneEdits
{
    public static ZoneSettings NewZone(string name, ZonePatch patch, ZoneOptions options) =>
        Merge(new ZoneSettings
        {
            Id = Ids.New(),
            Name = name,
            Hostmaster = options.Hostmaster,
            DnsServers = [.. options.DnsServers.Select(DnsNames.Normalize)],
        }, patch with { Serial = null });

    public static ZoneSettings Merge(ZoneSettings current, ZonePatch patch) => current with
    {
        Ttl = patch.Ttl ?? current.Ttl,
        NxTtl = patch.NxTtl ?? current.NxTtl,
        Refresh = patch.Refresh ?? current.Refresh,
        Retry = patch.Retry ?? current.Retry,
        Expiry = patch.Expiry ?? current.Expiry,
        Hostmaster = patch.Hostmaster ?? current.Hostmaster,
        PrimaryJson = patch.PrimaryJson ?? current.PrimaryJson,
        SecondaryJson = patch.SecondaryJson ?? current.SecondaryJson,
        MetaJson = patch.MetaJson ?? current.MetaJson,
        Networks = patch.Networks ?? current.Networks,
        Link = patch.Link is null ? current.Link : patch.Link.Length == 0 ? null : DnsNames.Normalize(patch.Link),
        PrimaryMaster = patch.PrimaryMaster ?? current.PrimaryMaster,
        DnsServers = patch.DnsServers is { } servers ? [.. servers.Select(DnsNames.Normalize)] : current.DnsServers,
    };

    /// <summary>
    /// The apex NS record NS1 creates with a zone, from its <c>dns_servers</c>. Its TTL follows the zone's
    /// nx_ttl, as in NS1's recorded responses.
    /// </summary>
    public static DnsRecord ApexNs(ZoneSettings zone) => new()
    {
        Id = Ids.New(),
        Zone = zone.Name,
        Domain = zone.Name,
        Type = RecordTypes.NS,
        Ttl = zone.NxTtl,
        UseClientSubnet = false,
        Answers = [.. zone.DnsServers.Select(s => new DnsAnswer { Id = Ids.New(), Rdata = [s] })],
    };

    /// <summary>A new record from a create patch. The default TTL is the zone's nx_ttl, as NS1 answers.</summary>
    public static DnsRecord NewRecord(ZoneSettings zone, string domain, string type, RecordPatch patch) =>
        Merge(new DnsRecord
        {
            Id = Ids.New(),
            Zone = zone.Name,
            Domain = domain,
            Type = type,
            Ttl = zone.NxTtl,
        }, patch);

    public static DnsRecord Merge(DnsRecord current, RecordPatch patch)
    {
        var filters = patch.FiltersJson ?? current.FiltersJson;
        return current with
        {
            Ttl = patch.Ttl ?? current.Ttl,
            Answers = patch.Answers is { } answers ? WithIds(answers) : current.Answers,
            MetaJson = patch.MetaJson ?? current.MetaJson,
            RegionsJson = patch.RegionsJson ?? current.RegionsJson,
            FiltersJson = filters,
            UseClientSubnet = patch.UseClientSubnet ?? current.UseClientSubnet,
            OverrideTtl = patch.OverrideTtl ?? current.OverrideTtl,
            Link = patch.Link is null ? current.Link : patch.Link.Length == 0 ? null : DnsNames.Normalize(patch.Link),
            Networks = patch.Networks ?? current.Networks,
            FeedsJson = patch.FeedsJson ?? current.FeedsJson,
            Tier = patch.Tier ?? FilterTiers.TierOf(filters),
        };
    }

    /// <summary>Gives every answer without an id a new one; ids a client sent are kept.</summary>
    public static ImmutableArray<DnsAnswer> WithIds(ImmutableArray<DnsAnswer> answers) =>
        [.. answers.Select(a => string.IsNullOrEmpty(a.Id) ? a with { Id = Ids.New() } : a)];

    /// <summary>Validates one record and its coexistence with the rest of the zone.</summary>
    public static string? Check(IReadOnlyDictionary<string, DnsRecord> records, DnsRecord record) =>
        RecordValidator.ValidateRecord(record) ?? RecordValidator.ValidateCoexistence(records, record);

    /// <summary>
    /// Next SOA serial in RFC 1982 serial arithmetic: always greater than <paramref name="current"/> (wrapping past
    /// 2^32 - 1), moved up to the clock's unix time or a requested serial when those are greater.
    /// </summary>
    public static uint NextSerial(uint current, DateTimeOffset now, uint? requested = null)
    {
        var next = unchecked(current + 1);
        var clock = (uint)Math.Clamp(now.ToUnixTimeSeconds(), 0, uint.MaxValue);
        if (SerialGreater(clock, next)) next = clock;
        if (requested is { } r && SerialGreater(r, next)) next = r;
        return next;
    }

    /// <summary>RFC 1982: <paramref name="a"/> is greater than <paramref name="b"/> (within half the serial space).</summary>
    public static bool SerialGreater(uint a, uint b) => a != b && unchecked((int)(a - b)) > 0;
}
