using Microsoft.Extensions.Options;

namespace Vantage.Api.Hosting;

/// <summary>The local data folder: <c>VANTAGE_DATA</c>, else <c>Vantage:Api:DataFolder</c>, else <c>./data</c>.</summary>
public sealed class DataFolder(IConfiguration configuration, IOptions<ApiOptions> options)
{
    public const string EnvironmentVariable = "VANTAGE_DATA";

    public string Path { get; } = System.IO.Path.GetFullPath(
        configuration[EnvironmentVariable] is { Length: > 0 } fromEnv ? fromEnv
        : options.Value.DataFolder is { Length: > 0 } fromConfig ? fromConfig
        : "data");

    /// <summary>Full path of <paramref name="fileName"/> inside the folder, creating the folder if needed.</summary>
    public string File(string fileName)
    {
        Directory.CreateDirectory(Path);
        return System.IO.Path.Combine(Path, fileName);
    }

    /// <summary>Writes a secret so that only the current user can read it.</summary>
    public static void WritePrivate(string path, ReadOnlySpan<byte> content)
    {
        var streamOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, streamOptions);
        stream.Write(content);
    }
}
