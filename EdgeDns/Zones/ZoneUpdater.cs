using System.Collections.Immutable;
using Vantage.Zones;
using Vantage.EdgeDns.Wire;
using Vantage.Events;
using Vantage.Model;

namespace Vantage.EdgeDns.Zones;

/// <summary>
/// Makes the next version of a <see cref="CompiledZone"/> from one change: only the changed owner names are compiled,
/// and only the nodes whose derived data depends on them are copied — their parents (empty non-terminals appear and
/// disappear with their last child, a wildcard hangs off its parent), the owners of NS/MX/SRV sets whose targets'
/// addresses changed, and the apex when the settings did. Everything else is shared with the previous version,
/// which stays intact for the queries still reading it.
/// </summary>
public sealed class ZoneUpdater
{
    private readonly CompiledZone old;
    private readonly byte[] apex;
    private readonly NameMap<ZoneNode>.Editor nodes;
    private readonly HashSet<ZoneNode> fresh = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<CompiledRRSet> freshSets = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<byte[]> changed = new(WireNameComparer.Instance);
    private readonly HashSet<byte[]> dirtyTargets = new(WireNameComparer.Instance);
    private readonly HashSet<byte[]> resolve = new(WireNameComparer.Instance);
    private readonly List<byte[]> cutsChanged = [];
    private readonly ImmutableDictionary<string, byte[]>.Builder skipped;
    private readonly ImmutableDictionary<byte[], ImmutableHashSet<byte[]>>.Builder targets;
    private int cuts;

    private ZoneUpdater(CompiledZone old)
    {
        this.old = old;
        apex = old.Apex;
        nodes = old.Nodes.Edit();
        skipped = old.Indexes.Skipped.ToBuilder();
        targets = old.Indexes.Targets.ToBuilder();
        cuts = old.Indexes.Cuts;
    }

    /// <summary>
    /// The zone at <paramref name="version"/> after <paramref name="changes"/> (record sets replaced or removed) and
    /// <paramref name="settings"/>. Throws <see cref="ArgumentException"/> (nothing changed) when the settings give no SOA.
    /// </summary>
    public static CompiledZone Apply(CompiledZone old, ZoneSettings settings, long version, IEnumerable<RecordChange> changes) =>
        new ZoneUpdater(old).Run(settings, version, changes);

    private CompiledZone Run(ZoneSettings settings, long version, IEnumerable<RecordChange> changes)
    {
        var pending = new Dictionary<byte[], Dictionary<ushort, CompiledRRSet?>>(WireNameComparer.Instance);
        foreach (var change in changes)
        {
            var key = RecordKey.Of(change.Domain, change.Type);
            skipped.Remove(key);
            var placed = ZoneCompiler.TryPlace(change.Domain, change.Type, apex, out var owner, out var type);
            CompiledRRSet? set = null;
            if (change.Record is { } record)
            {
                var model = RecordModel.Encode(record, old.Name);
                var compiled = ZoneCompiler.CompileRecord(record, apex, model);
                if (compiled is null) skipped[key] = model;
                else
                {
                    set = compiled.Value.Set;
                    freshSets.Add(set);
                }
            }
            if (!placed) continue;
            if (!pending.TryGetValue(owner, out var sets))
            {
                sets = [];
                pending[owner] = sets;
            }
            sets[type] = set;
        }

        var soa = old.Soa;
        var negativeSoa = old.NegativeSoa;
        if (!ReferenceEquals(settings, old.Settings) && !settings.Equals(old.Settings) || pending.ContainsKey(apex))
        {
            (soa, negativeSoa) = ZoneCompiler.Soa(settings);
            if (!pending.ContainsKey(apex)) pending[apex] = [];
        }

        foreach (var (owner, sets) in pending) ApplyOwner(owner, sets, settings, soa);
        ResolveAdditional();
        LinkWildcards();

        return new CompiledZone(settings, version, apex, nodes.ToMap(), nodes.Find(apex)!, soa, negativeSoa,
            new ZoneIndexes(skipped.ToImmutable(), cuts, targets.ToImmutable()))
        {
            StatsId = old.StatsId,
        };
    }

    private bool IsApex(byte[] name) => name.Length == apex.Length;

    private static bool Holds(ZoneNode node, CompiledRRSet set)
    {
        foreach (var s in node.Sets)
        {
            if (ReferenceEquals(s, set)) return true;
        }
        return false;
    }

    private void ApplyOwner(byte[] owner, Dictionary<ushort, CompiledRRSet?> changes, ZoneSettings settings, CompiledRRSet soa)
    {
        var current = nodes.Find(owner);
        var isApex = IsApex(owner);
        var sets = new List<CompiledRRSet>(current?.Sets.Length + changes.Count ?? changes.Count);
        if (current is not null)
        {
            foreach (var set in current.Sets)
            {
                // The apex's generated sets (SOA, default NS) are made again below.
                if (isApex && set.Model is null) continue;
                if (!changes.ContainsKey(set.Type)) sets.Add(set);
            }
        }
        foreach (var set in changes.Values)
        {
            if (set is not null) sets.Add(set);
        }
        if (isApex)
        {
            sets.Add(soa);
            if (!sets.Exists(s => s.Type == DnsType.NS) && ZoneCompiler.DefaultNs(settings) is { } ns)
            {
                sets.Add(ns);
                freshSets.Add(ns);
            }
        }
        sets.Sort(static (x, y) => x.Type.CompareTo(y.Type));

        // The target index and the addresses other owners' additional sections point at.
        var before = current is null ? [] : ZoneCompiler.InZoneTargets(current.Sets, apex);
        var after = ZoneCompiler.InZoneTargets(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sets), apex);
        foreach (var target in before)
        {
            if (!after.Exists(t => t.AsSpan().SequenceEqual(target))) Unindex(owner, target);
        }
        foreach (var target in after)
        {
            if (!before.Exists(t => t.AsSpan().SequenceEqual(target))) Index(owner, target);
        }
        if (current is not null)
        {
            foreach (var set in current.Sets)
            {
                if (set.Type is DnsType.A or DnsType.AAAA && !sets.Contains(set)) dirtyTargets.Add(owner);
            }
        }
        foreach (var set in sets)
        {
            if (current is not null && Holds(current, set)) continue;
            if (ZoneCompiler.HasTargets(set.Type)) resolve.Add(owner);
            if (set.Type is DnsType.A or DnsType.AAAA) dirtyTargets.Add(owner);
        }

