namespace Vantage.Grains;

/// <summary>Marker type for locating the grains assembly.</summary>
public static class GrainsAssembly;
