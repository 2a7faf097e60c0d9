using System.Security.Cryptography;

namespace Vantage.Model;

/// <summary>NS1-style identifiers: 24 lower-case hex digits, from the system's cryptographic generator.</summary>
public static class Ids
{
    private const int IdBytes = 12;

    /// <summary>Random bytes fetched a block at a time: an import assigns ids to millions of answers.</summary>
    [ThreadStatic] private static byte[]? block;
    [ThreadStatic] private static int used;

    public static string New()
    {
        var buffer = block ??= new byte[IdBytes * 256];
        if (used == 0 || used + IdBytes > buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            used = 0;
        }
        var id = Convert.ToHexStringLower(buffer, used, IdBytes);
        used += IdBytes;
        return id;
    }
}
