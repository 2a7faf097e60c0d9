using System.Collections.Immutable;
using Vantage.Model;
using Vantage.Validation;

namespace Vantage.ZoneFiles;

/// <summary>
/// Reads a master file entry by entry: directives, RR headers (owner, TTL, class in either order, type),
/// the SOA into zone settings, and the other RRs into record sets. Stops at the first error.
/// </summary>
internal sealed class ZoneFileReader
{
    private readonly string _zone;
    private readonly RecordSetCollector _sets;
    private string _origin;
    private int? _defaultTtl;
    private int? _lastExplicitTtl;
    private string? _previousOwner;
    private SoaData? _soa;

    private ZoneFileReader(string zone, int expectedSets)
    {
        _zone = zone;
        _origin = zone;
        _sets = new RecordSetCollector(zone, expectedSets);
    }

    /// <summary>SOA values as read from the file.</summary>
    private sealed record SoaData(int Line, int Ttl, string Mname, string Hostmaster, uint Serial, int Refresh, int Retry, int Expiry, int Minimum);

    public static ZoneFileParseResult Read(string text, string zone)
    {
        // About one record set per line in big zones: sizing the tables once spares rehashing a million entries (capped,
        // so that a file of blank lines cannot make them huge).
        var reader = new ZoneFileReader(zone, Math.Min(text.AsSpan().Count('\n') + 1, 1 << 20));
        var lexer = new ZoneLexer(text);
        while (lexer.Next() is { } entry)
        {
            var error = reader.ReadEntry(entry);
            if (error is not null) return Failed(entry.Line, error);
        }
        if (lexer.Error is not null) return Failed(lexer.ErrorLine, lexer.Error);
        return reader.Finish();
    }

    private static ZoneFileParseResult Failed(int line, string message) =>
        new() { Error = $"line {line}: {message}", ErrorLine = line };

    private string? ReadEntry(ZoneEntry entry)
    {
        var first = entry.Tokens[0];
        if (!first.Quoted && first.Text.StartsWith('$')) return ReadDirective(entry);
        return ReadRecord(entry);
    }

    private string? ReadDirective(ZoneEntry entry)
    {
        var name = entry.Tokens[0].Text.ToUpperInvariant();
        var args = entry.Tokens.Skip(1).ToList();
        switch (name)
        {
            case "$ORIGIN":
                if (args.Count != 1) return "$ORIGIN needs exactly one name";
                if (!ZoneNames.TryResolve(args[0], _origin, out var origin, out var error)) return error;
                if (origin != ZoneNames.Root)
                {
                    var problem = NameRules.Check(origin, "$ORIGIN", NameUse.Zone);
                    if (problem is not null) return problem;
                }
                _origin = origin;
                return null;
            case "$TTL":
                if (args.Count != 1) return "$TTL needs exactly one TTL value";
                if (args[0].Quoted || !PresentationText.TryParseTtl(args[0].Text, out var ttl)) return InvalidTtl(args[0].Text);
                _defaultTtl = ttl;
                return null;
            case "$INCLUDE":
                return "$INCLUDE is not supported; put the included records into the file itself";
            case "$GENERATE":
                return "$GENERATE is not supported; write the generated records out";
            default:
                return $"unknown directive \"{Short(entry.Tokens[0].Text)}\"";
        }
    }

    private string? ReadRecord(ZoneEntry entry)
    {
        var tokens = entry.Tokens;
        var index = 0;
        string owner;
        if (entry.OwnerOmitted)
        {
            if (_previousOwner is null) return "the first record has no owner name";
            owner = _previousOwner;
        }
        else
        {
            if (!ZoneNames.TryResolve(tokens[0], _origin, out owner, out var nameError)) return nameError;
            index = 1;
        }
        _previousOwner = owner;

        int? explicitTtl = null;
        var sawClass = false;
        while (index < tokens.Count && !tokens[index].Quoted)
        {
            var text = tokens[index].Text;
            if (IsClass(text))
            {
                if (sawClass) return "the class is given twice";
                if (!text.Equals("IN", StringComparison.OrdinalIgnoreCase)) return $"class {text.ToUpperInvariant()} is not supported (only IN)";
                sawClass = true;
            }
            else if (char.IsAsciiDigit(text[0]) && explicitTtl is null)
            {
                if (!PresentationText.TryParseTtl(text, out var ttl)) return InvalidTtl(text);
                explicitTtl = ttl;
            }
            else
            {
                break;
            }
            index++;
        }
        if (index >= tokens.Count) return "the record type is missing";
        if (tokens[index].Quoted) return $"expected a record type, got the quoted string \"{Short(tokens[index].Text)}\"";
        var type = tokens[index].Text.ToUpperInvariant();
        var rdata = tokens.Skip(index + 1).ToList();
        if (explicitTtl is not null) _lastExplicitTtl = explicitTtl;

        if (type == RecordTypes.SOA) return ReadSoa(entry.Line, owner, explicitTtl, rdata);
        if (!RecordTypes.IsSupported(type)) return UnsupportedType(type);
        var recordTtl = explicitTtl ?? _defaultTtl ?? _soa?.Minimum ?? _lastExplicitTtl;
        if (recordTtl is null) return "the record has no TTL and no $TTL is in effect";
        if (!RdataReader.TryRead(type, rdata, _origin, out var fields, out var rdataError)) return rdataError;
        return _sets.Add(entry.Line, owner, type, recordTtl.Value, fields);
    }

