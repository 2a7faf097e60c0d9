using System.Collections.Immutable;
using Vantage.Model;
using Vantage.Traffic;

namespace Vantage.Validation;

/// <summary>
/// Validates zones and records. Each method returns null when the input is valid, otherwise one precise,
/// human-readable message (the API returns it as <c>{"message": ...}</c> with status 400).
/// </summary>
public static class RecordValidator
{
    /// <summary>Largest TTL or SOA timer (RFC 2181 §8: 2^31 - 1).</summary>
    public const int MaxTtl = int.MaxValue;

    /// <summary>Most answers one record may have.</summary>
    public const int MaxAnswers = 1000;

    /// <summary>Most answers a record with a filter chain may have (the chain works on all of them per query).</summary>
    public const int MaxSteeredAnswers = 256;

    /// <summary>Most bytes of meta (UTF-8 JSON: record, regions and every answer's together) one record may hold.</summary>
    public const int MaxMetaBytes = 256 * 1024;

    /// <summary>Zone name: syntax, label ≤ 63 octets, name ≤ 255 octets, at least one label.</summary>
    public static string? ValidateZoneName(string zone) => NameRules.Check(zone, "zone name", NameUse.Zone);

    /// <summary>Zone settings ranges (TTLs, refresh/retry/expiry, hostmaster e-mail, dns servers, JSON members are objects).</summary>
    public static string? ValidateZone(ZoneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ValidateZoneName(settings.Name)
            ?? CheckTtl(settings.Ttl, "ttl")
            ?? CheckTtl(settings.NxTtl, "nx_ttl")
            ?? CheckTtl(settings.Refresh, "refresh")
            ?? CheckTtl(settings.Retry, "retry")
            ?? CheckTtl(settings.Expiry, "expiry")
            ?? ValidateHostmaster(settings.Hostmaster)
            ?? CheckDnsServers(settings.DnsServers)
            ?? JsonRules.RequireObject(settings.PrimaryJson, "primary")
            ?? (settings.SecondaryJson is null ? null : JsonRules.RequireObject(settings.SecondaryJson, "secondary"))
            ?? JsonRules.RequireObject(settings.MetaJson, "meta")
            ?? CheckNetworks(settings.Networks)
            ?? (settings.Link is null ? null : NameRules.Check(settings.Link, "link", NameUse.Zone));
    }

    /// <summary>
    /// One complete record (after a merge): owner inside the zone, type supported, TTL range, each answer's
    /// RDATA for its type, JSON members of the right JSON kind, meta (record, region and answer level) and the
    /// filter chain as the traffic engine reads them, link rules. Only reads: the stored JSON stays verbatim.
    /// </summary>
    public static string? ValidateRecord(DnsRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ValidateRecordHeader(record)
            ?? CheckMetaSize(record)
            ?? JsonRules.RequireObject(record.MetaJson, "meta")
            ?? MetaParser.Parse(record.MetaJson, out _)
            ?? JsonRules.RequireObject(record.RegionsJson, "regions")
            ?? RegionsParser.Parse(record.RegionsJson, out _)
            ?? JsonRules.CheckFilters(record.FiltersJson)
            ?? CheckFilterChain(record)
            ?? JsonRules.RequireArray(record.FeedsJson, "feeds")
            ?? CheckNetworks(record.Networks)
            ?? CheckLinkAndAnswers(record);
    }

