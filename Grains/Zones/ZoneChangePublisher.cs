using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Vantage.Events;
using Vantage.Zones;

namespace Vantage.Grains.Zones;

/// <summary>Sends accepted zone changes to the edges. Called by the zone grain's outbox, never by the writer.</summary>
public interface IZoneChangePublisher
{
    Task Publish(ZoneChanged change);
}

/// <summary>Publishes on the zone's change stream (<see cref="ZoneSharding.ChangeStream(string)"/>).</summary>
public sealed class StreamZoneChangePublisher(IServiceProvider services) : IZoneChangePublisher
{
    private IStreamProvider? provider;

    public Task Publish(ZoneChanged change)
    {
        provider ??= services.GetRequiredKeyedService<IStreamProvider>(ProviderNames.Streams);
        return provider.GetStream<ZoneChanged>(ZoneSharding.ChangeStream(change.Zone)).OnNextAsync(change);
    }
}
