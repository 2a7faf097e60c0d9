using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vantage.Model;

namespace Vantage.EdgeDns.Zones;

/// <summary>
/// A digest of what a zone answers: SHA-256 over the sorted lines "domain type ttl rdata…", one per answer.
/// Independent of record order, answer ids and metadata, so the edge's store and the zone grain can be compared.
/// </summary>
public static class ZoneDigest
{
    public static string Of(IEnumerable<DnsRecord> records)
    {
        var lines = new List<string>();
        foreach (var record in records)
        {
            var ttl = record.Ttl.ToString(CultureInfo.InvariantCulture);
            foreach (var answer in record.Answers)
            {
                lines.Add(string.Join(' ', [record.Domain, record.Type, ttl, .. answer.Rdata]));
            }
        }
        lines.Sort(StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
