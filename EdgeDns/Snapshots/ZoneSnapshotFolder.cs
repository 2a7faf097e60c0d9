using System.Buffers.Binary;
using System.Text;
using Vantage.EdgeDns.Zones;
using Vantage.Events;

namespace Vantage.EdgeDns.Snapshots;

/// <summary>A zone snapshot file that could not be trusted, and why.</summary>
public sealed record SkippedSnapshot(string Path, string Reason);

/// <summary>What was found in the folder at start-up.</summary>
public sealed record SnapshotLoad(IReadOnlyList<ZoneSnapshot> Zones, IReadOnlyList<SkippedSnapshot> Skipped, int TempFilesDeleted);

/// <summary>What was found in the folder at start-up, compiled as it was read.</summary>
public sealed record CompiledLoad(IReadOnlyList<CompiledZone> Zones, IReadOnlyList<SkippedSnapshot> Skipped, int TempFilesDeleted);

/// <summary>
/// The edge's snapshot folder: one <c>&lt;zone&gt;.zone.bin</c> per served zone, written atomically (temporary file,
/// flush to disk, rename over the old file), so a crash leaves either the old or the new file, never a mix.
/// </summary>
public sealed class ZoneSnapshotFolder(string path)
{
    public const string Extension = ".zone.bin";
    public const string TempExtension = ".tmp";

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>The file of <paramref name="zone"/>; characters outside [a-z0-9._-] are escaped as %XX.</summary>
    public string FileOf(string zone)
    {
        var name = new StringBuilder(zone.Length + Extension.Length);
        foreach (var b in Encoding.UTF8.GetBytes(zone))
        {
            var c = (char)b;
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' || (c == '.' && name.Length > 0)) name.Append(c);
            else name.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return System.IO.Path.Combine(Path, name.Append(Extension).ToString());
    }

    /// <summary>Writes <paramref name="snapshot"/> atomically, replacing the zone's previous file.</summary>
    public void Write(ZoneSnapshot snapshot)
    {
        Directory.CreateDirectory(Path);
        var target = FileOf(snapshot.Settings.Name);
        var temp = target + "." + Guid.NewGuid().ToString("N") + TempExtension;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                stream.Write(ZoneSnapshotFile.Encode(snapshot));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="zone"/> atomically in the streamed format (<see cref="ZoneSnapshotStream"/>): its compact
    /// records go to the file one by one, never as one document in memory.
    /// </summary>
    public void Write(CompiledZone zone)
    {
        Directory.CreateDirectory(Path);
        var target = FileOf(zone.Name);
        var temp = target + "." + Guid.NewGuid().ToString("N") + TempExtension;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                ZoneSnapshotStream.Write(stream, zone);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes the zone's file; true when there was one.</summary>
    public bool Delete(string zone)
    {
        var file = FileOf(zone);
        if (!File.Exists(file)) return false;
        File.Delete(file);
        return true;
    }

    /// <summary>
    /// Reads every snapshot file, keeps the ones that verify, reports
    /// the others, and deletes temporary files left by an interrupted write.
    /// </summary>
    public SnapshotLoad Load()
    {
        var zones = new Dictionary<string, ZoneSnapshot>(StringComparer.Ordinal);
        var (skipped, temps) = Scan(file =>
        {
            using var stream = File.OpenRead(file);
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return ZoneSnapshotFile.TryDecode(bytes, out var snapshot, out var error)
                ? (snapshot!.Settings.Name, () => zones[snapshot.Settings.Name] = snapshot, null)
                : ("", () => { }, error);
        });
        return new SnapshotLoad([.. zones.Values], skipped, temps);
    }

    /// <summary>
    /// Like <see cref="Load"/>, but each file is compiled as it is read (format 2 record by record), so a big zone is
    /// never held as records and compiled zone at once. A file that does not compile is skipped.
    /// </summary>
    public CompiledLoad LoadCompiled()
    {
        var zones = new Dictionary<string, CompiledZone>(StringComparer.Ordinal);
        var (skipped, temps) = Scan(file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var header = new byte[ZoneSnapshotFile.Magic.Length + 2];
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) != header.Length) return ("", () => { }, "file is truncated");
            if (!header.AsSpan(0, ZoneSnapshotFile.Magic.Length).SequenceEqual(ZoneSnapshotFile.Magic)) return ("", () => { }, "not a zone snapshot (bad magic)");
            CompiledZone? compiled;
            string? error;
            string zone;
            try
            {
                if (ZoneSnapshotStream.Reads(BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(ZoneSnapshotFile.Magic.Length))))
                {
                    ZoneBuilder? builder = null;
                    error = ZoneSnapshotStream.Read(stream, header, (settings, _) => builder = new ZoneBuilder(settings),
                        (record, model) => builder!.Add(record, model), out zone, out var version);
                    compiled = error is null ? builder!.Build(version) : null;
                }
                else
                {
                    if (stream.Length > ZoneSnapshotFile.MaxPayloadBytes + 4096L) return ("", () => { }, $"file is too large ({stream.Length} bytes)");
                    var bytes = new byte[stream.Length];
                    stream.Position = 0;
                    stream.ReadExactly(bytes);
                    error = ZoneSnapshotFile.TryDecode(bytes, out var snapshot, out var e) ? null : e;
                    zone = snapshot?.Settings.Name ?? "";
                    compiled = snapshot is null ? null : ZoneCompiler.Compile(snapshot.Settings, snapshot.Version, snapshot.Records);
                }
            }
            catch (ArgumentException e)
            {
                return ("", () => { }, "does not compile: " + e.Message);
            }
            return error is null ? (zone, () => zones[zone] = compiled!, null) : ("", () => { }, error);
        });
        return new CompiledLoad([.. zones.Values], skipped, temps);
    }

    /// <summary>
    /// Deletes temporary files, then runs <paramref name="read"/> on every snapshot file (it says which zone the file
    /// holds, what to do to keep it, or why not); files named for another zone and unreadable files are skipped.
    /// </summary>
    private (List<SkippedSnapshot> Skipped, int TempFiles) Scan(Func<string, (string Zone, Action Keep, string? Error)> read)
    {
        var skipped = new List<SkippedSnapshot>();
        if (!Directory.Exists(Path)) return (skipped, 0);
        var tempFiles = 0;
        foreach (var temp in Directory.EnumerateFiles(Path, "*" + TempExtension))
        {
            if (TryDelete(temp)) tempFiles++;
        }

        foreach (var file in Directory.EnumerateFiles(Path, "*" + Extension).Order(StringComparer.Ordinal))
        {
            (string Zone, Action Keep, string? Error) result;
            try
            {
                var length = new FileInfo(file).Length;
                if (length > MaxFileBytes)
                {
                    skipped.Add(new SkippedSnapshot(file, $"file is too large ({length} bytes)"));
                    continue;
                }
                result = read(file);
            }
            catch (IOException e)
            {
                skipped.Add(new SkippedSnapshot(file, e.Message));
                continue;
            }
            catch (UnauthorizedAccessException e)
            {
                skipped.Add(new SkippedSnapshot(file, e.Message));
                continue;
            }
            if (result.Error is not null)
            {
                skipped.Add(new SkippedSnapshot(file, result.Error));
                continue;
            }
            if (!string.Equals(FileOf(result.Zone), file, StringComparison.Ordinal))
            {
                skipped.Add(new SkippedSnapshot(file, $"holds zone {result.Zone}, not the zone its name says"));
                continue;
            }
            result.Keep();
        }
        return (skipped, tempFiles);
    }

    /// <summary>Larger files are refused (a streamed zone of several million records stays well below).</summary>
    public const long MaxFileBytes = 8L * 1024 * 1024 * 1024;

    private static bool TryDelete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
