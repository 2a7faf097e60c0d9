using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vantage.EdgeDns.Defense;

/// <summary>
/// DNS Cookies (RFC 7873) with interoperable server cookies (RFC 9018): version 1, three reserved octets, a 32-bit
/// timestamp and SipHash-2-4(client cookie | version | reserved | timestamp | client IP) under a secret that every
/// edge shares, so a cookie one edge handed out is valid at all of them.
/// </summary>
public sealed class DnsCookies
{
    public const int ClientCookieLength = 8;
    public const int ServerCookieLength = 16;
    /// <summary>The option data of a response: client cookie and our server cookie.</summary>
    public const int OptionLength = ClientCookieLength + ServerCookieLength;
    /// <summary>RFC 9018 §4.3: a cookie is accepted for an hour, and up to five minutes from the future (clock skew).</summary>
    private const long MaxAgeSeconds = 3600;
    private const long MaxFutureSeconds = 300;

    private readonly ulong k0;
    private readonly ulong k1;
    private readonly TimeProvider time;

    public DnsCookies(ReadOnlySpan<byte> secret, TimeProvider time)
    {
        if (secret.Length != 16) throw new ArgumentException("the cookie secret is 16 bytes", nameof(secret));
        k0 = BinaryPrimitives.ReadUInt64LittleEndian(secret);
        k1 = BinaryPrimitives.ReadUInt64LittleEndian(secret[8..]);
        this.time = time;
    }

    /// <summary>Parses <c>Vantage:Edge:Cookies:Secret</c>: 32 hex digits; empty gives a random secret for this process.</summary>
    public static byte[] ParseSecret(string? hex)
    {
        if (string.IsNullOrWhiteSpace(hex)) return RandomNumberGenerator.GetBytes(16);
        var bytes = Convert.FromHexString(hex.Trim());
        if (bytes.Length != 16) throw new FormatException("the cookie secret is 32 hex digits");
        return bytes;
    }

    public static bool IsValidSecret(string? hex)
    {
        if (string.IsNullOrWhiteSpace(hex)) return true;
        try
        {
            return Convert.FromHexString(hex.Trim()).Length == 16;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private uint Now => (uint)time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// True when <paramref name="option"/> (the COOKIE option data of a query) holds a server cookie this edge
    /// (or any edge with the same secret) made for this client cookie and address within the last hour.
    /// </summary>
    public bool IsValid(ReadOnlySpan<byte> option, ReadOnlySpan<byte> client)
    {
        if (option.Length != OptionLength) return false;
        var server = option[ClientCookieLength..];
        if (server[0] != 1 || server[1] != 0 || server[2] != 0 || server[3] != 0) return false;
        var stamp = BinaryPrimitives.ReadUInt32BigEndian(server[4..]);
        // Serial-number arithmetic (RFC 1982) on the 32-bit timestamp.
        var age = (long)(int)(Now - stamp);
        if (age > MaxAgeSeconds || age < -MaxFutureSeconds) return false;
        Span<byte> expected = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(expected, Hash(option[..ClientCookieLength], stamp, client));
        return CryptographicOperations.FixedTimeEquals(expected, server[8..]);
    }

    /// <summary>Writes the response option data: the client cookie and a fresh server cookie for it.</summary>
    public void Write(ReadOnlySpan<byte> clientCookie, ReadOnlySpan<byte> client, Span<byte> destination)
    {
        var stamp = Now;
        clientCookie[..ClientCookieLength].CopyTo(destination);
        var server = destination[ClientCookieLength..];
        server[0] = 1;
        server[1] = server[2] = server[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(server[4..], stamp);
        BinaryPrimitives.WriteUInt64LittleEndian(server[8..], Hash(clientCookie[..ClientCookieLength], stamp, client));
    }

    private ulong Hash(ReadOnlySpan<byte> clientCookie, uint stamp, ReadOnlySpan<byte> client)
    {
        Span<byte> input = stackalloc byte[ClientCookieLength + 8 + 16];
        clientCookie.CopyTo(input);
        input[8] = 1;
        input[9] = input[10] = input[11] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(input[12..], stamp);
        var address = client.Length is 4 or 16 ? client : [];
        address.CopyTo(input[16..]);
        return SipHash.Hash24(k0, k1, input[..(16 + address.Length)]);
    }
}
