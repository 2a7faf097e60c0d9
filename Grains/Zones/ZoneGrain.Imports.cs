using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Vantage.Events;
using Vantage.Model;
using Vantage.Validation;
using Vantage.Zones;

namespace Vantage.Grains.Zones;

/// <summary>
/// Zone-file imports: chunks are staged and validated as they arrive, then one commit diffs the whole file against the
/// zone. Unchanged record sets keep their ids, answers with the same RDATA keep theirs, and an import that changes
/// nothing stores no version. Large imports run in the background; their status is kept for polling.
/// </summary>
public sealed partial class ZoneGrain
{
    /// <summary>Finished imports remembered for status reads.</summary>
    private const int RememberedImports = 16;

    private readonly Dictionary<string, StagedImport> _imports = new(StringComparer.Ordinal);

    private string? RunningImportId { get; set; }

    private Task? _importRun;

    private sealed class StagedImport(ImportStatus status)
    {
        public ImportStatus Status { get; set; } = status;

        public Dictionary<string, DnsRecord> Records { get; } = new(StringComparer.Ordinal);
    }

    public async Task<OpResult<ZoneSnapshot>> Import(ZonePatch settings, ImmutableArray<DnsRecord> records)
    {
        var id = "inline-" + Ids.New();
        var staged = await StageImport(id, records);
        if (!staged.Ok) return Forward(staged);
        var gate = await EnterWrite();
        if (!gate.Entered)
        {
            _imports.Remove(id);
            return Busy<ZoneSnapshot>();
        }
        await using (gate)
        {
            ImportStatus status;
            try
            {
                status = await RunImport(_imports[id], settings);
            }
            finally
            {
                _imports.Remove(id);
            }
            return status.State == ImportState.Succeeded
                ? OpResult<ZoneSnapshot>.Success(Snapshot())
                : OpResult<ZoneSnapshot>.Fail(status.Error, status.Message!);
        }
    }

    public Task<OpResult<ImportStatus>> StageImport(string importId, ImmutableArray<DnsRecord> records)
    {
        if (string.IsNullOrWhiteSpace(importId) || importId.Length > 64) return Task.FromResult(Invalid<ImportStatus>("an import id is 1 to 64 characters"));
        if (RecordValidator.ValidateZoneName(Name) is { } nameError) return Task.FromResult(Invalid<ImportStatus>(nameError));
        if (!_imports.TryGetValue(importId, out var import))
        {
            ForgetOldImports();
            import = new StagedImport(new ImportStatus { Id = importId, Zone = Name, State = ImportState.Staging, StartedAt = time.GetUtcNow() });
            _imports[importId] = import;
        }
        if (import.Status.State != ImportState.Staging)
            return Task.FromResult(Invalid<ImportStatus>($"import {importId} was already committed"));
        if (import.Records.Count + records.Length > _options.MaxRecords)
            return Task.FromResult(Fail(import, OpError.Invalid,
                $"zone {Name} would hold more than {_options.MaxRecords} records; the maximum is {_options.MaxRecords}"));

        var name = Name;
        foreach (var r in records)
        {
            // A zone file has no ids: whatever ids the parser gave are dropped, so the diff can keep the zone's own.
            var record = RecordCompaction.Compact(r with
            {
                Id = "", Zone = name, Domain = DnsNames.Normalize(r.Domain), Type = r.Type.ToUpperInvariant(),
                Answers = [.. r.Answers.Select(a => a.Id.Length == 0 ? a : a with { Id = "" })],
            }, name);
            if (!import.Records.TryAdd(record.Key, record))
                return Task.FromResult(Fail(import, OpError.Invalid, $"duplicate record set {record.Domain} {record.Type}"));
            if (RecordValidator.ValidateRecord(record) is { } error)
                return Task.FromResult(Fail(import, OpError.Invalid, $"{record.Domain} {record.Type}: {error}"));
        }
        import.Status = import.Status with { Received = import.Records.Count };
        return Task.FromResult(OpResult<ImportStatus>.Success(import.Status));
    }

