using System.Globalization;
using System.Net;

namespace Vantage.Bench.Propagation;

/// <summary><c>--name value</c> pairs after the command word; typed getters with defaults.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public BenchArgs(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                pending = arg[2..];
                _values[pending] = "";
            }
            else if (pending is not null)
            {
                _values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }
        }
    }

    public string String(string name, string fallback) =>
        _values.TryGetValue(name, out var v) && v.Length > 0 ? v : fallback;

    public string Required(string name) =>
        _values.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) && v.Length > 0 ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Seconds(string name, double fallback) =>
        TimeSpan.FromSeconds(_values.TryGetValue(name, out var v) && v.Length > 0 ? double.Parse(v, CultureInfo.InvariantCulture) : fallback);

    /// <summary>Comma-separated <c>host:port</c> list.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints(string name) =>
        Required(name).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => IPEndPoint.Parse(e)).ToArray();
}