        var array = sets.ToArray();
        if (array.Length == 0 && !isApex && (current?.Children ?? 0) == 0)
        {
            if (current is not null) RemoveNode(owner);
            return;
        }
        var node = current is null ? new ZoneNode(owner, array, isApex) : current.CopyFor(array, isApex);
        Put(owner, node);
        if (current is null) AddToParent(owner);
        if ((current?.IsCut ?? false) != node.IsCut)
        {
            cuts += node.IsCut ? 1 : -1;
            cutsChanged.Add(owner);
            dirtyTargets.Add(owner);
        }
    }

    private void Put(byte[] name, ZoneNode node)
    {
        fresh.Add(node);
        nodes.Set(name, node);
        changed.Add(name);
    }

    /// <summary>The node at <paramref name="name"/> as a private copy that may still be changed.</summary>
    private ZoneNode Mutable(byte[] name)
    {
        var node = nodes.Find(name)!;
        if (fresh.Contains(node)) return node;
        var copy = node.CopyFor(null, IsApex(name));
        Put(name, copy);
        return copy;
    }

    private void AddToParent(byte[] name)
    {
        if (IsApex(name)) return;
        var parentName = ZoneCompiler.ParentOf(name);
        if (nodes.Find(parentName) is null)
        {
            Put(parentName, new ZoneNode(parentName, [], IsApex(parentName)) { Children = 1 });
            AddToParent(parentName);
            return;
        }
        Mutable(parentName).Children++;
    }

    private void RemoveNode(byte[] name)
    {
        var node = nodes.Find(name)!;
        if (node.IsCut)
        {
            cuts--;
            cutsChanged.Add(name);
        }
        nodes.Remove(name);
        changed.Add(name);
        dirtyTargets.Add(name);
        var parentName = ZoneCompiler.ParentOf(name);
        var parent = Mutable(parentName);
        parent.Children--;
        if (parent.Children == 0 && parent.Sets.Length == 0 && !IsApex(parentName)) RemoveNode(parentName);
    }

    private void Index(byte[] owner, byte[] target) =>
        targets[target] = (targets.TryGetValue(target, out var owners) ? owners : ZoneIndexes.NoOwners).Add(owner);

    private void Unindex(byte[] owner, byte[] target)
    {
        if (!targets.TryGetValue(target, out var owners)) return;
        owners = owners.Remove(owner);
        if (owners.IsEmpty) targets.Remove(target);
        else targets[target] = owners;
    }

    /// <summary>Re-resolves the additional sections that can have changed: new sets, and sets pointing at changed names.</summary>
    private void ResolveAdditional()
    {
        foreach (var name in dirtyTargets) AddOwnersOf(name);
        // A cut that came or went changes which names below it are authoritative (MX/SRV targets must be).
        foreach (var cut in cutsChanged)
        {
            foreach (var (target, owners) in targets)
            {
                if (target.Length > cut.Length && DnsNameCodec.IsAtOrBelow(target, cut)) resolve.UnionWith(owners);
            }
        }

        ZoneCompiler.NodeFinder find = nodes.Find;
        foreach (var owner in resolve)
        {
            var node = nodes.Find(owner);
            if (node is null) continue;
            CompiledRRSet[]? replaced = null;
            for (var i = 0; i < node.Sets.Length; i++)
            {
                var set = node.Sets[i];
                if (!ZoneCompiler.HasTargets(set.Type)) continue;
                var additional = ZoneCompiler.ResolveAdditional(set, find, apex.Length, cuts > 0);
                if (freshSets.Contains(set))
                {
                    set.Additional = additional;
                    continue;
                }
                if (ZoneCompiler.SameTargets(set.Additional, additional)) continue;
                replaced ??= node.Sets.ToArray();
                replaced[i] = set.WithAdditional(additional);
            }
            if (replaced is null) continue;
            var copy = node.CopyFor(replaced, IsApex(owner));
            Put(owner, copy);
        }
    }

    private void AddOwnersOf(byte[] name)
    {
        if (targets.TryGetValue(name, out var owners)) resolve.UnionWith(owners);
    }

    /// <summary>Points every parent at its current <c>*</c> child (a changed wildcard node, or one that went away).</summary>
    private void LinkWildcards()
    {
        var work = new Queue<byte[]>(changed.Where(ZoneCompiler.IsWildcard));
        while (work.TryDequeue(out var name))
        {
            var parentName = ZoneCompiler.ParentOf(name);
            var parent = nodes.Find(parentName);
            if (parent is null) continue;
            var wildcard = nodes.Find(name);
            if (ReferenceEquals(parent.Wildcard, wildcard)) continue;
            var wasFresh = fresh.Contains(parent);
            Mutable(parentName).Wildcard = wildcard;
            // A parent that is itself a wildcard (*.*.x) was just replaced: its own parent must follow.
            if (!wasFresh && ZoneCompiler.IsWildcard(parentName)) work.Enqueue(parentName);
        }
    }
}
