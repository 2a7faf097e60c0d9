using System.Collections.Immutable;
using Vantage.Validation;

namespace Vantage.ZoneFiles;

/// <summary>Turns the RDATA tokens of one master-file RR into <see cref="Model.DnsAnswer.Rdata"/> fields.</summary>
internal static class RdataReader
{
    /// <summary>
    /// Reads the fields of <paramref name="type"/>. Names become absolute and lower-case ("." stays "."),
    /// text fields are unescaped, TXT/SPF strings are joined where a 255-octet string continues in the next
    /// one (that is how a longer field is split on the wire). Field values are not validated here.
    /// </summary>
    public static bool TryRead(
        string type, IReadOnlyList<ZoneToken> tokens, string origin, out ImmutableArray<string> fields, out string? error)
    {
        fields = ImmutableArray<string>.Empty;
        if (tokens.Count > 0 && !tokens[0].Quoted && tokens[0].Text == "\\#")
        {
            error = "generic RDATA (\\#) is not supported; write the RDATA in the type's own format";
            return false;
        }
        if (RdataRules.IsTextType(type)) return TryReadText(type, tokens, out fields, out error);
        var specs = RdataRules.FieldsOf(type);
        if (specs is null)
        {
            error = $"unsupported record type \"{type}\"";
            return false;
        }
        var isDs = type == Model.RecordTypes.DS;
        if (tokens.Count != specs.Count && !(isDs && tokens.Count > specs.Count))
        {
            var names = string.Join(", ", specs.Select(s => s.Label));
            error = $"{type} record needs {specs.Count} RDATA fields ({names}), got {tokens.Count}";
            return false;
        }
        var builder = ImmutableArray.CreateBuilder<string>(specs.Count);
        for (var i = 0; i < specs.Count; i++)
        {
            var token = tokens[i];
            if (isDs && i == specs.Count - 1)
            {
                // RFC 4034 §5.3: the digest may be split by white space.
                builder.Add(string.Concat(tokens.Skip(i).Select(t => t.Text)));
                break;
            }
            string value;
            switch (specs[i].Kind)
            {
                case FieldKind.Name or FieldKind.NameOrRoot:
                    if (!ZoneNames.TryResolve(token, origin, out value, out error)) return false;
                    break;
                case FieldKind.CharacterString or FieldKind.Text:
                    var max = specs[i].Kind == FieldKind.CharacterString ? TextRules.MaxCharacterString : TextRules.MaxRdata;
                    if (!PresentationText.TryDecodeText(token.Text, max, out value, out var textError))
                    {
                        error = $"{type} {specs[i].Label}: {textError}";
                        return false;
                    }
                    break;
                default:
                    value = token.Text;
                    break;
            }
            builder.Add(value);
        }
        fields = builder.ToImmutable();
        error = null;
        return true;
    }

    private static bool TryReadText(string type, IReadOnlyList<ZoneToken> tokens, out ImmutableArray<string> fields, out string? error)
    {
        fields = ImmutableArray<string>.Empty;
        if (tokens.Count == 0)
        {
            error = $"malformed {type}: no text";
            return false;
        }
        var builder = ImmutableArray.CreateBuilder<string>();
        var field = new List<byte>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var before = field.Count;
            if (!PresentationText.TryDecodeOctets(tokens[i].Text, field, out var escapeError))
            {
                error = $"malformed {type}: {escapeError}";
                return false;
            }
            var length = field.Count - before;
            if (length > TextRules.MaxCharacterString)
            {
                error = $"malformed {type}: string {i + 1} is longer than {TextRules.MaxCharacterString} octets (split it into several quoted strings)";
                return false;
            }
            if (length == TextRules.MaxCharacterString && i + 1 < tokens.Count) continue;
            if (!PresentationText.TryUtf8(field, out var text, out var utf8Error))
            {
                error = $"malformed {type}: {utf8Error}";
                return false;
            }
            builder.Add(text);
            field.Clear();
        }
        fields = builder.ToImmutable();
        error = null;
        return true;
    }
}
