using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Vantage.Events;
using Vantage.Grains.Zones.Storage;
using Vantage.Model;
using Vantage.Validation;
using Vantage.Zones;

namespace Vantage.Grains.Zones;

/// <summary>
/// Owns one zone and all of its records (key: lower-case zone name). Every accepted change gets version + 1 and a
/// bumped serial and is appended to the zone's log — one small row per few hundred record changes — and committed by
/// writing the zone's small head row; only then is it acknowledged. Record shards are brought up to date in the
/// background (a checkpoint), and a restart replays the log since the last one, so a crash leaves the zone at the
/// previous or the next version, never between. Large changes (imports) write a new shard generation instead and
/// switch to it with the same head write. Publishing goes through an outbox drained after the acknowledgement.
/// </summary>
public sealed partial class ZoneGrain(
    [PersistentState("zone", ProviderNames.ZoneStore)] IPersistentState<ZoneState> legacy,
    IOptions<ZoneOptions> options,
    IZoneChangePublisher publisher,
    TimeProvider time,
    ILogger<ZoneGrain> logger) : Grain, IZoneGrain
{
    private readonly ZoneOptions _options = options.Value;
    private ZoneStorage _store = null!;
    private ZoneModel _current = ZoneModel.Empty;

    private string Name => this.GetPrimaryKeyString();

    private ZoneModel Current => _current;

    private IZoneDirectoryGrain Directory => ZoneDirectory.For(GrainFactory, Name);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _store = new ZoneStorage(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderNames.ZoneStore), Name,
            ServiceProvider.GetService<ZoneWriteLane>());
        await Load(cancellationToken);
        // The directory's version cache may have missed this zone's last change (a silo died between the write and
        // the notification): every activation re-states the stored version.
        if (Current.Exists) Directory.SetVersion(Name, Current.Version).Ignore();
        await base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await CheckpointOnDeactivate(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<OpResult<ZoneSnapshot>> Create(ZonePatch settings)
    {
        if (RecordValidator.ValidateZoneName(Name) is { } nameError) return Invalid<ZoneSnapshot>(nameError);
        await using var gate = await EnterWrite();
        if (!gate.Entered) return Busy<ZoneSnapshot>();
        if (Current.Exists) return OpResult<ZoneSnapshot>.Fail(OpError.AlreadyExists, Messages.ZoneAlreadyExists);

        var zone = ZoneEdits.NewZone(Name, settings, _options);
        if (RecordValidator.ValidateZone(zone) is { } error) return Invalid<ZoneSnapshot>(error);
        ImmutableArray<RecordChange> records = zone.DnsServers.IsDefaultOrEmpty ? [] : [Upsert(ZoneEdits.ApexNs(zone))];

        if (!await Directory.TryAdd(Name)) return OpResult<ZoneSnapshot>.Fail(OpError.AlreadyExists, Messages.ZoneAlreadyExists);
        var result = await Commit(ZoneChangeKind.Created, zone, records);
        if (!result.Ok) await ForgetIfNotStored();
        return result.Ok ? OpResult<ZoneSnapshot>.Success(Snapshot()) : Forward<ZoneSnapshot>(result);
    }

    public Task<OpResult<ZoneSnapshot>> Get()
    {
        var model = Current;
        if (!model.Exists) return Task.FromResult(ZoneNotFound<ZoneSnapshot>());
        if (model.Records.Count > ZoneReader.MaxPageSize)
            return Task.FromResult(Invalid<ZoneSnapshot>(
                $"zone {Name} holds {model.Records.Count} record sets, more than one read carries ({ZoneReader.MaxPageSize}); read it by pages"));
        return Task.FromResult(OpResult<ZoneSnapshot>.Success(Snapshot(model, ZoneReader.MaxPageSize)));
    }

    public Task<OpResult<RecordPage>> GetRecordsPage(long version, string? after, int max)
    {
        var latest = Current;
        if (!latest.Exists) return Task.FromResult(ZoneNotFound<RecordPage>());
        var model = version == 0 || version == latest.Version ? latest : Retained(version);
        if (model is null || !model.Exists)
            return Task.FromResult(Invalid<RecordPage>($"version {version} of zone {Name} is no longer readable; start again"));
        var (records, next) = model.Records.Page(after, Math.Clamp(max, 1, ZoneReader.MaxPageSize));
        return Task.FromResult(OpResult<RecordPage>.Success(new RecordPage
        {
            Settings = model.Settings!,
            Version = model.Version,
            Records = records,
            Next = next,
            Total = model.Records.Count,
        }));
    }

    public async Task<OpResult<RecordModelPage>> GetRecordModelsPage(long version, string? after, int max)
    {
        var page = await GetRecordsPage(version, after, max);
        if (!page.Ok) return OpResult<RecordModelPage>.Fail(page.Error, page.Message!);
        var value = page.Value!;
        return OpResult<RecordModelPage>.Success(new RecordModelPage
        {
            Settings = value.Settings,
            Version = value.Version,
            Models = RecordModelPage.Pack(value.Records, Name, out var count),
            Count = count,
            Next = value.Next,
            Total = value.Total,
        });
    }

    public Task<OpResult<ZoneSettings>> GetSettings() =>
        Task.FromResult(Current.Settings is { } settings ? OpResult<ZoneSettings>.Success(settings) : ZoneNotFound<ZoneSettings>());

    public async Task<OpResult<ZoneSnapshot>> Update(ZonePatch patch)
    {
        await using var gate = await EnterWrite();
        if (!gate.Entered) return Busy<ZoneSnapshot>();
        if (Current.Settings is not { } settings) return ZoneNotFound<ZoneSnapshot>();
        var zone = ZoneEdits.Merge(settings, patch with { Serial = null });
        if (RecordValidator.ValidateZone(zone) is { } error) return Invalid<ZoneSnapshot>(error);
        var result = await Commit(ZoneChangeKind.Updated, zone, [], patch.Serial);
        return result.Ok ? OpResult<ZoneSnapshot>.Success(Snapshot()) : Forward<ZoneSnapshot>(result);
    }

    public async Task<OpResult<bool>> Delete()
    {
        await using var gate = await EnterWrite();
        if (!gate.Entered) return Busy<bool>();
        if (!Current.Exists) return ZoneNotFound<bool>();
        var before = Current.Records;
        var removed = before.Ordered().Select(r => new RecordChange { Domain = r.Domain, Type = r.Type });
        var result = await Commit(ZoneChangeKind.Deleted, null, [.. removed]);
        if (result.Ok)
        {
            foreach (var record in before.Ordered())
            {
                if (!record.FeedData.IsEmpty) DetachFeeds(record.Key, record.FeedData.Keys);
            }
            await ForgetInDirectory();
        }
        return result;
    }

    public Task<OpResult<DnsRecord>> GetRecord(string domain, string type)
    {
        var model = Current;
        if (!model.Exists) return Task.FromResult(ZoneNotFound<DnsRecord>());
        return Task.FromResult(model.Records.TryGetValue(Key(domain, type), out var record)
            ? OpResult<DnsRecord>.Success(record)
            : RecordNotFound());
    }

    public async Task<OpResult<DnsRecord>> CreateRecord(string domain, string type, RecordPatch record)
    {
        await using var gate = await EnterWrite();
        if (!gate.Entered) return Busy<DnsRecord>();
        if (Current.Settings is not { } zone) return ZoneNotFound<DnsRecord>();
        var (d, t) = (DnsNames.Normalize(domain), type.ToUpperInvariant());
        if (Current.Records.Contains(RecordKey.Of(d, t)))
            return OpResult<DnsRecord>.Fail(OpError.AlreadyExists, Messages.RecordAlreadyExists);
        if (Current.Records.Count >= _options.MaxRecords)
            return Invalid<DnsRecord>($"zone {Name} already holds the maximum of {_options.MaxRecords} records");
        return await Put(zone, ZoneEdits.NewRecord(zone, d, t, record));
    }

    public async Task<OpResult<DnsRecord>> UpdateRecord(string domain, string type, RecordPatch patch)
    {
        await using var gate = await EnterWrite();
        if (!gate.Entered) return Busy<DnsRecord>();
        if (Current.Settings is not { } zone) return ZoneNotFound<DnsRecord>();
        if (!Current.Records.TryGetValue(Key(domain, type), out var existing)) return RecordNotFound();
        return await Put(zone, ZoneEdits.Merge(existing, patch));
    }

    public async Task<OpResult<bool>> DeleteRecord(string domain, string type)
    {
        await using var gate = await EnterWrite();
        if (!gate.Entered) return Busy<bool>();
        if (Current.Settings is not { } zone) return ZoneNotFound<bool>();
        if (!Current.Records.TryGetValue(Key(domain, type), out var existing)) return Forward<bool>(RecordNotFound());
        var result = await Commit(ZoneChangeKind.Updated, zone, [new RecordChange { Domain = existing.Domain, Type = existing.Type }]);
        if (result.Ok) DetachFeeds(existing.Key, existing.FeedData.Keys);
        return result;
    }

    public Task<ZoneChanges> GetChangesSince(long version) => ChangesSince(version);

    public Task<long> GetVersion() => Task.FromResult(Current.Version);

    private async Task<OpResult<DnsRecord>> Put(ZoneSettings zone, DnsRecord record)
    {
        var others = Current.Records.Without(record.Key);
        if (ZoneEdits.Check(others, record) is { } error) return Invalid<DnsRecord>(error);
        var previous = Current.Records.Find(record.Key);
        var attached = await AttachFeeds(previous, record);
        if (!attached.Ok) return attached;
        record = attached.Value!;
        var result = await Commit(ZoneChangeKind.Updated, zone, [Upsert(record)]);
        if (!result.Ok)
        {
            DetachFeeds(record.Key, record.FeedData.Keys.Except(previous?.FeedData.Keys ?? []));
            return Forward<DnsRecord>(result);
        }
        if (previous is not null) DetachFeeds(record.Key, previous.FeedData.Keys.Except(record.FeedData.Keys));
        return OpResult<DnsRecord>.Success(record);
    }

    /// <summary>The deletion is stored; a directory that cannot be told now drops the zone at its next refresh.</summary>
    private async Task ForgetInDirectory()
    {
        try
        {
            await Directory.Remove(Name);
        }
        catch (Exception ex)
        {
            LogDirectoryFailed(Name, ex);
        }
    }

    /// <summary>
    /// A creation failed. Its outcome may be unknown (the store took the write but the answer was lost): the zone stays
    /// listed unless storage shows that it does not exist. When storage cannot tell, it stays listed too: the
    /// directory drops a listed zone whose grain says it does not exist at its next refresh.
    /// </summary>
    private async Task ForgetIfNotStored()
    {
        try
        {
            var probe = new ZoneStorage(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderNames.ZoneStore), Name);
            var stored = await probe.ReadHead();
            if (probe.HeadExists && stored.Exists) return;
        }
        catch (Exception ex)
        {
            LogDirectoryFailed(Name, ex);
            return;
        }
        await ForgetInDirectory();
    }

    /// <summary>The zone at the current version, with its records when there are at most <paramref name="maxRecords"/>.</summary>
    private ZoneSnapshot Snapshot(ZoneModel? model = null, int maxRecords = ZoneReader.DefaultPageSize)
    {
        model ??= Current;
        return new ZoneSnapshot
        {
            Settings = model.Settings!,
            Version = model.Version,
            Records = model.Records.Count <= maxRecords ? [.. model.Records.Ordered()] : [],
            RecordCount = model.Records.Count,
        };
    }

    private static RecordChange Upsert(DnsRecord record) => new() { Domain = record.Domain, Type = record.Type, Record = record };

    private static string Key(string domain, string type) => RecordKey.Of(DnsNames.Normalize(domain), type.ToUpperInvariant());

    private static OpResult<T> Invalid<T>(string message) => OpResult<T>.Fail(OpError.Invalid, message);

    private OpResult<T> Busy<T>() => OpResult<T>.Fail(OpError.Busy,
        $"zone {Name} is busy with an import ({RunningImportId ?? "running"}); retry when it has finished");

    private static OpResult<T> ZoneNotFound<T>() => OpResult<T>.Fail(OpError.NotFound, Messages.ZoneNotFound);

    private static OpResult<DnsRecord> RecordNotFound() => OpResult<DnsRecord>.Fail(OpError.NotFound, Messages.RecordNotFound);

    private static OpResult<T> Forward<T>(OpResult<bool> failed) => OpResult<T>.Fail(failed.Error, failed.Message!);

    private static OpResult<T> Forward<T>(OpResult<DnsRecord> failed) => OpResult<T>.Fail(failed.Error, failed.Message!);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zone {Zone}: the zone directory could not be updated; it catches up at its next refresh")]
    private partial void LogDirectoryFailed(string zone, Exception ex);
}
