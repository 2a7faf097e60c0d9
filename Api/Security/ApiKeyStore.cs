using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Vantage.Api.Hosting;

namespace Vantage.Api.Security;

/// <summary>
/// The bootstrap API key: <c>VANTAGE_API_KEY</c>, else <c>Vantage:Api:Key</c>, else (Development only) a key
/// generated once and kept in <c>&lt;data folder&gt;/api-key</c>. Keys are compared in constant time.
/// </summary>
public sealed partial class ApiKeyStore
{
    public const string EnvironmentVariable = "VANTAGE_API_KEY";
    public const string FileName = "api-key";

    private readonly byte[] _keyHash;

    public ApiKeyStore(IConfiguration configuration, IOptions<ApiOptions> options, IHostEnvironment environment,
        DataFolder dataFolder, ILogger<ApiKeyStore> logger)
    {
        Key = Resolve(configuration, options.Value, environment, dataFolder, logger);
        _keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(Key));
        KeyId = ApiKeyAuthenticationExtensions.KeyIdOf(Key);
    }

    public string Key { get; }

    /// <summary>A digest naming the key, safe to use as a rate-limit partition or in logs.</summary>
    public string KeyId { get; }

    /// <summary>True when <paramref name="presented"/> is the key (hashes compared in constant time, so length leaks nothing).</summary>
    public bool Matches(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return false;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(hash, _keyHash);
    }

    private static string Resolve(IConfiguration configuration, ApiOptions options, IHostEnvironment environment,
        DataFolder dataFolder, ILogger logger)
    {
        if (configuration[EnvironmentVariable] is { Length: > 0 } fromEnv) return fromEnv.Trim();
        if (options.Key is { Length: > 0 } fromConfig) return fromConfig.Trim();
        if (!environment.IsDevelopment())
        {
            throw new OptionsValidationException(ApiOptions.Section, typeof(ApiOptions),
                [$"No API key: set {EnvironmentVariable} or Vantage:Api:Key (a key is generated only in Development)"]);
        }

        var path = dataFolder.File(FileName);
        if (System.IO.File.Exists(path) && System.IO.File.ReadAllText(path).Trim() is { Length: > 0 } saved)
        {
            LogReused(logger, path, saved);
            return saved;
        }

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        DataFolder.WritePrivate(path, Encoding.UTF8.GetBytes(key + "\n"));
        LogGenerated(logger, path, key);
        return key;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated a development API key and saved it to {Path}. X-NSONE-Key: {Key}")]
    private static partial void LogGenerated(ILogger logger, string path, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using the development API key from {Path}. X-NSONE-Key: {Key}")]
    private static partial void LogReused(ILogger logger, string path, string key);
}
