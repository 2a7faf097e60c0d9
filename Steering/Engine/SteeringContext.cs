namespace Vantage.Steering.Engine;

/// <summary>Everything a filter may look at for one query. Built on the stack by the caller.</summary>
public ref struct SteeringContext
{
    public SteeringClient Client;

    public ISteeringRandom Random;

    /// <summary>The query name in wire form (lower-case), for <c>parse_ipv4</c>.</summary>
    public ReadOnlySpan<byte> QueryName;

    public SteeringContext(in SteeringClient client, ISteeringRandom random, ReadOnlySpan<byte> queryName)
    {
        Client = client;
        Random = random;
        QueryName = queryName;
    }
}
