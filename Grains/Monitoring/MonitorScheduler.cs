using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Vantage.Grains.Monitoring.Probes;
using Vantage.Monitoring;

namespace Vantage.Grains.Monitoring;

/// <summary>
/// The per-silo probe scheduler. It reads the job registry (at start-up and every <see cref="MonitoringOptions.RefreshInterval"/>),
/// takes each (job, region) where this silo declares the region and wins the rendezvous hash over the region's live
/// silos, runs the check every <c>frequency</c> seconds (first run jittered) with a timeout, and reports the result
/// to the job's grain. No silo coordinates with another; a silo joining or leaving moves only its share.
/// </summary>
public sealed partial class MonitorScheduler(
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    ISiloMetadataCache metadata,
    ProbeRunner runner,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    ILogger<MonitorScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private readonly MonitoringOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _concurrency = new(options.Value.MaxConcurrentProbes);
    private ImmutableArray<MonitorJob> _jobs = ImmutableArray<MonitorJob>.Empty;
    private long _version = -1;
    private long _checks;
    private long _late;
    private double _maxLagMs;

    /// <summary>Checks run by this silo since start.</summary>
    public long Checks => Interlocked.Read(ref _checks);

    /// <summary>Checks that started more than a second after they were due.</summary>
    public long LateChecks => Interlocked.Read(ref _late);

    /// <summary>The largest start delay seen, in milliseconds.</summary>
    public double MaxLagMs => _maxLagMs;

    /// <summary>(job, region) pairs this silo currently runs.</summary>
    public int Assigned => _slots.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastRefresh = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            var now = time.GetUtcNow();
            if (now - lastRefresh >= _options.RefreshInterval)
            {
                lastRefresh = now;
                await Refresh(now);
            }
            foreach (var slot in _slots.Values)
            {
                if (slot.Running || slot.Due > now) continue;
                slot.Running = true;
                _ = Run(slot, now, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task Refresh(DateTimeOffset now)
    {
        try
        {
            var (version, jobs) = await grains.GetGrain<IMonitorJobsGrain>(GrainKeys.Directory).Changes(_version);
            if (jobs is { } changed)
            {
                _jobs = changed;
                _version = version;
            }
        }
        catch (Exception ex)
        {
            // The silo is still starting or the registry's silo is failing over: keep the last known jobs.
            LogRefreshFailed(ex.Message);
        }
        Assign(now);
    }

    /// <summary>Recomputes which (job, region) pairs this silo owns and updates the slots.</summary>
    private void Assign(DateTimeOffset now)
    {
        var self = local.SiloAddress;
        var mine = _options.EffectiveRegions.ToHashSet(StringComparer.Ordinal);
        var silosByRegion = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var member in membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active))
        {
            var regions = member.SiloAddress.Equals(self) ? mine : RegionsOf(member.SiloAddress);
            foreach (var region in regions)
            {
                if (!silosByRegion.TryGetValue(region, out var list)) silosByRegion[region] = list = [];
                list.Add(member.SiloAddress.ToParsableString());
            }
        }
        foreach (var region in mine)
        {
            if (!silosByRegion.TryGetValue(region, out var list)) silosByRegion[region] = list = [];
            if (!list.Contains(self.ToParsableString())) list.Add(self.ToParsableString());
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in _jobs.Where(j => j.Active))
        {
            foreach (var region in job.Regions.Where(mine.Contains))
            {
                var key = job.Id + "/" + region;
                if (Rendezvous.Owner(key, silosByRegion[region]) != self.ToParsableString()) continue;
                wanted.Add(key);
                if (_slots.TryGetValue(key, out var slot))
                {
                    if (slot.Job.Frequency != job.Frequency) slot.Due = now;
                    slot.Job = job;
                }
                else
                {
                    var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(1000, job.Frequency * 100));
                    _slots[key] = new Slot(job, region) { Due = now + jitter };
                }
            }
        }
        foreach (var key in _slots.Keys.Where(k => !wanted.Contains(k)).ToArray()) _slots.TryRemove(key, out _);
    }

    private IEnumerable<string> RegionsOf(SiloAddress silo)
    {
        try
        {
            var data = metadata.GetSiloMetadata(silo);
            return data.Metadata.TryGetValue(MonitoringOptions.RegionsMetadataKey, out var value)
                ? value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
        }
        catch (Exception)
        {
            return [];
        }
    }

    private async Task Run(Slot slot, DateTimeOffset started, CancellationToken ct)
    {
        var job = slot.Job;
        TimeSpan? recheck = null;
        try
        {
            await _concurrency.WaitAsync(ct);
            try
            {
                var lag = (time.GetUtcNow() - slot.Due).TotalMilliseconds;
                if (lag > 1000) Interlocked.Increment(ref _late);
                if (lag > _maxLagMs) _maxLagMs = lag;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(job.Frequency, 2, 30)));
                var result = await runner.Run(job, timeout.Token);
                Interlocked.Increment(ref _checks);
                if (!_slots.ContainsKey(job.Id + "/" + slot.Region)) return;
                recheck = await grains.GetGrain<IMonitorJobGrain>(job.Id).Report(job, slot.Region, result);
            }
            finally
            {
                _concurrency.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogReportFailed(job.Id, slot.Region, ex.Message);
        }
        finally
        {
            var now = time.GetUtcNow();
            var next = slot.Due + TimeSpan.FromSeconds(slot.Job.Frequency);
            slot.Due = recheck is { } soon ? now + soon : next > now ? next : now;
            slot.Running = false;
        }
    }

    private sealed class Slot(MonitorJob job, string region)
    {
        public MonitorJob Job { get; set; } = job;
        public string Region { get; } = region;
        public DateTimeOffset Due { get; set; }
        public volatile bool Running;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Monitor scheduler: the job registry could not be read ({Reason})")]
    private partial void LogRefreshFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Monitor scheduler: job {Job} region {Region}: {Reason}")]
    private partial void LogReportFailed(string job, string region, string reason);
}
