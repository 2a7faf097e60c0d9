namespace Vantage.Api;

/// <summary>
/// Marker type of the API assembly, for <c>WebApplicationFactory&lt;ApiMarker&gt;</c>
/// (the test project references several executables, so <c>Program</c> would be ambiguous).
/// </summary>
public sealed class ApiMarker;
