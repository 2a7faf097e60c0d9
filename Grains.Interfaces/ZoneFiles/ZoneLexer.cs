using System.Text;

namespace Vantage.ZoneFiles;

/// <summary>A token of a master file. <see cref="Text"/> is raw: escapes are still in it, quotes are not.</summary>
internal readonly record struct ZoneToken(string Text, bool Quoted, int Line);

/// <summary>One logical entry (a directive or an RR), possibly spanning lines through parentheses.</summary>
internal sealed record ZoneEntry(int Line, bool OwnerOmitted, IReadOnlyList<ZoneToken> Tokens);

/// <summary>
/// Splits RFC 1035 §5.1 master-file text into entries: blanks separate tokens, ';' starts a comment
/// (outside quotes), '(' … ')' join lines, a line starting with a blank omits the owner, '\' escapes
/// the next character (kept in the token text for the reader to decode). Quoted strings end on the line
/// they start on.
/// </summary>
internal sealed class ZoneLexer(string text)
{
    private int _pos;
    private int _line = 1;
    private bool _atLineStart = true;

    /// <summary>The error that stopped the lexer, or null.</summary>
    public string? Error { get; private set; }

    public int ErrorLine { get; private set; }

    /// <summary>The next entry, or null at the end of the text or on an error (see <see cref="Error"/>).</summary>
    public ZoneEntry? Next()
    {
        if (Error is not null) return null;
        var tokens = new List<ZoneToken>();
        var depth = 0;
        var parenLine = 0;
        var ownerOmitted = false;
        while (true)
        {
            if (_pos >= text.Length)
            {
                if (depth > 0) return Fail(parenLine, "'(' is never closed by ')'");
                return tokens.Count > 0 ? Entry(tokens, ownerOmitted) : null;
            }
            var c = text[_pos];
            if (_atLineStart)
            {
                _atLineStart = false;
                if (depth == 0 && tokens.Count == 0) ownerOmitted = c is ' ' or '\t';
            }
            switch (c)
            {
                case '\n':
                    _pos++;
                    _line++;
                    _atLineStart = true;
                    if (depth == 0 && tokens.Count > 0) return Entry(tokens, ownerOmitted);
                    continue;
                case ' ' or '\t' or '\r':
                    _pos++;
                    continue;
                case ';':
                    while (_pos < text.Length && text[_pos] != '\n') _pos++;
                    continue;
                case '(':
                    if (depth == 0) parenLine = _line;
                    depth++;
                    _pos++;
                    continue;
                case ')':
                    if (depth == 0) return Fail(_line, "')' without a matching '('");
                    depth--;
                    _pos++;
                    continue;
                case '"':
                    if (!ReadQuoted(tokens)) return null;
                    continue;
                default:
                    if (!ReadUnquoted(tokens)) return null;
                    continue;
            }
        }
    }

    private ZoneEntry Entry(List<ZoneToken> tokens, bool ownerOmitted) => new(tokens[0].Line, ownerOmitted, tokens);

    private ZoneEntry? Fail(int line, string message)
    {
        Error = message;
        ErrorLine = line;
        return null;
    }

    private bool ReadQuoted(List<ZoneToken> tokens)
    {
        var startLine = _line;
        var sb = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= text.Length || text[_pos] == '\n')
            {
                Fail(startLine, "quoted string is not closed on the line it starts");
                return false;
            }
            var c = text[_pos];
            if (c == '"')
            {
                _pos++;
                tokens.Add(new ZoneToken(sb.ToString(), Quoted: true, startLine));
                return true;
            }
            if (c == '\\')
            {
                if (_pos + 1 >= text.Length || text[_pos + 1] == '\n')
                {
                    Fail(startLine, "quoted string is not closed on the line it starts");
                    return false;
                }
                sb.Append(c).Append(text[_pos + 1]);
                _pos += 2;
                continue;
            }
            sb.Append(c);
            _pos++;
        }
    }

    private bool ReadUnquoted(List<ZoneToken> tokens)
    {
        var startLine = _line;
        var start = _pos;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c is ' ' or '\t' or '\r' or '\n' or ';' or '(' or ')' or '"') break;
            if (c == '\\')
            {
                if (_pos + 1 >= text.Length || text[_pos + 1] is '\n' or '\r')
                {
                    Fail(startLine, "a backslash must be followed by a character");
                    return false;
                }
                _pos += 2;
                continue;
            }
            _pos++;
        }
        tokens.Add(new ZoneToken(text[start.._pos], Quoted: false, startLine));
        return true;
    }
}