    private string? ReadSoa(int line, string owner, int? explicitTtl, List<ZoneToken> rdata)
    {
        if (_soa is not null) return $"more than one SOA record (the first is on line {_soa.Line})";
        if (owner != _zone) return $"the SOA record must be at the zone apex {_zone}, not at {owner}";
        if (rdata.Count != 7) return $"SOA needs 7 fields (mname, rname, serial, refresh, retry, expire, minimum), got {rdata.Count}";
        if (!ZoneNames.TryResolve(rdata[0], _origin, out var mname, out var error)) return error;
        var mnameProblem = NameRules.Check(mname, "SOA mname", NameUse.Target);
        if (mnameProblem is not null) return mnameProblem;
        if (!ZoneNames.TryMailbox(rdata[1], _origin, out var hostmaster, out error)) return error;
        var hostmasterProblem = RecordValidator.ValidateHostmaster(hostmaster);
        if (hostmasterProblem is not null) return $"SOA rname: {hostmasterProblem}";
        if (rdata[2].Quoted || !RdataRules.TryParseUInt(rdata[2].Text, uint.MaxValue, out var serial))
        {
            return $"SOA serial must be an integer 0..{uint.MaxValue}, got \"{Short(rdata[2].Text)}\"";
        }
        string[] timerNames = ["refresh", "retry", "expire", "minimum"];
        var timers = new int[4];
        for (var i = 0; i < 4; i++)
        {
            var token = rdata[3 + i];
            if (token.Quoted || !PresentationText.TryParseTtl(token.Text, out timers[i]))
            {
                return $"invalid SOA {timerNames[i]} \"{Short(token.Text)}\" (seconds 0..{RecordValidator.MaxTtl}, or units like 1h)";
            }
        }
        var ttl = explicitTtl ?? _defaultTtl ?? timers[3];
        _soa = new SoaData(line, ttl, mname, hostmaster, (uint)serial, timers[0], timers[1], timers[2], timers[3]);
        return null;
    }

    private ZoneFileParseResult Finish()
    {
        var built = _sets.Build();
        if (built.Error is not null) return Failed(built.ErrorLine, built.Error);
        var settings = new ZonePatch();
        if (_soa is not null)
        {
            settings = settings with
            {
                Ttl = _soa.Ttl,
                NxTtl = _soa.Minimum,
                Refresh = _soa.Refresh,
                Retry = _soa.Retry,
                Expiry = _soa.Expiry,
                Serial = _soa.Serial,
                Hostmaster = _soa.Hostmaster,
            };
        }
        var apexNs = built.Records.FirstOrDefault(r => r.Domain == _zone && r.Type == RecordTypes.NS);
        var servers = apexNs?.Answers.Select(a => a.Rdata[0]).ToList() ?? [];
        if (_soa is not null)
        {
            servers.Remove(_soa.Mname);
            if (apexNs is null || apexNs.Answers.Any(a => a.Rdata[0] == _soa.Mname)) servers.Insert(0, _soa.Mname);
        }
        if (servers.Count > 0) settings = settings with { DnsServers = servers.ToImmutableArray() };
        return new ZoneFileParseResult { Settings = settings, Records = built.Records };
    }

    private static bool IsClass(string text) =>
        text.ToUpperInvariant() is "IN" or "CH" or "CS" or "HS" or "NONE" or "ANY"
        || (text.Length > 5 && text.StartsWith("CLASS", StringComparison.OrdinalIgnoreCase) && text[5..].All(char.IsAsciiDigit));

    private static string UnsupportedType(string type)
    {
        if (type.Length > 4 && type.StartsWith("TYPE", StringComparison.Ordinal) && type[4..].All(char.IsAsciiDigit)
            && ushort.TryParse(type[4..], out var code))
        {
            var known = RecordTypes.Supported.FirstOrDefault(p => p.Value == code).Key;
            if (known is not null) return $"unsupported record type \"{type}\" (generic type syntax is not supported; write {known})";
        }
        return $"unsupported record type \"{Short(type)}\"";
    }

    private static string InvalidTtl(string text) =>
        $"invalid TTL \"{Short(text)}\" (seconds 0..{RecordValidator.MaxTtl}, or units like 1h, 2d)";

    private static string Short(string text) => NameRules.Display(text);
}
