using System.Collections.Immutable;
using Vantage.Model;

namespace Vantage.Zones;

/// <summary>
/// One page of a zone's record sets in <see cref="RecordKeyOrder"/> (domain, then type), all read at one version.
/// Pages let a caller read a zone of any size without one message carrying all of it.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.record-page.v1")]
public sealed record RecordPage
{
    [Id(0)] public required ZoneSettings Settings { get; init; }

    /// <summary>The zone version every record of this page belongs to.</summary>
    [Id(1)] public required long Version { get; init; }

    [Id(2)] public ImmutableArray<DnsRecord> Records { get; init; } = ImmutableArray<DnsRecord>.Empty;

    /// <summary>Pass as <c>after</c> to read the next page; null on the last page.</summary>
    [Id(3)] public string? Next { get; init; }

    /// <summary>Number of record sets in the zone at <see cref="Version"/>.</summary>
    [Id(4)] public int Total { get; init; }
}

/// <summary>
/// One page of a zone's record sets like <see cref="RecordPage"/>, each record in its <see cref="RecordModel"/> form
/// (encoded for the zone: decode with its name), concatenated as <c>[length varint][model]</c>. This is what edges read:
/// one byte array serializes in a fraction of the time the same records take as objects.
/// </summary>
[GenerateSerializer, Immutable, Alias("vantage.record-model-page.v1")]
public sealed record RecordModelPage
{
    [Id(0)] public required ZoneSettings Settings { get; init; }

    [Id(1)] public required long Version { get; init; }

    /// <summary>Number of records in <see cref="Models"/>.</summary>
    [Id(2)] public int Count { get; init; }

    [Id(3)] public byte[] Models { get; init; } = [];

    /// <summary>Pass as <c>after</c> to read the next page; null on the last page.</summary>
    [Id(4)] public string? Next { get; init; }

    [Id(5)] public int Total { get; init; }

    /// <summary>Concatenates the models of <paramref name="records"/> (encoded for <paramref name="zone"/>).</summary>
    public static byte[] Pack(IEnumerable<DnsRecord> records, string zone, out int count)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
        count = 0;
        foreach (var record in records)
        {
            var model = RecordModel.Encode(record, zone);
            var span = buffer.GetSpan(5 + model.Length);
            var at = 0;
            for (var v = (uint)model.Length; ; v >>= 7)
            {
                if (v < 0x80) { span[at++] = (byte)v; break; }
                span[at++] = (byte)(v | 0x80);
            }
            model.CopyTo(span[at..]);
            buffer.Advance(at + model.Length);
            count++;
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The models of a page, in order (each a slice of <see cref="Models"/>).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Unpack(byte[] models)
    {
        var at = 0;
        while (at < models.Length)
        {
            uint length = 0;
            var shift = 0;
            while (true)
            {
                if (at >= models.Length || shift > 28) throw new FormatException("truncated record model page");
                var b = models[at++];
                length |= (uint)(b & 0x7F) << shift;
                if (b < 0x80) break;
                shift += 7;
            }
            if (length == 0 || length > models.Length - at) throw new FormatException("bad record model length in page");
            yield return new ReadOnlyMemory<byte>(models, at, (int)length);
            at += (int)length;
        }
    }
}

/// <summary>Where a staged zone-file import stands.</summary>
public enum ImportState
{
    /// <summary>Chunks are being received.</summary>
    Staging = 1,
    /// <summary>Committed by the caller; the zone grain is diffing and storing it.</summary>
    Running = 2,
    Succeeded = 3,
    Failed = 4,
}

/// <summary>Status of one import (the API's <c>/v1/zones/{zone}/imports/{id}</c>).</summary>
[GenerateSerializer, Immutable, Alias("vantage.import-status.v1")]
public sealed record ImportStatus
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Zone { get; init; }
    [Id(2)] public ImportState State { get; init; }
    /// <summary>Record sets received so far.</summary>
    [Id(3)] public int Received { get; init; }
    /// <summary>Record sets added, changed or removed by the import (set when it succeeded).</summary>
    [Id(4)] public int Changed { get; init; }
    /// <summary>The zone version the import produced (unchanged when the import changed nothing).</summary>
    [Id(5)] public long Version { get; init; }
    /// <summary>Why it failed, NS1-style, when <see cref="State"/> is Failed.</summary>
    [Id(6)] public string? Message { get; init; }
    [Id(7)] public OpError Error { get; init; }
    [Id(8)] public DateTimeOffset StartedAt { get; init; }
    [Id(9)] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>True when the zone did not exist before the import.</summary>
    [Id(10)] public bool Created { get; init; }

    public bool Finished => State is ImportState.Succeeded or ImportState.Failed;
}

/// <summary>
/// Order of record keys (<c>domain/TYPE</c>): by domain, then by type, ordinal — the '/' separator sorts before every
/// character of a name, so "a/A" comes before "a-b/A" exactly as ("a", "A") comes before ("a-b", "A").
/// </summary>
public sealed class RecordKeyOrder : IComparer<string>
{
    public static readonly RecordKeyOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            var a = x[i] == '/' ? '\0' : x[i];
            var b = y[i] == '/' ? '\0' : y[i];
            if (a != b) return a < b ? -1 : 1;
        }
        return x.Length.CompareTo(y.Length);
    }
}

/// <summary>Reads a whole zone page by page, every page at the same version.</summary>
public static class ZoneReader
{
    /// <summary>Record sets per page when a caller does not say: about a megabyte of typical records.</summary>
    public const int DefaultPageSize = 2000;

    /// <summary>Largest page a zone grain returns.</summary>
    public const int MaxPageSize = 10_000;

    /// <summary>
    /// All pages of the zone at one version (the version of the first page). Fails with the grain's error
    /// (NotFound when the zone does not exist). A zone changing very fast can expire the version being read
    /// (<see cref="OpError.Invalid"/> with "version … is no longer readable"); the caller then starts over.
    /// </summary>
    public static async IAsyncEnumerable<OpResult<RecordPage>> Pages(
        IZoneGrain zone, int pageSize = DefaultPageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long version = 0;
        string? after = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await zone.GetRecordsPage(version, after, pageSize).ConfigureAwait(false);
            yield return page;
            if (!page.Ok || page.Value!.Next is null) yield break;
            version = page.Value.Version;
            after = page.Value.Next;
        }
    }
}