    public async Task<OpResult<ImportStatus>> CommitImport(string importId, ZonePatch settings)
    {
        if (!_imports.TryGetValue(importId, out var import))
            return OpResult<ImportStatus>.Fail(OpError.NotFound, $"import {importId} not found");
        if (import.Status.State != ImportState.Staging) return OpResult<ImportStatus>.Success(import.Status);
        if (RunningImportId is { } running && running != importId)
            return OpResult<ImportStatus>.Fail(OpError.Busy, $"zone {Name} is busy with import {running}; retry when it has finished");

        import.Status = import.Status with { State = ImportState.Running };
        if (import.Records.Count <= _options.InlineImportRecords)
        {
            await using var gate = await EnterWrite();
            if (!gate.Entered)
            {
                import.Status = import.Status with { State = ImportState.Staging };
                return Busy<ImportStatus>();
            }
            try
            {
                return OpResult<ImportStatus>.Success(await RunImport(import, settings));
            }
            catch (Exception ex)
            {
                LogImportFailed(Name, importId, ex);
                return OpResult<ImportStatus>.Success(Finish(import, OpError.StorageFailed, "the import failed: " + ex.Message));
            }
        }

        RunningImportId = importId;
        _importRun = RunInBackground(import, settings);
        return OpResult<ImportStatus>.Success(import.Status);
    }

    public Task<ImportStatus?> GetImport(string importId) =>
        Task.FromResult(_imports.TryGetValue(importId, out var import) ? import.Status : null);

    private async Task RunInBackground(StagedImport import, ZonePatch settings)
    {
        try
        {
            // Holds the write gate for the whole run: edits that arrive meanwhile wait, then see the imported zone.
            var asked = System.Diagnostics.Stopwatch.GetTimestamp();
            await _writeGate.WaitAsync();
            GateEntered(asked);
            try
            {
                await RunImport(import, settings);
            }
            finally
            {
                _writeGate.Release();
            }
        }
        catch (Exception ex)
        {
            LogImportFailed(Name, import.Status.Id, ex);
            import.Status = import.Status with
            {
                State = ImportState.Failed, Error = OpError.StorageFailed, Message = "the import failed: " + ex.Message, FinishedAt = time.GetUtcNow(),
            };
        }
        finally
        {
            RunningImportId = null;
        }
    }

    /// <summary>Validates the staged file against itself, diffs it with the zone and commits the difference. Holds the gate.</summary>
    private async Task<ImportStatus> RunImport(StagedImport import, ZonePatch settings)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var created = !Current.Exists;
        var zone = Current.Settings is { } existing
            ? ZoneEdits.Merge(existing, settings with { Serial = null })
            : ZoneEdits.NewZone(Name, settings, _options);
        if (RecordValidator.ValidateZone(zone) is { } zoneError) return Finish(import, OpError.Invalid, zoneError);

        var incoming = import.Records;
        var nsKey = RecordKey.Of(Name, RecordTypes.NS);
        if (!incoming.ContainsKey(nsKey) && !zone.DnsServers.IsDefaultOrEmpty)
        {
            // Without ids, so that an apex NS the zone already has keeps its ids.
            var ns = ZoneEdits.ApexNs(zone);
            incoming[nsKey] = ns with { Answers = [.. ns.Answers.Select(a => a with { Id = "" })] };
        }
        if (RecordValidator.ValidateCoexistence(Name, incoming.Values) is { } conflict) return Finish(import, OpError.Invalid, conflict);

        // The diff, off the grain's thread (pure work over the staged file and an immutable version): what stays keeps
        // its ids; only differences become the change.
        var validated = clock.Elapsed;
        var before = Current.Records;
        var (changes, merged, detach) = await Task.Run(() => Diff(before, incoming));
        var diffed = clock.Elapsed;
        var settingsChanged = created || zone != Current.Settings
            || settings.Serial is { } serial && ZoneEdits.SerialGreater(serial, Current.LastSerial);
        if (changes.Length == 0 && !settingsChanged)
        {
            return Succeed(import, changed: 0, created: false);
        }

