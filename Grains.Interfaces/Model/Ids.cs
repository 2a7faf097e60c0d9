using System.Security.Cryptography;

namespace Vantage.Model;

/// <summary>NS1-style identifiers: 24 lower-case hex digits.</summary>
public static class Ids
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
