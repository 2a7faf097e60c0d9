using System.Globalization;
using System.Text.Json;

namespace Vantage.Traffic;

/// <summary>
/// Reads the scalar forms real NS1 clients send: booleans as <c>true</c>, <c>"1"</c>, <c>1</c> or <c>"true"</c>;
/// numbers as JSON numbers or numeric strings (invariant culture).
/// </summary>
internal static class JsonScalars
{
    /// <summary>true/false, "1"/"0", "true"/"false" (any case), 1/0.</summary>
    public static bool TryBoolean(JsonElement value, out bool result)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                result = true;
                return true;
            case JsonValueKind.False:
                result = false;
                return true;
            case JsonValueKind.Number when value.TryGetDecimal(out var number) && number is 0 or 1:
                result = number == 1;
                return true;
            case JsonValueKind.String:
                var text = value.GetString();
                if (text is "1" || string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
                {
                    result = true;
                    return true;
                }
                if (text is "0" || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
                {
                    result = false;
                    return true;
                }
                break;
        }
        result = false;
        return false;
    }

    /// <summary>A finite number, from a JSON number or a numeric string.</summary>
    public static bool TryNumber(JsonElement value, out double result)
    {
        result = 0;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out result),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out result),
            _ => false,
        };
        return ok && double.IsFinite(result);
    }

    /// <summary>A whole number (no fraction), from a JSON number or an integer string; false when out of the long range.</summary>
    public static bool TryInteger(JsonElement value, out long result)
    {
        result = 0;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetInt64(out result)) return true;
                if (value.TryGetDecimal(out var d) && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue)
                {
                    result = (long)d;
                    return true;
                }
                return false;
            case JsonValueKind.String:
                return long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
            default:
                return false;
        }
    }

    /// <summary>A JSON number, string or boolean as option text: booleans "1"/"0", numbers in invariant form.</summary>
    public static string? OptionText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.Number => value.TryGetInt64(out var n)
            ? n.ToString(CultureInfo.InvariantCulture)
            : value.TryGetDouble(out var d) && double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : value.GetRawText(),
        _ => null,
    };
}
