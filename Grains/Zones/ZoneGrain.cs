using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Vantage.Events;
using Vantage.Model;
using Vantage.Validation;
using Vantage.Zones;

namespace Vantage.Grains.Zones;

/// <summary>
/// Owns one zone and all of its records (key: lower-case zone name). Every accepted change is one
/// new state — settings, records, version + 1, serial bumped, journal appended — written with a single
/// storage write; only then is it published. A failed write leaves the stored state as it was.
/// </summary>
public sealed partial class ZoneGrain(
    [PersistentState("zone", ProviderNames.ZoneStore)] IPersistentState<ZoneState> state,
    IOptions<ZoneOptions> options,
    TimeProvider time,
    ILogger<ZoneGrain> logger) : Grain, IZoneGrain
{
    private const int JournalMaxRecordChanges = 20_000;

    /// <summary>
    /// Stream events stay small: the memory stream's cache refuses messages of about a megabyte. Larger changes
    /// go out without their records (edges then read them from the journal or fetch the zone).
    /// </summary>
    private const int MaxRecordsPerEvent = 200;
    private readonly ZoneOptions _options = options.Value;
    private IAsyncStream<ZoneChanged>? _stream;

    private string Name => this.GetPrimaryKeyString();

    private ZoneState Current => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The directory's version cache may have missed this zone's last change (a silo died between the write and
        // the notification): every activation re-states the stored version.
        if (Current.Exists) Directory.SetVersion(Name, Current.Version).Ignore();
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<OpResult<ZoneSnapshot>> Create(ZonePatch settings)
    {
        if (RecordValidator.ValidateZoneName(Name) is { } nameError) return Invalid<ZoneSnapshot>(nameError);
        if (Current.Exists) return OpResult<ZoneSnapshot>.Fail(OpError.AlreadyExists, Messages.ZoneAlreadyExists);

        var zone = ZoneEdits.NewZone(Name, settings, _options);
        if (RecordValidator.ValidateZone(zone) is { } error) return Invalid<ZoneSnapshot>(error);
        var ns = ZoneEdits.ApexNs(zone);
        var records = Current.Records.Clear();
        if (!zone.DnsServers.IsDefaultOrEmpty) records = records.SetItem(ns.Key, ns);

        if (!await Directory.TryAdd(Name)) return OpResult<ZoneSnapshot>.Fail(OpError.AlreadyExists, Messages.ZoneAlreadyExists);
        var result = await Commit(ZoneChangeKind.Created, zone, records, Changes(records.Values));
        if (!result.Ok) await Directory.Remove(Name);
        return result.Ok ? OpResult<ZoneSnapshot>.Success(Snapshot()) : Forward<ZoneSnapshot>(result);
    }

    public Task<OpResult<ZoneSnapshot>> Get() =>
        Task.FromResult(Current.Exists ? OpResult<ZoneSnapshot>.Success(Snapshot()) : ZoneNotFound<ZoneSnapshot>());

    public Task<OpResult<ZoneSettings>> GetSettings() =>
        Task.FromResult(Current.Settings is { } settings ? OpResult<ZoneSettings>.Success(settings) : ZoneNotFound<ZoneSettings>());

    public async Task<OpResult<ZoneSnapshot>> Update(ZonePatch patch)
    {
        if (Current.Settings is not { } settings) return ZoneNotFound<ZoneSnapshot>();
        var zone = ZoneEdits.Merge(settings, patch with { Serial = null });
        if (RecordValidator.ValidateZone(zone) is { } error) return Invalid<ZoneSnapshot>(error);
        var result = await Commit(ZoneChangeKind.Updated, zone, Current.Records, [], patch.Serial);
        return result.Ok ? OpResult<ZoneSnapshot>.Success(Snapshot()) : Forward<ZoneSnapshot>(result);
    }

    public async Task<OpResult<bool>> Delete()
    {
        if (!Current.Exists) return ZoneNotFound<bool>();
        var removed = Current.Records.Values.Select(r => new RecordChange { Domain = r.Domain, Type = r.Type });
        var before = Current.Records.Values.ToArray();
        var result = await Commit(ZoneChangeKind.Deleted, null, Current.Records.Clear(), [.. removed]);
        if (result.Ok)
        {
            foreach (var record in before) DetachFeeds(record.Key, record.FeedData.Keys);
            await ForgetInDirectory();
        }
        return result;
    }

    public Task<OpResult<DnsRecord>> GetRecord(string domain, string type)
    {
        if (!Current.Exists) return Task.FromResult(ZoneNotFound<DnsRecord>());
        return Task.FromResult(Current.Records.TryGetValue(Key(domain, type), out var record)
            ? OpResult<DnsRecord>.Success(record)
            : RecordNotFound());
    }

    public async Task<OpResult<DnsRecord>> CreateRecord(string domain, string type, RecordPatch record)
    {
        if (Current.Settings is not { } zone) return ZoneNotFound<DnsRecord>();
        var (d, t) = (DnsNames.Normalize(domain), type.ToUpperInvariant());
        if (Current.Records.ContainsKey(RecordKey.Of(d, t)))
            return OpResult<DnsRecord>.Fail(OpError.AlreadyExists, Messages.RecordAlreadyExists);
        if (Current.Records.Count >= _options.MaxRecords)
            return Invalid<DnsRecord>($"zone {Name} already holds the maximum of {_options.MaxRecords} records");
        return await Put(zone, ZoneEdits.NewRecord(zone, d, t, record));
    }

    public async Task<OpResult<DnsRecord>> UpdateRecord(string domain, string type, RecordPatch patch)
    {
        if (Current.Settings is not { } zone) return ZoneNotFound<DnsRecord>();
        if (!Current.Records.TryGetValue(Key(domain, type), out var existing)) return RecordNotFound();
        return await Put(zone, ZoneEdits.Merge(existing, patch));
    }

    public async Task<OpResult<bool>> DeleteRecord(string domain, string type)
    {
        if (Current.Settings is not { } zone) return ZoneNotFound<bool>();
        var key = Key(domain, type);
        if (!Current.Records.TryGetValue(key, out var existing)) return Forward<bool>(RecordNotFound());
        var result = await Commit(ZoneChangeKind.Updated, zone, Current.Records.Remove(key),
            [new RecordChange { Domain = existing.Domain, Type = existing.Type }]);
        if (result.Ok) DetachFeeds(existing.Key, existing.FeedData.Keys);
        return result;
    }

    public async Task<OpResult<ZoneSnapshot>> Import(ZonePatch settings, ImmutableArray<DnsRecord> records)
    {
        if (RecordValidator.ValidateZoneName(Name) is { } nameError) return Invalid<ZoneSnapshot>(nameError);
        var created = !Current.Exists;
        var zone = Current.Settings is { } existing
            ? ZoneEdits.Merge(existing, settings with { Serial = null })
            : ZoneEdits.NewZone(Name, settings, _options);
        if (RecordValidator.ValidateZone(zone) is { } zoneError) return Invalid<ZoneSnapshot>(zoneError);
        if (records.Length > _options.MaxRecords)
            return Invalid<ZoneSnapshot>($"zone {Name} would hold {records.Length} records; the maximum is {_options.MaxRecords}");

        var next = ImmutableDictionary.CreateBuilder<string, DnsRecord>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            var record = r with { Zone = Name, Domain = DnsNames.Normalize(r.Domain), Type = r.Type.ToUpperInvariant(), Answers = ZoneEdits.WithIds(r.Answers) };
            if (next.ContainsKey(record.Key)) return Invalid<ZoneSnapshot>($"duplicate record set {record.Domain} {record.Type}");
            next[record.Key] = record;
        }
        var nsKey = RecordKey.Of(Name, RecordTypes.NS);
        if (!next.ContainsKey(nsKey) && !zone.DnsServers.IsDefaultOrEmpty) next[nsKey] = ZoneEdits.ApexNs(zone);
        var all = next.ToImmutable();
        foreach (var record in all.Values)
        {
            if (ZoneEdits.Check(all.Remove(record.Key), record) is { } error)
                return Invalid<ZoneSnapshot>($"{record.Domain} {record.Type}: {error}");
        }

        if (created && !await Directory.TryAdd(Name)) return OpResult<ZoneSnapshot>.Fail(OpError.AlreadyExists, Messages.ZoneAlreadyExists);
        var changes = Diff(Current.Records, all);
        var result = await Commit(created ? ZoneChangeKind.Created : ZoneChangeKind.Updated, zone, all, changes, settings.Serial);
        if (!result.Ok && created) await Directory.Remove(Name);
        return result.Ok ? OpResult<ZoneSnapshot>.Success(Snapshot()) : Forward<ZoneSnapshot>(result);
    }

    public Task<ZoneChanges> GetChangesSince(long version)
    {
        var changes = ZoneJournal.Since(Current.Journal, Current.Version, version);
        return Task.FromResult(new ZoneChanges
        {
            CurrentVersion = Current.Version,
            Exists = Current.Exists,
            SnapshotRequired = changes is null,
            Changes = changes ?? ImmutableArray<ZoneChanged>.Empty,
        });
    }

    public Task<long> GetVersion() => Task.FromResult(Current.Version);

    // Interim paging and staged import over the whole-zone state (replaced by the log-structured store).
    private readonly Dictionary<string, (ImmutableArray<DnsRecord>.Builder Records, ImportStatus Status)> _imports = new(StringComparer.Ordinal);

    public Task<OpResult<RecordPage>> GetRecordsPage(long version, string? after, int max)
    {
        if (Current.Settings is not { } settings) return Task.FromResult(ZoneNotFound<RecordPage>());
        if (version != 0 && version != Current.Version)
            return Task.FromResult(Invalid<RecordPage>($"version {version} is no longer readable; start again"));
        max = Math.Clamp(max, 1, ZoneReader.MaxPageSize);
        var keys = Current.Records.Keys.Where(k => after is null || RecordKeyOrder.Instance.Compare(k, after) > 0)
            .Order(RecordKeyOrder.Instance).Take(max + 1).ToList();
        var page = keys.Take(max).Select(k => Current.Records[k]).ToImmutableArray();
        return Task.FromResult(OpResult<RecordPage>.Success(new RecordPage
        {
            Settings = settings,
            Version = Current.Version,
            Records = page,
            Next = keys.Count > max ? page[^1].Key : null,
            Total = Current.Records.Count,
        }));
    }

    public Task<OpResult<ImportStatus>> StageImport(string importId, ImmutableArray<DnsRecord> records)
    {
        if (!_imports.TryGetValue(importId, out var import))
        {
            import = (ImmutableArray.CreateBuilder<DnsRecord>(), new ImportStatus { Id = importId, Zone = Name, State = ImportState.Staging, StartedAt = time.GetUtcNow() });
        }
        if (import.Status.State != ImportState.Staging) return Task.FromResult(Invalid<ImportStatus>($"import {importId} was already committed"));
        import.Records.AddRange(records);
        import.Status = import.Status with { Received = import.Records.Count };
        _imports[importId] = import;
        return Task.FromResult(OpResult<ImportStatus>.Success(import.Status));
    }

    public async Task<OpResult<ImportStatus>> CommitImport(string importId, ZonePatch settings)
    {
        if (!_imports.TryGetValue(importId, out var import)) return OpResult<ImportStatus>.Fail(OpError.NotFound, $"import {importId} not found");
        var created = !Current.Exists;
        var result = await Import(settings, import.Records.ToImmutable());
        var status = import.Status with
        {
            State = result.Ok ? ImportState.Succeeded : ImportState.Failed,
            Message = result.Message,
            Error = result.Error,
            Version = Current.Version,
            Created = created,
            FinishedAt = time.GetUtcNow(),
        };
        _imports[importId] = (ImmutableArray.CreateBuilder<DnsRecord>(), status);
        return OpResult<ImportStatus>.Success(status);
    }

    public Task<ImportStatus?> GetImport(string importId) =>
        Task.FromResult(_imports.TryGetValue(importId, out var import) ? import.Status : null);

    private async Task<OpResult<DnsRecord>> Put(ZoneSettings zone, DnsRecord record)
    {
        var others = Current.Records.Remove(record.Key);
        if (ZoneEdits.Check(others, record) is { } error) return Invalid<DnsRecord>(error);
        var previous = Current.Records.GetValueOrDefault(record.Key);
        var attached = await AttachFeeds(previous, record);
        if (!attached.Ok) return attached;
        record = attached.Value!;
        var result = await Commit(ZoneChangeKind.Updated, zone, Current.Records.SetItem(record.Key, record),
            [new RecordChange { Domain = record.Domain, Type = record.Type, Record = record }]);
        if (!result.Ok)
        {
            DetachFeeds(record.Key, record.FeedData.Keys.Except(previous?.FeedData.Keys ?? []));
            return Forward<DnsRecord>(result);
        }
        if (previous is not null) DetachFeeds(record.Key, previous.FeedData.Keys.Except(record.FeedData.Keys));
        return OpResult<DnsRecord>.Success(record);
    }

    /// <summary>Builds the next state, writes it once, then publishes. On a failed write nothing changes.</summary>
    private async Task<OpResult<bool>> Commit(
        ZoneChangeKind kind, ZoneSettings? zone, ImmutableDictionary<string, DnsRecord> records,
        ImmutableArray<RecordChange> changes, uint? requestedSerial = null)
    {
        var now = time.GetUtcNow();
        var version = Current.Version + 1;
        if (zone is not null)
        {
            zone = zone with { Serial = ZoneEdits.NextSerial(zone.Serial == 0 ? Current.LastSerial : zone.Serial, now, requestedSerial) };
        }
        var evt = new ZoneChanged { Zone = Name, Version = version, Kind = kind, Settings = zone, Records = changes, At = now };
        var previous = Current;
        state.State = previous with
        {
            Settings = zone,
            Records = records,
            Version = version,
            LastSerial = zone?.Serial ?? previous.LastSerial,
            Journal = ZoneJournal.Append(previous.Journal, evt, _options.JournalLimit, JournalMaxRecordChanges),
        };
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            state.State = previous;
            LogWriteFailed(Name, version, ex);
            // The storage's etag may no longer match what we hold: reload from storage on the next call.
            DeactivateOnIdle();
            return OpResult<bool>.Fail(OpError.StorageFailed, "the change could not be stored; read the zone back before retrying");
        }

        Directory.SetVersion(Name, version).Ignore();
        await Publish(evt);
        return OpResult<bool>.Success(true);
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

    private async Task Publish(ZoneChanged evt)
    {
        try
        {
            _stream ??= this.GetStreamProvider(ProviderNames.Streams).GetStream<ZoneChanged>(ZoneSharding.ChangeStream(Name));
            await _stream.OnNextAsync(evt.Records.Length > MaxRecordsPerEvent
                ? evt with { Records = ImmutableArray<RecordChange>.Empty, RecordsOmitted = true }
                : evt);
        }
        catch (Exception ex)
        {
            // The change is stored; edges catch up from versions and the journal.
            LogPublishFailed(evt.Zone, evt.Version, ex);
        }
    }

    private ZoneSnapshot Snapshot() => new()
    {
        Settings = Current.Settings!,
        Version = Current.Version,
        Records = [.. Current.Records.Values.OrderBy(r => r.Domain, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal)],
    };

    private IZoneDirectoryGrain Directory => ZoneDirectory.For(GrainFactory, Name);

    private static string Key(string domain, string type) => RecordKey.Of(DnsNames.Normalize(domain), type.ToUpperInvariant());

    private static ImmutableArray<RecordChange> Changes(IEnumerable<DnsRecord> records) =>
        [.. records.Select(r => new RecordChange { Domain = r.Domain, Type = r.Type, Record = r })];

    private static ImmutableArray<RecordChange> Diff(
        ImmutableDictionary<string, DnsRecord> before, ImmutableDictionary<string, DnsRecord> after)
    {
        var changes = ImmutableArray.CreateBuilder<RecordChange>();
        foreach (var (key, record) in after)
        {
            if (!before.TryGetValue(key, out var old) || old != record)
                changes.Add(new RecordChange { Domain = record.Domain, Type = record.Type, Record = record });
        }
        foreach (var (key, old) in before)
        {
            if (!after.ContainsKey(key)) changes.Add(new RecordChange { Domain = old.Domain, Type = old.Type });
        }
        return changes.ToImmutable();
    }

    private static OpResult<T> Invalid<T>(string message) => OpResult<T>.Fail(OpError.Invalid, message);

    private static OpResult<T> ZoneNotFound<T>() => OpResult<T>.Fail(OpError.NotFound, Messages.ZoneNotFound);

    private static OpResult<DnsRecord> RecordNotFound() => OpResult<DnsRecord>.Fail(OpError.NotFound, Messages.RecordNotFound);

    private static OpResult<T> Forward<T>(OpResult<bool> failed) => OpResult<T>.Fail(failed.Error, failed.Message!);

    private static OpResult<T> Forward<T>(OpResult<DnsRecord> failed) => OpResult<T>.Fail(failed.Error, failed.Message!);

    [LoggerMessage(Level = LogLevel.Error, Message = "Zone {Zone}: storing version {Version} failed; the change was rejected")]
    private partial void LogWriteFailed(string zone, long version, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zone {Zone}: the zone directory could not be updated; it catches up at its next refresh")]
    private partial void LogDirectoryFailed(string zone, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zone {Zone}: publishing version {Version} failed; edges will catch up from the journal")]
    private partial void LogPublishFailed(string zone, long version, Exception ex);
}
