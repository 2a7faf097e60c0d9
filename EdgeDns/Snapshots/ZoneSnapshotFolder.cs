using System.Text;
using Vantage.Events;

namespace Vantage.EdgeDns.Snapshots;

/// <summary>A zone snapshot file that could not be trusted, and why.</summary>
public sealed record SkippedSnapshot(string Path, string Reason);

/// <summary>What was found in the folder at start-up.</summary>
public sealed record SnapshotLoad(IReadOnlyList<ZoneSnapshot> Zones, IReadOnlyList<SkippedSnapshot> Skipped, int TempFilesDeleted);

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
        if (!Directory.Exists(Path)) return new SnapshotLoad([], [], 0);
        var tempFiles = 0;
        foreach (var temp in Directory.EnumerateFiles(Path, "*" + TempExtension))
        {
            if (TryDelete(temp)) tempFiles++;
        }

        var zones = new Dictionary<string, ZoneSnapshot>(StringComparer.Ordinal);
        var skipped = new List<SkippedSnapshot>();
        foreach (var file in Directory.EnumerateFiles(Path, "*" + Extension).Order(StringComparer.Ordinal))
        {
            byte[] bytes;
            try
            {
                var length = new FileInfo(file).Length;
                if (length > ZoneSnapshotFile.MaxPayloadBytes + 4096L)
                {
                    skipped.Add(new SkippedSnapshot(file, $"file is too large ({length} bytes)"));
                    continue;
                }
                bytes = File.ReadAllBytes(file);
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
            if (!ZoneSnapshotFile.TryDecode(bytes, out var snapshot, out var error))
            {
                skipped.Add(new SkippedSnapshot(file, error!));
                continue;
            }
            var zone = snapshot!.Settings.Name;
            if (!string.Equals(FileOf(zone), file, StringComparison.Ordinal))
            {
                skipped.Add(new SkippedSnapshot(file, $"holds zone {zone}, not the zone its name says"));
                continue;
            }
            zones[zone] = snapshot;
        }
        return new SnapshotLoad([.. zones.Values], skipped, tempFiles);
    }

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
