using System.Collections.Immutable;
using Vantage.Model;
using Vantage.Validation;

namespace Vantage.ZoneFiles;

/// <summary>
/// Groups master-file RRs into record sets by (owner, type), checking each RR as it arrives so that an
/// error points at the line that caused it. A set's TTL is the smallest TTL of its RRs (NS1 keeps one TTL
/// per record set; RFC 2181 §5.2 forbids differing TTLs inside an RRset and suggests treating them so).
/// </summary>
internal sealed class RecordSetCollector(string zone)
{
    private sealed class SetBuilder(int line, string owner, string type, int ttl)
    {
        public int Line { get; } = line;
        public string Owner { get; } = owner;
        public string Type { get; } = type;
        public int Ttl { get; set; } = ttl;
        public List<(ImmutableArray<string> Fields, string Key, int Line)> Answers { get; } = [];
    }

    private readonly List<SetBuilder> _order = [];
    private readonly Dictionary<string, SetBuilder> _byKey = new(StringComparer.Ordinal);
    /// <summary>Per owner name, one placeholder record per set, for the coexistence rules (only same-name sets matter).</summary>
    private readonly Dictionary<string, Dictionary<string, DnsRecord>> _byOwner = new(StringComparer.Ordinal);

    /// <summary>Adds one RR; returns the problem with it, or null.</summary>
    public string? Add(int line, string owner, string type, int ttl, ImmutableArray<string> fields)
    {
        var single = new DnsRecord
        {
            Id = string.Empty,
            Zone = zone,
            Domain = owner,
            Type = type,
            Ttl = ttl,
            Answers = [new DnsAnswer { Id = string.Empty, Rdata = fields }],
        };
        var problem = RecordValidator.ValidateRecordHeader(single) ?? RdataRules.Validate(type, fields, string.Empty);
        if (problem is not null) return problem;

        var key = RecordKey.Of(owner, type);
        var answerKey = RdataRules.CanonicalKey(type, fields);
        if (_byKey.TryGetValue(key, out var set))
        {
            if (type == RecordTypes.CNAME) return $"more than one CNAME record at {owner} (the first is on line {set.Line})";
            var duplicate = set.Answers.FindIndex(a => a.Key == answerKey);
            if (duplicate >= 0) return $"duplicate answer \"{NameRules.Display(string.Join(' ', fields))}\" (same as line {set.Answers[duplicate].Line})";
            set.Ttl = Math.Min(set.Ttl, ttl);
            set.Answers.Add((fields, answerKey, line));
            return null;
        }

        if (!_byOwner.TryGetValue(owner, out var atOwner))
        {
            atOwner = new Dictionary<string, DnsRecord>(StringComparer.Ordinal);
            _byOwner[owner] = atOwner;
        }
        var coexistence = RecordValidator.ValidateCoexistence(atOwner, single);
        if (coexistence is not null) return coexistence;
        set = new SetBuilder(line, owner, type, ttl);
        set.Answers.Add((fields, answerKey, line));
        _byKey[key] = set;
        _order.Add(set);
        atOwner[key] = single;
        return null;
    }

    /// <summary>The record sets in file order, with fresh ids, each validated as a whole.</summary>
    public (ImmutableArray<DnsRecord> Records, string? Error, int ErrorLine) Build()
    {
        var records = ImmutableArray.CreateBuilder<DnsRecord>(_order.Count);
        foreach (var set in _order)
        {
            var record = new DnsRecord
            {
                Id = Ids.New(),
                Zone = zone,
                Domain = set.Owner,
                Type = set.Type,
                Ttl = set.Ttl,
                Answers = set.Answers.Select(a => new DnsAnswer { Id = Ids.New(), Rdata = a.Fields }).ToImmutableArray(),
            };
            var problem = RecordValidator.ValidateRecord(record);
            if (problem is not null) return (ImmutableArray<DnsRecord>.Empty, problem, set.Line);
            records.Add(record);
        }
        return (records.ToImmutable(), null, 0);
    }
}
