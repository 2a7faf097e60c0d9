using System.Globalization;

namespace Vantage.Bench.Propagation;

/// <summary>Nearest-rank percentiles over a set of latencies in milliseconds.</summary>
public sealed class Percentiles(IEnumerable<double> samples)
{
    private readonly double[] _sorted = samples.Order().ToArray();

    public int Count => _sorted.Length;

    public double At(double percent)
    {
        if (_sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percent / 100.0 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double Min => _sorted.Length == 0 ? double.NaN : _sorted[0];

    public double Mean => _sorted.Length == 0 ? double.NaN : _sorted.Average();

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"n={Count} min={Min:F1} p50={At(50):F1} p90={At(90):F1} p99={At(99):F1} max={Max:F1} mean={Mean:F1} ms");
}
