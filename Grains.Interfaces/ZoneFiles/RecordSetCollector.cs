using System.Collections.Immutable;
using Vantage.Model;
using Vantage.Validation;

namespace Vantage.ZoneFiles;

/// <summary>
/// Groups master-file RRs into record sets by (owner, type), checking each RR as it arrives so that an
/// error points at the line that caused it. A set's TTL is the smallest TTL of its RRs (NS1 keeps one TTL
/// per record set; RFC 2181 §5.2 forbids differing TTLs inside an RRset and suggests treating them so).
/// </summary>
internal sealed class RecordSetCollector(string zone, int expectedSets = 0)
{
    private sealed class SetBuilder(int line, string owner, string type, int ttl, ImmutableArray<string> fields, string key)
    {
        public int Line { get; } = line;
        public string Owner { get; } = owner;
        public string Type { get; } = type;
        public int Ttl { get; set; } = ttl;
        public ImmutableArray<string> FirstFields { get; } = fields;
        public string FirstKey { get; } = key;
        /// <summary>Answers after the first (most sets of a big zone have one answer: no list for them).</summary>
        public List<(ImmutableArray<string> Fields, string Key, int Line)>? More { get; set; }

        public int Count => 1 + (More?.Count ?? 0);
    }

    private readonly List<SetBuilder> _order = new(expectedSets);
    private readonly Dictionary<string, SetBuilder> _byKey = new(expectedSets, StringComparer.Ordinal);
    /// <summary>
    /// Per owner name, the placeholder of its first set; owners with more than one set also get a map of all of them
    /// (for the coexistence rules only same-name sets matter, and a name with a single set cannot conflict).
    /// </summary>
    private readonly Dictionary<string, DnsRecord> _firstAtOwner = new(expectedSets, StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, DnsRecord>> _manyAtOwner = new(StringComparer.Ordinal);
    private readonly IdSource _ids = new();

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
            if (set.FirstKey == answerKey) return Duplicate(fields, set.Line);
            var duplicate = set.More?.FindIndex(a => a.Key == answerKey) ?? -1;
            if (duplicate >= 0) return Duplicate(fields, set.More![duplicate].Line);
            set.Ttl = Math.Min(set.Ttl, ttl);
            (set.More ??= []).Add((fields, answerKey, line));
            return null;
        }

        var empty = (IReadOnlyDictionary<string, DnsRecord>)ImmutableDictionary<string, DnsRecord>.Empty;
        if (_firstAtOwner.TryGetValue(owner, out var first))
        {
            if (!_manyAtOwner.TryGetValue(owner, out var atOwner))
            {
                atOwner = new Dictionary<string, DnsRecord>(StringComparer.Ordinal) { [RecordKey.Of(first.Domain, first.Type)] = first };
                _manyAtOwner[owner] = atOwner;
            }
            var coexistence = RecordValidator.ValidateCoexistence(atOwner, single);
            if (coexistence is not null) return coexistence;
            atOwner[key] = single;
        }
        else
        {
            // Only the apex rule can refuse the first set at a name.
            if (type == RecordTypes.CNAME && RecordValidator.ValidateCoexistence(empty, single) is { } apex) return apex;
            _firstAtOwner[owner] = single;
        }
        set = new SetBuilder(line, owner, type, ttl, fields, answerKey);
        _byKey[key] = set;
        _order.Add(set);
        return null;
    }

    private static string Duplicate(ImmutableArray<string> fields, int line) =>
        $"duplicate answer \"{NameRules.Display(string.Join(' ', fields))}\" (same as line {line})";

    /// <summary>The record sets in file order, with fresh ids, each validated as a whole.</summary>
    /// <remarks>
    /// Every RR was checked on its own as it arrived (owner, type, TTL, RDATA, duplicates, one CNAME); what is left are
    /// the rules of a whole set, which only a set of several answers can break. The other members (meta, regions,
    /// filters, feeds) are the defaults, valid by construction.
    /// </remarks>
    public (ImmutableArray<DnsRecord> Records, string? Error, int ErrorLine) Build()
    {
        var records = ImmutableArray.CreateBuilder<DnsRecord>(_order.Count);
        foreach (var set in _order)
        {
            var answers = ImmutableArray.CreateBuilder<DnsAnswer>(set.Count);
            answers.Add(new DnsAnswer { Id = _ids.Next(), Rdata = set.FirstFields });
            if (set.More is not null)
            {
                foreach (var more in set.More) answers.Add(new DnsAnswer { Id = _ids.Next(), Rdata = more.Fields });
            }
            var record = new DnsRecord
            {
                Id = _ids.Next(),
                Zone = zone,
                Domain = set.Owner,
                Type = set.Type,
                Ttl = set.Ttl,
                Answers = answers.MoveToImmutable(),
            };
            if (set.More is not null && RecordValidator.ValidateRecord(record) is { } problem)
                return (ImmutableArray<DnsRecord>.Empty, problem, set.Line);
            records.Add(record);
        }
        return (records.MoveToImmutable(), null, 0);
    }
}

/// <summary>
/// NS1-style ids (24 lower-case hex digits, like <see cref="Ids.New"/>) drawn from one buffer of random bytes refilled
/// a few kilobytes at a time: a file of a million record sets needs two million of them.
/// </summary>
internal sealed class IdSource
{
    private const int IdBytes = 12;
    private readonly byte[] _buffer = new byte[IdBytes * 512];
    private int _offset = int.MaxValue;

    public string Next()
    {
        if (_offset > _buffer.Length - IdBytes)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(_buffer);
            _offset = 0;
        }
        var id = Convert.ToHexStringLower(_buffer, _offset, IdBytes);
        _offset += IdBytes;
        return id;
    }
}
