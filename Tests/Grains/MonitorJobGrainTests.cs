using Vantage.Feeds;
using Vantage.Model;
using Vantage.Monitoring;
using Vantage.Steering.Engine;

namespace Vantage.Tests.Grains;

/// <summary>
/// The job grain's decisions with results reported directly (no probes): rules, policy over regions, rapid recheck,
/// history, and the global status pushed through a nsone_monitoring feed into a pointed answer's meta.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class MonitorJobGrainTests(GrainClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Quorum_over_three_regions_keeps_the_answer_up_when_one_region_fails()
    {
        var job = await Job(new MonitorJob { Id = "", Name = "quorum", JobType = "tcp", Regions = ["lga", "sjc", "ams"], ConfigJson = TcpConfig });
        var (zone, feed) = await PointedRecord(job.Id);
        var grain = Grains.GetGrain<IMonitorJobGrain>(job.Id);

        foreach (var region in job.Regions) await grain.Report(job, region, Up(T0));
        Assert.Equal(MonitorStatuses.Up, (await grain.GetStatus()).Global.Status);
        Assert.True(await AnswerUp(zone));

        await grain.Report(job, "ams", Down(T0.AddSeconds(5)));
        var status = await grain.GetStatus();
        Assert.Equal((MonitorStatuses.Up, MonitorStatuses.Down), (status.Global.Status, status.Regions["ams"].Status));
        Assert.True(await AnswerUp(zone));

        await grain.Report(job, "sjc", Down(T0.AddSeconds(6)));
        Assert.Equal(MonitorStatuses.Down, (await grain.GetStatus()).Global.Status);
        Assert.False(await AnswerUp(zone));
        var data = (await Grains.GetGrain<IDataFeedGrain>(feed).Get()).Value!.DataJson;
        Assert.Equal("""{"up":false}""", data);

        var history = await grain.History(null, null);
        Assert.Equal([("global", "up", (DateTimeOffset?)T0.AddSeconds(6)), ("global", "down", null)],
            history.Where(h => h.Region == "global").Select(h => (h.Region, h.Status, h.Until)).ToArray());
    }

    [Fact]
    public async Task Rapid_recheck_confirms_a_change_before_it_counts()
    {
        var job = await Job(new MonitorJob { Id = "", Name = "recheck", JobType = "tcp", Regions = ["lga"], ConfigJson = TcpConfig, RapidRecheck = true });
        var grain = Grains.GetGrain<IMonitorJobGrain>(job.Id);
        Assert.Null(await grain.Report(job, "lga", Up(T0)));
        Assert.Equal(MonitorStatuses.Up, (await grain.GetStatus()).Global.Status);

        Assert.Equal(TimeSpan.FromSeconds(1), await grain.Report(job, "lga", Down(T0.AddSeconds(1))));
        Assert.Equal(MonitorStatuses.Up, (await grain.GetStatus()).Global.Status);
        Assert.Null(await grain.Report(job, "lga", Down(T0.AddSeconds(2))));
        Assert.Equal(MonitorStatuses.Down, (await grain.GetStatus()).Global.Status);

        // A blip that the recheck does not confirm changes nothing.
        Assert.NotNull(await grain.Report(job, "lga", Up(T0.AddSeconds(3))));
        Assert.Null(await grain.Report(job, "lga", Down(T0.AddSeconds(4))));
        Assert.Equal(MonitorStatuses.Down, (await grain.GetStatus()).Global.Status);
    }

    [Fact]
    public async Task Deleting_a_job_forgets_its_status_and_history()
    {
        var job = await Job(new MonitorJob { Id = "", Name = "gone", JobType = "tcp", Regions = ["lga"], ConfigJson = TcpConfig });
        var grain = Grains.GetGrain<IMonitorJobGrain>(job.Id);
        await grain.Report(job, "lga", Up(T0));
        Assert.True((await Grains.GetGrain<IMonitorJobsGrain>(GrainKeys.Directory).Delete(job.Id)).Ok);
        Assert.Equal(MonitorStatuses.Pending, (await grain.GetStatus()).Global.Status);
        Assert.Empty(await grain.History(null, null));
        Assert.False((await Grains.GetGrain<IMonitorJobsGrain>(GrainKeys.Directory).Get(job.Id)).Ok);
    }

    private const string TcpConfig = """{"host":"192.0.2.1","port":80}""";

    private static ProbeResult Up(DateTimeOffset at) => new() { At = at, Connect = 1 };

    private static ProbeResult Down(DateTimeOffset at) => new() { At = at, Error = "connection refused" };

    private async Task<MonitorJob> Job(MonitorJob job)
    {
        var created = await Grains.GetGrain<IMonitorJobsGrain>(GrainKeys.Directory).Create(job);
        Assert.True(created.Ok, created.Message);
        return created.Value!;
    }

    /// <summary>A nsone_monitoring feed for the job and a zone whose www A answer 192.0.2.1 points its up at it.</summary>
    private async Task<(string Zone, string Feed)> PointedRecord(string jobId)
    {
        var sources = Grains.GetGrain<IDataSourcesGrain>(GrainKeys.Directory);
        var source = (await sources.Create("monitoring", SourceTypes.NsoneMonitoring, "{}")).Value!;
        var feed = await sources.CreateFeed(source.Id, "feed", $$"""{"jobid":"{{jobId}}"}""");
        Assert.True(feed.Ok, feed.Message);
        var zone = "mon" + Guid.NewGuid().ToString("N")[..10] + ".test";
        Assert.True((await Grains.GetGrain<IZoneGrain>(zone).Create(new ZonePatch())).Ok);
        var record = await Grains.GetGrain<IZoneGrain>(zone).CreateRecord($"www.{zone}", "A", new RecordPatch
        {
            FiltersJson = """[{"filter":"up","config":{}}]""",
            Answers = [new DnsAnswer { Id = "", Rdata = ["192.0.2.1"], MetaJson = "{\"up\":{\"feed\":\"" + feed.Value!.Id + "\"}}" }],
        });
        Assert.True(record.Ok, record.Message);
        return (zone, feed.Value!.Id);
    }

    /// <summary>Whether the zone's current record, compiled as the edge compiles it, has its answer up (missing up counts as up).</summary>
    private async Task<bool> AnswerUp(string zone)
    {
        var record = (await Grains.GetGrain<IZoneGrain>(zone).GetRecord($"www.{zone}", "A")).Value!;
        return SteeredRecord.Compile(record).Answers[0].Meta.Up ?? true;
    }
}
