using System.Globalization;
using System.Text;
using Vantage.Events;
using Vantage.Model;
using Vantage.Validation;

namespace Vantage.ZoneFiles;

public static class ZoneFileWriter
{
    /// <summary>Writes the zone (SOA first, then every record set) as a BIND master file with absolute names.</summary>
    /// <remarks>
    /// Record sets are ordered apex first, then by name in DNS order (labels compared right to left), then
    /// by type. Linked records have no RDATA of their own and are written as comments.
    /// </remarks>
    public static string Write(ZoneSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var settings = snapshot.Settings;
        var sb = new StringBuilder();
        WriteHeader(sb, settings);
        var records = snapshot.Records.IsDefault ? [] : snapshot.Records.Where(r => r is not null).ToList();
        records.Sort((a, b) => Compare(a, b, settings.Name));
        foreach (var record in records) WriteRecord(sb, record);
        return sb.ToString();
    }

    /// <summary>The start of the file: <c>$ORIGIN</c> and the SOA built from <paramref name="settings"/>.</summary>
    /// <remarks>With <see cref="WriteRecord"/> this writes a zone of any size piece by piece, in whatever order its record sets come.</remarks>
    public static void WriteHeader(StringBuilder sb, ZoneSettings settings)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(settings);
        var zone = settings.Name;
        sb.Append("$ORIGIN ").Append(Absolute(zone)).Append('\n');
        var soa = Soa.Rdata(settings);
        sb.Append(Absolute(zone)).Append(' ').Append(settings.Ttl.ToString(CultureInfo.InvariantCulture))
            .Append(" IN SOA ").Append(Absolute(soa[0])).Append(' ').Append(AbsoluteMailbox(soa[1]));
        for (var i = 2; i < soa.Length; i++) sb.Append(' ').Append(soa[i]);
        sb.Append('\n');
    }

    /// <summary>One record set: a line per answer with absolute names (a linked record as a comment).</summary>
    public static void WriteRecord(StringBuilder sb, DnsRecord record)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(record);
        var owner = Absolute(record.Domain);
        if (record.Link is not null)
        {
            sb.Append("; ").Append(owner).Append(' ').Append(record.Type).Append(" is linked to ")
                .Append(record.Link).Append(" and has no data of its own\n");
            return;
        }
        if (record.Answers.IsDefaultOrEmpty) return;
        var ttl = record.Ttl.ToString(CultureInfo.InvariantCulture);
        foreach (var answer in record.Answers)
        {
            if (answer is null) continue;
            sb.Append(owner).Append(' ').Append(ttl).Append(" IN ").Append(record.Type);
            var fields = answer.Rdata.IsDefault ? [] : answer.Rdata;
            if (RdataRules.IsTextType(record.Type)) AppendTextFields(sb, fields);
            else AppendFields(sb, record.Type, fields);
            sb.Append('\n');
        }
    }

    private static void AppendFields(StringBuilder sb, string type, IReadOnlyList<string> fields)
    {
        var specs = RdataRules.FieldsOf(type);
        for (var i = 0; i < fields.Count; i++)
        {
            var value = fields[i] ?? string.Empty;
            var kind = specs is not null && i < specs.Count ? specs[i].Kind : FieldKind.Text;
            sb.Append(' ');
            switch (kind)
            {
                case FieldKind.Name or FieldKind.NameOrRoot:
                    sb.Append(Absolute(value));
                    break;
                case FieldKind.CharacterString or FieldKind.Text:
                    PresentationText.AppendQuoted(sb, Encoding.UTF8.GetBytes(value));
                    break;
                default:
                    sb.Append(value);
                    break;
            }
        }
    }

    /// <summary>Each field as one or more quoted strings of at most 255 octets.</summary>
    private static void AppendTextFields(StringBuilder sb, IReadOnlyList<string> fields)
    {
        foreach (var field in fields)
        {
            var octets = Encoding.UTF8.GetBytes(field ?? string.Empty);
            var offset = 0;
            do
            {
                var length = Math.Min(TextRules.MaxCharacterString, octets.Length - offset);
                sb.Append(' ');
                PresentationText.AppendQuoted(sb, octets.AsSpan(offset, length));
                offset += length;
            }
            while (offset < octets.Length);
        }
    }

    /// <summary>Apex first, then names in DNS order (labels right to left), then type.</summary>
    private static int Compare(DnsRecord a, DnsRecord b, string zone)
    {
        var apexA = a.Domain == zone;
        var apexB = b.Domain == zone;
        if (apexA != apexB) return apexA ? -1 : 1;
        var byName = CompareNames(a.Domain, b.Domain);
        return byName != 0 ? byName : string.CompareOrdinal(a.Type, b.Type);
    }

    private static int CompareNames(string a, string b)
    {
        var la = a.Split('.');
        var lb = b.Split('.');
        for (int i = la.Length - 1, j = lb.Length - 1; i >= 0 && j >= 0; i--, j--)
        {
            var c = string.CompareOrdinal(la[i], lb[j]);
            if (c != 0) return c;
        }
        return la.Length.CompareTo(lb.Length);
    }

    /// <summary>A name with its trailing dot; characters that would need quoting are written as \DDD.</summary>
    private static string Absolute(string name)
    {
        if (string.IsNullOrEmpty(name) || name == ".") return ".";
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        return EscapeName(trimmed) + ".";
    }

    /// <summary>An SOA RNAME as <see cref="Soa.ResponsibleName"/> gives it (its "\." escapes kept), made absolute.</summary>
    private static string AbsoluteMailbox(string rname) => rname.EndsWith('.') ? rname : rname + ".";

    private static string EscapeName(string name)
    {
        if (name.All(c => NameRules.IsLabelChar(c) || c is '.' or '*')) return name;
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            if (NameRules.IsLabelChar(c) || c is '.' or '*')
            {
                sb.Append(c);
                continue;
            }
            foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
            {
                sb.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }
}
