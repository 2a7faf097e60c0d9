using Vantage.Model;
using Vantage.Zones;

namespace Vantage.Tests.Silo;

/// <summary>The development profile's embedded store keeps zones across a full silo restart.</summary>
public sealed class SiloRestartTests
{
    [Fact]
    public async Task Zones_survive_stopping_the_silo_and_starting_a_new_one_on_the_same_folder()
    {
        using var data = new TempDataFolder();
        long versionBefore;
        await using (var first = await VantageSiloHost.StartAsync(data.Path))
        {
            var zone = first.Grains.GetGrain<IZoneGrain>("example.com");
            var created = await zone.Create(new ZonePatch { Ttl = 7200 });
            Assert.True(created.Ok, created.Message);
            var record = await zone.CreateRecord("www.example.com", RecordTypes.A, new RecordPatch
            {
                Answers = [new DnsAnswer { Id = "a1", Rdata = ["192.0.2.1"] }],
            });
            Assert.True(record.Ok, record.Message);
            versionBefore = await zone.GetVersion();
        }

        await using var second = await VantageSiloHost.StartAsync(data.Path);
        var reread = await second.Grains.GetGrain<IZoneGrain>("example.com").Get();

        Assert.True(reread.Ok, reread.Message);
        Assert.Equal(7200, reread.Value!.Settings.Ttl);
        Assert.Equal(versionBefore, reread.Value.Version);
        var www = Assert.Single(reread.Value.Records, r => r.Domain == "www.example.com");
        Assert.Equal(["192.0.2.1"], www.Answers.Single().Rdata.ToArray());
        Assert.Equal(["example.com"], (await ZoneDirectory.List(second.Grains)).ToArray());
    }

    [Fact]
    public async Task The_zone_directory_survives_a_restart()
    {
        using var data = new TempDataFolder();
        await using (var first = await VantageSiloHost.StartAsync(data.Path))
        {
            Assert.True(await ZoneDirectory.For(first.Grains, "b.example").TryAdd("b.example"));
            Assert.True(await ZoneDirectory.For(first.Grains, "a.example").TryAdd("a.example"));
        }

        await using var second = await VantageSiloHost.StartAsync(data.Path);
        Assert.Equal(["a.example", "b.example"], (await ZoneDirectory.List(second.Grains)).ToArray());
    }

    [Fact]
    public async Task A_second_silo_on_a_folder_in_use_refuses_to_start()
    {
        using var data = new TempDataFolder();
        await using var first = await VantageSiloHost.StartAsync(data.Path);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => VantageSiloHost.StartAsync(data.Path));

        Assert.Contains("Another silo process uses", Flatten(error));
        Assert.True(await ZoneDirectory.For(first.Grains, "still-works.example").TryAdd("still-works.example"));
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is null ? "" : " | " + Flatten(error.InnerException));
}