    /// <summary>
    /// Zone-wide rules for <paramref name="candidate"/> given the other record sets of the zone
    /// (keyed by <see cref="RecordKey"/>): no CNAME at the apex, no CNAME beside other data at the same name.
    /// </summary>
    public static string? ValidateCoexistence(IReadOnlyDictionary<string, DnsRecord> records, DnsRecord candidate)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(candidate);
        var isCname = candidate.Type == RecordTypes.CNAME;
        if (isCname && string.Equals(candidate.Domain, candidate.Zone, StringComparison.OrdinalIgnoreCase))
        {
            return "CNAME cannot be created at the zone apex";
        }
        // Record sets are keyed "domain/TYPE", so the sets at the candidate's name are found by key, one lookup
        // per type: the check costs the same in a zone of ten records as in one of a million.
        foreach (var type in RecordTypes.Supported.Keys)
        {
            if (type == candidate.Type || !TryGetAtName(records, candidate.Domain, type, out var other)) continue;
            if (isCname) return $"CNAME {candidate.Domain} cannot coexist with other records at the same name ({other.Type} exists)";
            if (other.Type == RecordTypes.CNAME)
            {
                return $"{candidate.Type} {candidate.Domain} cannot coexist with the CNAME at the same name";
            }
        }
        return null;
    }

    /// <summary>
    /// The same rule over a whole zone at once (one pass by owner name instead of a lookup per type per record), for
    /// imports: no CNAME at the apex, and a CNAME is alone at its name. Owner names must be normalized. The error names
    /// the CNAME: "domain CNAME: reason".
    /// </summary>
    public static string? ValidateCoexistence(string apex, IEnumerable<DnsRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var all = records as IReadOnlyCollection<DnsRecord> ?? [.. records];
        var byName = new Dictionary<string, (int Count, string? Other)>(StringComparer.Ordinal);
        foreach (var record in all)
        {
            byName.TryGetValue(record.Domain, out var seen);
            byName[record.Domain] = (seen.Count + 1, record.Type == RecordTypes.CNAME ? seen.Other : record.Type);
        }
        foreach (var record in all)
        {
            if (record.Type != RecordTypes.CNAME) continue;
            if (record.Domain == apex) return $"{record.Domain} {record.Type}: CNAME cannot be created at the zone apex";
            if (byName[record.Domain] is { Count: > 1, Other: { } other })
                return $"{record.Domain} {record.Type}: CNAME {record.Domain} cannot coexist with other records at the same name ({other} exists)";
        }
        return null;
    }

    private static bool TryGetAtName(IReadOnlyDictionary<string, DnsRecord> records, string domain, string type, out DnsRecord other)
    {
        if (records.TryGetValue(RecordKey.Of(domain, type), out other!) && other is not null) return true;
        var lower = domain.ToLowerInvariant();
        return !ReferenceEquals(lower, domain) && lower != domain
            && records.TryGetValue(RecordKey.Of(lower, type), out other!) && other is not null;
    }

    /// <summary>TTL-like values: 0..2^31-1.</summary>
    public static string? CheckTtl(long value, string member) =>
        value is >= 0 and <= MaxTtl ? null : $"{member} must be between 0 and {MaxTtl}";

    /// <summary>Hostmaster e-mail <c>local@domain</c>: the local part becomes the first SOA RNAME label.</summary>
    public static string? ValidateHostmaster(string? hostmaster)
    {
        const string Expected = "hostmaster must be an e-mail address (local@domain)";
        if (string.IsNullOrEmpty(hostmaster)) return Expected;
        var at = hostmaster.IndexOf('@');
        if (at <= 0 || at != hostmaster.LastIndexOf('@') || at == hostmaster.Length - 1) return Expected;
        var local = hostmaster[..at];
        foreach (var c in local)
        {
            if (c <= ' ' || c >= '\u007f' || c is '\\' or '"' or '(' or ')' or ';')
            {
                return $"hostmaster \"{NameRules.Display(hostmaster)}\" has an invalid character {NameRules.DescribeChar(c)} in its local part";
            }
        }
        if (local.Length > NameRules.MaxLabelOctets) return $"hostmaster local part is longer than {NameRules.MaxLabelOctets} octets";
        var domain = hostmaster[(at + 1)..];
        var domainProblem = NameRules.Reason(domain, NameUse.Zone);
        if (domainProblem is not null) return $"invalid hostmaster \"{NameRules.Display(hostmaster)}\": {domainProblem}";
        return local.Length + 1 + domain.Length + 2 > NameRules.MaxNameOctets
            ? $"hostmaster is longer than {NameRules.MaxNameOctets - 2} octets"
            : null;
    }

    /// <summary>Owner, zone, type and TTL of a record, without its answers or JSON members.</summary>
    internal static string? ValidateRecordHeader(DnsRecord record)
    {
        var zoneProblem = ValidateZoneName(record.Zone);
        if (zoneProblem is not null) return zoneProblem;
        var domainProblem = NameRules.Check(record.Domain, "domain", NameUse.Owner);
        if (domainProblem is not null) return domainProblem;
        if (!DnsNames.IsInZone(record.Domain, record.Zone)) return $"domain {record.Domain} is not in zone {record.Zone}";
        if (record.Type == RecordTypes.SOA) return "SOA records cannot be created; the SOA is generated from the zone settings";
        if (!RecordTypes.IsSupported(record.Type ?? string.Empty)) return $"unsupported record type \"{record.Type}\"";
        return CheckTtl(record.Ttl, "ttl");
    }

    private static string? CheckLinkAndAnswers(DnsRecord record)
    {
        var answers = record.Answers.IsDefault ? ImmutableArray<DnsAnswer>.Empty : record.Answers;
        if (record.Link is not null)
        {
            var linkProblem = NameRules.Check(record.Link, "link", NameUse.Target);
            if (linkProblem is not null) return linkProblem;
            if (string.Equals(NameRules.Canonical(record.Link), record.Domain, StringComparison.OrdinalIgnoreCase))
            {
                return "a record cannot link to itself";
            }
            return answers.IsEmpty ? null : "a linked record cannot have answers of its own";
        }
        if (answers.IsEmpty) return "a record needs at least one answer";
        if (record.Type == RecordTypes.CNAME && answers.Length > 1) return "a CNAME record must have exactly one answer";
        if (answers.Length > MaxAnswers) return $"a record can have at most {MaxAnswers} answers";

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Length; i++)
        {
            var answer = answers[i];
            if (answer is null) return $"answer {i + 1} is empty";
            var fields = answer.Rdata.IsDefault ? ImmutableArray<string>.Empty : answer.Rdata;
            var where = $" in answer {i + 1}";
            var problem = RdataRules.Validate(record.Type, fields, where);
            if (problem is not null) return problem;
            if (answer.MetaJson is not null && JsonRules.RequireObject(answer.MetaJson, "meta") is not null)
            {
                return $"meta of answer {i + 1} must be a JSON object";
            }
            var metaProblem = MetaParser.Parse(answer.MetaJson, out _);
            if (metaProblem is not null) return $"answer {i + 1}: {metaProblem}";
            var key = RdataRules.CanonicalKey(record.Type, fields);
            if (seen.TryGetValue(key, out var first))
            {
                return $"duplicate answer \"{NameRules.Display(string.Join(' ', fields))}\" (answers {first + 1} and {i + 1})";
            }
            seen[key] = i;
        }
        return null;
    }

    private static string? CheckMetaSize(DnsRecord record)
    {
        long bytes = Utf8Length(record.MetaJson) + Utf8Length(record.RegionsJson);
        if (!record.Answers.IsDefault)
        {
            foreach (var answer in record.Answers) bytes += Utf8Length(answer?.MetaJson);
        }
        return bytes > MaxMetaBytes
            ? $"the meta of a record (record, regions and answers together) can be at most {MaxMetaBytes} bytes; this one has {bytes}"
            : null;
    }

    private static int Utf8Length(string? json) => json is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(json);

    private static string? CheckFilterChain(DnsRecord record)
    {
        var problem = FilterChainParser.Parse(record.FiltersJson, out var chain) ?? FilterChainParser.CheckRecordType(chain, record.Type);
        if (problem is not null) return problem;
        return !chain.IsEmpty && !record.Answers.IsDefault && record.Answers.Length > MaxSteeredAnswers
            ? $"a record with a filter chain can have at most {MaxSteeredAnswers} answers"
            : null;
    }

    private static string? CheckDnsServers(ImmutableArray<string> servers)
    {
        if (servers.IsDefault) return null;
        foreach (var server in servers)
        {
            var problem = NameRules.Check(server, "dns_servers entry", NameUse.Target);
            if (problem is not null) return problem;
        }
        return null;
    }

    private static string? CheckNetworks(ImmutableArray<int> networks) =>
        !networks.IsDefault && networks.Any(n => n < 0) ? "networks must be non-negative integers" : null;
}
