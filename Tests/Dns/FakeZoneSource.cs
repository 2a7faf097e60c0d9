using Vantage.EdgeDns.Cluster;
using Vantage.Events;

namespace Vantage.Tests.Dns;

/// <summary>A cluster stand-in: zones with journals; can be made unreachable. Thread-safe.</summary>
public sealed class FakeZoneSource : IZoneSource
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ZoneSnapshot> snapshots = [];
    private readonly Dictionary<string, List<ZoneChanged>> journals = [];
    private readonly List<string> calls = [];
    private readonly HashSet<string> unknownVersions = [];
    private volatile bool unreachable;
    private int failures;

    /// <summary>Calls refused while <see cref="Unreachable"/>.</summary>
    public int Failures => Volatile.Read(ref failures);

    /// <summary>When true every call throws, as when the cluster is away.</summary>
    public bool Unreachable
    {
        get => unreachable;
        set => unreachable = value;
    }

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (gate) return [.. calls];
        }
    }

    public void ClearCalls()
    {
        lock (gate) calls.Clear();
    }

    public void SetZone(ZoneSnapshot snapshot, params ZoneChanged[] journal)
    {
        lock (gate)
        {
            snapshots[snapshot.Settings.Name] = snapshot;
            journals[snapshot.Settings.Name] = [.. journal];
        }
    }

    /// <summary>Lists <paramref name="zone"/> with version -1, as a directory shard that has not read it yet does.</summary>
    public void HideVersion(string zone)
    {
        lock (gate) unknownVersions.Add(zone);
    }

    public void RemoveZone(string zone)
    {
        lock (gate)
        {
            snapshots.Remove(zone);
            journals.Remove(zone);
        }
    }

    public Task<IReadOnlyDictionary<string, long>> Versions(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Record("versions");
            return Task.FromResult<IReadOnlyDictionary<string, long>>(snapshots.ToDictionary(s => s.Key, s => unknownVersions.Contains(s.Key) ? Vantage.Zones.ZoneDirectory.UnknownVersion : s.Value.Version));
        }
    }

    public Task<ZoneSnapshot?> Snapshot(string zone, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Record("snapshot " + zone);
            return Task.FromResult(snapshots.GetValueOrDefault(zone));
        }
    }

    public Task<ZoneChanges> ChangesSince(string zone, long version, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Record($"changes {zone} {version}");
            if (!snapshots.TryGetValue(zone, out var s)) return Task.FromResult(new ZoneChanges { CurrentVersion = 0, Exists = false });
            var journal = journals.GetValueOrDefault(zone) ?? [];
            var reaches = version >= s.Version || (journal.Count > 0 && journal[0].Version <= version + 1);
            return Task.FromResult(new ZoneChanges
            {
                CurrentVersion = s.Version,
                Exists = true,
                SnapshotRequired = !reaches,
                Changes = reaches ? [.. journal.Where(c => c.Version > version)] : [],
            });
        }
    }

    private void Record(string call)
    {
        if (unreachable)
        {
            Interlocked.Increment(ref failures);
            throw new TimeoutException("cluster unreachable");
        }
        calls.Add(call);
    }
}

/// <summary>A stream stand-in: records subscriptions, can forget them silently and deliver changes.</summary>
public sealed class FakeChangeFeed : IZoneChangeFeed
{
    private readonly Lock gate = new();
    private readonly List<SubscribeMode> subscribes = [];
    private Func<ZoneChanged, Task>? subscriber;

    /// <summary>Modes of the calls that (re)subscribed.</summary>
    public IReadOnlyList<SubscribeMode> Subscribes
    {
        get
        {
            lock (gate) return [.. subscribes];
        }
    }

    public bool Subscribed
    {
        get
        {
            lock (gate) return subscriber is not null;
        }
    }

    /// <summary>The subscription is lost without anyone being told (pub/sub state died with a silo).</summary>
    public void Forget()
    {
        lock (gate) subscriber = null;
    }

    /// <summary>Delivers <paramref name="change"/> when subscribed; false when it was dropped.</summary>
    public async Task<bool> PushAsync(ZoneChanged change)
    {
        Func<ZoneChanged, Task>? s;
        lock (gate) s = subscriber;
        if (s is null) return false;
        await s(change);
        return true;
    }

    public Task<bool> EnsureSubscribedAsync(Func<ZoneChanged, Task> onNext, SubscribeMode mode, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (subscriber is not null && mode == SubscribeMode.IfMissing) return Task.FromResult(false);
            subscriber = onNext;
            subscribes.Add(mode);
            return Task.FromResult(true);
        }
    }

    public Task UnsubscribeAsync(CancellationToken cancellationToken)
    {
        lock (gate) subscriber = null;
        return Task.CompletedTask;
    }
}