        if (created && !await Directory.TryAdd(Name)) return Finish(import, OpError.AlreadyExists, Messages.ZoneAlreadyExists);
        var table = changes.Length * 4L >= Math.Max(merged.Count, before.Count) ? await Task.Run(() => RecordTable.From(merged)) : null;
        var built = clock.Elapsed;
        var result = await Commit(created ? ZoneChangeKind.Created : ZoneChangeKind.Updated, zone, changes, settings.Serial, table);
        LogImportTimes(Name, import.Records.Count, validated.TotalMilliseconds, (diffed - validated).TotalMilliseconds,
            (built - diffed).TotalMilliseconds, (clock.Elapsed - built).TotalMilliseconds);
        if (!result.Ok)
        {
            if (created) await ForgetIfNotStored();
            return Finish(import, result.Error, result.Message!);
        }
        foreach (var (key, feeds) in detach) DetachFeeds(key, feeds);
        return Succeed(import, changed: changes.Length, created: created);
    }

    /// <summary>The changes an import makes, the zone after it, and the feeds records stop pointing at.</summary>
    private static (ImmutableArray<RecordChange> Changes, List<DnsRecord> Merged, List<(string Key, string[] Feeds)> Detach) Diff(
        RecordTable before, Dictionary<string, DnsRecord> incoming)
    {
        var changes = ImmutableArray.CreateBuilder<RecordChange>();
        var merged = new List<DnsRecord>(incoming.Count);
        var detach = new List<(string, string[])>();
        foreach (var record in incoming.Values)
        {
            var old = before.Count == 0 ? null : before.Find(record.Key);
            var next = KeepIds(old, record);
            merged.Add(next);
            if (old is null || old != next) changes.Add(Upsert(next));
            if (old is { FeedData.IsEmpty: false }) detach.Add((old.Key, [.. old.FeedData.Keys.Except(next.FeedData.Keys)]));
        }
        foreach (var old in before.Ordered())
        {
            if (incoming.ContainsKey(old.Key)) continue;
            changes.Add(new RecordChange { Domain = old.Domain, Type = old.Type });
            if (!old.FeedData.IsEmpty) detach.Add((old.Key, [.. old.FeedData.Keys]));
        }
        return (changes.ToImmutable(), merged, detach);
    }

    /// <summary>The imported record with the ids of what it replaces: the set's id, and each answer's whose RDATA is the same.</summary>
    private static DnsRecord KeepIds(DnsRecord? old, DnsRecord incoming)
    {
        if (old is null) return WithNewIds(incoming);
        var unused = old.Answers.ToList();
        var answers = ImmutableArray.CreateBuilder<DnsAnswer>(incoming.Answers.Length);
        foreach (var answer in incoming.Answers)
        {
            var match = string.IsNullOrEmpty(answer.Id) ? unused.FindIndex(a => a.Rdata.AsSpan().SequenceEqual(answer.Rdata.AsSpan())) : -1;
            if (match >= 0)
            {
                answers.Add(answer with { Id = unused[match].Id });
                unused.RemoveAt(match);
            }
            else
            {
                answers.Add(string.IsNullOrEmpty(answer.Id) ? answer with { Id = Ids.New() } : answer);
            }
        }
        return incoming with { Id = old.Id, Answers = answers.MoveToImmutable() };
    }

    private static DnsRecord WithNewIds(DnsRecord record) => record with
    {
        Id = record.Id.Length == 0 ? Ids.New() : record.Id,
        Answers = ZoneEdits.WithIds(record.Answers),
    };

    private ImportStatus Succeed(StagedImport import, int changed, bool created)
    {
        import.Status = import.Status with
        {
            State = ImportState.Succeeded, Changed = changed, Version = Current.Version, Created = created, FinishedAt = time.GetUtcNow(),
        };
        import.Records.Clear();
        import.Records.TrimExcess();
        return import.Status;
    }

    private ImportStatus Finish(StagedImport import, OpError error, string message)
    {
        import.Status = import.Status with
        {
            State = ImportState.Failed, Error = error, Message = message, Version = Current.Version, FinishedAt = time.GetUtcNow(),
        };
        import.Records.Clear();
        import.Records.TrimExcess();
        return import.Status;
    }

    private OpResult<ImportStatus> Fail(StagedImport import, OpError error, string message)
    {
        Finish(import, error, message);
        return OpResult<ImportStatus>.Fail(error, message);
    }

    private void ForgetOldImports()
    {
        var finished = _imports.Values.Where(i => i.Status.Finished).OrderBy(i => i.Status.FinishedAt).ToList();
        for (var i = 0; i < finished.Count - RememberedImports + 1; i++) _imports.Remove(finished[i].Status.Id);
    }

    private static OpResult<ZoneSnapshot> Forward(OpResult<ImportStatus> failed) => OpResult<ZoneSnapshot>.Fail(failed.Error, failed.Message!);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zone {Zone}: imported {Records} record sets: validated in {Validate} ms, diffed in {Diff} ms, indexed in {Index} ms, stored in {Store} ms")]
    private partial void LogImportTimes(string zone, int records, double validate, double diff, double index, double store);

    [LoggerMessage(Level = LogLevel.Error, Message = "Zone {Zone}: import {Import} failed")]
    private partial void LogImportFailed(string zone, string import, Exception ex);
}
