using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Vantage.Model;

namespace Vantage.Api.Json;

/// <summary>
/// Reads a record's <c>answers</c> in every form ns1-python accepts: a list of answer objects (canonical),
/// a list of RDATA field lists, a list of strings, or one string. The canonical <c>answer</c> array is kept
/// verbatim in <see cref="DnsAnswer.RdataJson"/>; fields become strings (numbers in invariant text).
/// </summary>
public static class AnswerRequest
{
    public static ImmutableArray<DnsAnswer>? Parse(JsonElement body, string type)
    {
        if (!body.TryGetProperty("answers", out var answers)) return null;
        return answers.ValueKind switch
        {
            JsonValueKind.Null => ImmutableArray<DnsAnswer>.Empty,
            JsonValueKind.String => [FromText(answers.GetString()!, type)],
            JsonValueKind.Array => [.. answers.EnumerateArray().Select((a, i) => One(a, i, type))],
            _ => throw ApiRequestException.BadRequest("answers must be an array"),
        };
    }

    private static DnsAnswer One(JsonElement answer, int index, string type) => answer.ValueKind switch
    {
        JsonValueKind.String => FromText(answer.GetString()!, type),
        JsonValueKind.Array => FromFields(answer, $"answers[{index}]") with { Id = Ids.New() },
        JsonValueKind.Object => FromObject(answer, index, type),
        _ => throw ApiRequestException.BadRequest($"answers[{index}] must be an object, an array or a string"),
    };

    private static DnsAnswer FromObject(JsonElement answer, int index, string type)
    {
        var path = $"answers[{index}]";
        if (!answer.TryGetProperty("answer", out var rdata))
            throw ApiRequestException.BadRequest($"{path}.answer is required");
        var parsed = rdata.ValueKind switch
        {
            JsonValueKind.Array => FromFields(rdata, path + ".answer"),
            JsonValueKind.String => FromText(rdata.GetString()!, type),
            _ => throw ApiRequestException.BadRequest($"{path}.answer must be an array"),
        };

        string? id = null;
        if (answer.TryGetProperty("id", out var sentId) && sentId.ValueKind != JsonValueKind.Null)
        {
            if (sentId.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(sentId.GetString()))
                throw ApiRequestException.BadRequest($"{path}.id must be a string");
            id = sentId.GetString();
        }

        string? meta = null;
        if (answer.TryGetProperty("meta", out var sentMeta) && sentMeta.ValueKind != JsonValueKind.Null)
        {
            if (sentMeta.ValueKind != JsonValueKind.Object)
                throw ApiRequestException.BadRequest($"{path}.meta must be a JSON object");
            meta = sentMeta.GetRawText();
        }

        string? region = null;
        if (answer.TryGetProperty("region", out var sentRegion) && sentRegion.ValueKind != JsonValueKind.Null)
        {
            if (sentRegion.ValueKind != JsonValueKind.String)
                throw ApiRequestException.BadRequest($"{path}.region must be a string");
            region = sentRegion.GetString();
        }

        return parsed with { Id = id ?? Ids.New(), MetaJson = meta, Region = region };
    }

    /// <summary>An RDATA field array: strings stay, numbers become their JSON text; the array is kept verbatim.</summary>
    private static DnsAnswer FromFields(JsonElement fields, string path)
    {
        var rdata = ImmutableArray.CreateBuilder<string>(fields.GetArrayLength());
        var index = 0;
        foreach (var field in fields.EnumerateArray())
        {
            rdata.Add(field.ValueKind switch
            {
                JsonValueKind.String => field.GetString()!,
                JsonValueKind.Number => field.GetRawText(),
                _ => throw ApiRequestException.BadRequest($"{path}[{index}] must be a string or a number"),
            });
            index++;
        }
        return new DnsAnswer { Id = "", Rdata = rdata.MoveToImmutable(), RdataJson = fields.GetRawText() };
    }

    /// <summary>
    /// An answer given as presentation text, split into fields on blanks (double quotes group a field).
    /// TXT and SPF text is one field.
    /// </summary>
    private static DnsAnswer FromText(string text, string type)
    {
        ImmutableArray<string> rdata = type is RecordTypes.TXT or RecordTypes.SPF ? [text] : SplitFields(text);
        return new DnsAnswer { Id = Ids.New(), Rdata = rdata };
    }

    internal static ImmutableArray<string> SplitFields(string text)
    {
        var fields = ImmutableArray.CreateBuilder<string>();
        var current = new StringBuilder();
        var quoted = false;
        var inField = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
                inField = true;
            }
            else if (!quoted && char.IsWhiteSpace(c))
            {
                if (inField) fields.Add(current.ToString());
                current.Clear();
                inField = false;
            }
            else
            {
                current.Append(c);
                inField = true;
            }
        }
        if (quoted) throw ApiRequestException.BadRequest($"answer \"{text}\" has an unterminated quote");
        if (inField) fields.Add(current.ToString());
        return fields.ToImmutable();
    }
}
