using System.Collections.Concurrent;
using System.Collections.Immutable;
using Orleans.Streams;
using Vantage.Events;
using Vantage.Model;
using Vantage.Zones;

namespace Vantage.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class ZoneEventsTests(GrainClusterFixture fixture)
{
    [Fact]
    public async Task ZoneChanged_events_arrive_in_version_order_with_the_changed_record_sets()
    {
        var name = "ev" + Guid.NewGuid().ToString("N")[..10] + ".test";
        var (received, subscription) = await Subscribe(name);
        try
        {
            var zone = fixture.Client.GetGrain<IZoneGrain>(name);
            await zone.Create(new ZonePatch());
            const int writes = 20;
            for (var i = 0; i < writes; i++)
            {
                var result = await zone.CreateRecord($"h{i}.{name}", "A", new RecordPatch
                {
                    Answers = [new DnsAnswer { Id = "", Rdata = [$"192.0.2.{i + 1}"] }],
                });
                Assert.True(result.Ok, result.Message);
            }
            await zone.Delete();

            var expected = writes + 2;
            await Poll.Until(() => received.Count >= expected, TimeSpan.FromSeconds(15));

            var events = received.ToArray();
            Assert.Equal(Enumerable.Range(1, expected).Select(v => (long)v), events.Select(e => e.Version));
            Assert.Equal(ZoneChangeKind.Created, events[0].Kind);
            Assert.Equal(name + "/NS", Assert.Single(events[0].Records).Record!.Key);
            var fifth = events[5];
            Assert.Equal(ZoneChangeKind.Updated, fifth.Kind);
            var change = Assert.Single(fifth.Records);
            Assert.Equal(($"h4.{name}", "A", "192.0.2.5"), (change.Domain, change.Type, change.Record!.Answers[0].Rdata[0]));
            Assert.Equal(ZoneChangeKind.Deleted, events[^1].Kind);
            Assert.Null(events[^1].Settings);
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    [Fact]
    public async Task A_change_too_large_for_the_stream_is_announced_without_its_records_and_kept_whole_in_the_journal()
    {
        var name = "big" + Guid.NewGuid().ToString("N")[..10] + ".test";
        var (received, subscription) = await Subscribe(name);
        try
        {
            var records = Enumerable.Range(0, 1000).Select(i => new DnsRecord
            {
                Id = "", Zone = name, Domain = $"h{i}.{name}", Type = "A",
                Answers = [new DnsAnswer { Id = "", Rdata = [$"10.0.{i / 250}.{i % 250}"] }],
            }).ToImmutableArray();

            var imported = await fixture.Client.GetGrain<IZoneGrain>(name).Import(new ZonePatch(), records);

            Assert.True(imported.Ok, imported.Message);
            Assert.True(await Poll.Until(() => !received.IsEmpty, TimeSpan.FromSeconds(15)));
            var announced = Assert.Single(received);
            Assert.Equal((1L, true, 0), (announced.Version, announced.RecordsOmitted, announced.Records.Length));
            var journal = await fixture.Client.GetGrain<IZoneGrain>(name).GetChangesSince(0);
            Assert.Equal(1001, Assert.Single(journal.Changes).Records.Length);
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    /// <summary>Collects the zone-change events of <paramref name="zone"/> from the stream, as an edge would.</summary>
    private async Task<(ConcurrentQueue<ZoneChanged> Received, StreamSubscriptionHandle<ZoneChanged> Subscription)> Subscribe(string zone)
    {
        var received = new ConcurrentQueue<ZoneChanged>();
        var stream = fixture.Client.GetStreamProvider(ProviderNames.Streams).GetStream<ZoneChanged>(ZoneSharding.ChangeStream(zone));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            if (e.Zone == zone) received.Enqueue(e);
            return Task.CompletedTask;
        });
        return (received, subscription);
    }
}
