using System.ComponentModel.DataAnnotations;

namespace Vantage.Silo.Options;

/// <summary>
/// Where the silo keeps its local files (<c>Vantage:DataFolder</c>; the <c>VANTAGE_DATA</c> environment
/// variable wins over it). Relative paths are resolved against the working directory.
/// </summary>
public sealed class DataOptions
{
    public const string Section = "Vantage";
    public const string EnvironmentVariable = "VANTAGE_DATA";
    public const string DefaultFolder = "./data";

    [Required(AllowEmptyStrings = false)]
    public string DataFolder { get; set; } = DefaultFolder;

    /// <summary>The data folder as an absolute path.</summary>
    public string FullPath => Path.GetFullPath(DataFolder);
}
