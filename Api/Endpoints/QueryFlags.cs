namespace Vantage.Api.Endpoints;

/// <summary>Boolean query parameters as NS1 clients send them (ns1-python sends <c>True</c>/<c>False</c>).</summary>
public static class QueryFlags
{
    public static bool Parse(string? value, string name, bool whenAbsent)
    {
        if (string.IsNullOrEmpty(value)) return whenAbsent;
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1") return true;
        if (value.Equals("false", StringComparison.OrdinalIgnoreCase) || value == "0") return false;
        throw Json.ApiRequestException.BadRequest($"{name} must be true or false");
    }
}
