using Vantage.EdgeDns.Wire;
using Vantage.EdgeDns.Zones;
using Vantage.Steering.Engine;

namespace Vantage.EdgeDns.Query;

/// <summary>
/// Builds the answer, authority and additional sections for a parsed query from the compiled zones
/// (RFC 1034 §4.3.2, RFC 2308, RFC 4592, RFC 8482).
/// </summary>
internal static class Responder
{
    /// <summary>Longest CNAME chain followed inside a zone.</summary>
    public const int MaxChain = 8;

    public static void Answer(ref DnsWriter w, ref ResponseState st, scoped in DnsQuery q, ZoneSet zones, ref QueryClient client)
    {
        var zone = zones.Find(q.Name, q.LabelStarts, q.LabelCount, q.QType);
        if (zone is null)
        {
            st.Rcode = DnsRcode.Refused;
            return;
        }

        st.Authoritative = true;
        st.Zone = zone;
        var qtype = q.QType;
        scoped ReadOnlySpan<byte> name = q.Name;
        scoped ReadOnlySpan<byte> starts = q.LabelStarts;
        var labelCount = q.LabelCount;
        var ownerOffset = DnsLimits.HeaderLength;
        Span<byte> targetStarts = stackalloc byte[DnsLimits.MaxLabels];
        // Owner names already answered with a CNAME: the query name, then each target followed (a wildcard
        // CNAME pointing into itself reaches the same owner name again although it never exists as a node).
        var visited = new VisitedNames();

        for (var hop = 0; ; hop++)
        {
            var found = zone.Lookup(name, starts, labelCount, qtype);
            if (found.Kind == LookupKind.Delegation)
            {
                if (hop == 0) st.Authoritative = false;
                WriteReferral(ref w, ref st, found.Node!);
                return;
            }
            if (found.Kind == LookupKind.NxDomain)
            {
                st.Rcode = DnsRcode.NxDomain;
                WriteNegative(ref w, ref st, zone);
                return;
            }

            var node = found.Node!;
            var set = qtype == DnsType.ANY
                ? (node.Sets.Length > 0 ? node.Sets[0] : null)
                : node.Find(qtype);
            if (set is not null)
            {
                st.Record ??= set;
                if (!WriteAnswer(ref w, ref st, set, ownerOffset, name, ref client)) return;
                if (set.Additional.Length > 0 && qtype != DnsType.ANY) WriteAdditional(ref w, ref st, set);
                return;
            }

            if (node.Cname is not { } cname || qtype == DnsType.CNAME)
            {
                WriteNegative(ref w, ref st, zone);
                return;
            }

            st.Record ??= cname;
            var mark = w.Mark();
            if (!RecordWriter.TryWriteCname(ref w, cname, ownerOffset, out var targetOffset))
            {
                w.Reset(mark);
                st.Truncated = true;
                return;
            }
            st.Answers++;

            var target = cname.CnameTarget!;
            if (hop + 1 >= MaxChain || targetOffset > DnsLimits.MaxPointerOffset || !DnsNameCodec.IsAtOrBelow(target, zone.Apex))
            {
                return;
            }
            // The next owner is the target: stop when it was an owner already (the query name or an earlier target).
            if (target.AsSpan().SequenceEqual(q.Name)) return;
            for (var i = 0; i < hop; i++)
            {
                if (ReferenceEquals(visited[i], target) || target.AsSpan().SequenceEqual(visited[i])) return;
            }
            visited[hop] = target;

            name = target;
            labelCount = DnsNameCodec.LabelStarts(target, targetStarts);
            starts = targetStarts;
            ownerOffset = targetOffset;
        }
    }

    private static bool WriteAnswer(ref DnsWriter w, ref ResponseState st, CompiledRRSet set, int ownerOffset,
        scoped ReadOnlySpan<byte> name, ref QueryClient client)
    {
        var mark = w.Mark();
        if (set.Steering is { } steered) return WriteSteered(ref w, ref st, set, steered, ownerOffset, name, ref client);
        if (RecordWriter.TryWriteSet(ref w, set, ownerOffset))
        {
            st.Answers += set.Count;
            return true;
        }
        w.Reset(mark);
        st.Truncated = true;
        return false;
    }

    /// <summary>
    /// A record with a filter chain: the chain picks (and orders) the answers for this client, which are copied
    /// from the pre-encoded set one by one; addresses made up by the chain are written as A records.
    /// </summary>
    private static bool WriteSteered(ref DnsWriter w, ref ResponseState st, CompiledRRSet set, SteeredRecord steered,
        int ownerOffset, scoped ReadOnlySpan<byte> name, ref QueryClient client)
    {
        var who = steered.Record.UseClientSubnet && client.HasSubnet ? client.Subnet : client.Resolver;
        if (steered.NeedsLocation || steered.NeedsAsn) who.Locate(client.Geo, steered.NeedsLocation, steered.NeedsAsn);
        var context = new SteeringContext(who, client.Random, name);
        Span<Pick> picks = stackalloc Pick[SteeredRecord.BufferLength];
        var chainStarted = client.Counters?.FilterChainStarting() ?? 0;
        var count = steered.Run(context, picks);
        client.Counters?.FilterChainDone(chainStarted);
        client.Scope = Math.Max(client.Scope, steered.Scope(who));

        var mark = w.Mark();
        for (var i = 0; i < count; i++)
        {
            var pick = picks[i];
            var written = pick.Synthesized
                ? RecordWriter.TryWriteAddress(ref w, set.Ttl, pick.Address, ownerOffset)
                : RecordWriter.TryWriteOne(ref w, set, pick.Answer, ownerOffset);
            if (!written)
            {
                w.Reset(mark);
                st.Truncated = true;
                return false;
            }
        }
        st.Answers += count;
        return true;
    }

    /// <summary>NODATA or NXDOMAIN: the SOA in the authority section with the negative TTL (RFC 2308 §3).</summary>
    private static void WriteNegative(ref DnsWriter w, ref ResponseState st, CompiledZone zone)
    {
        var mark = w.Mark();
        if (RecordWriter.TryWriteSetNamed(ref w, zone.NegativeSoa, zone.Apex))
        {
            st.Authority++;
            return;
        }
        w.Reset(mark);
        st.Truncated = true;
    }

    /// <summary>A referral: the cut's NS set in the authority section and in-zone glue in the additional section.</summary>
    private static void WriteReferral(ref DnsWriter w, ref ResponseState st, ZoneNode cut)
    {
        var ns = cut.Find(DnsType.NS)!;
        var mark = w.Mark();
        if (!RecordWriter.TryWriteSetNamed(ref w, ns, cut.Name))
        {
            w.Reset(mark);
            st.Truncated = true;
            return;
        }
        st.Authority += ns.Count;
        // RFC 9471: in-domain glue (at or below the cut) is required for the referral to work, so it goes first and
        // TC is set when it does not all fit; other addresses (sibling glue) are optional and left out silently.
        foreach (var target in ns.Additional)
        {
            if (!DnsNameCodec.IsAtOrBelow(target.Name, cut.Name)) continue;
            if (!WriteAddress(ref w, ref st, target.A, target.Name) || !WriteAddress(ref w, ref st, target.Aaaa, target.Name))
            {
                st.Truncated = true;
                return;
            }
        }
        foreach (var target in ns.Additional)
        {
            if (DnsNameCodec.IsAtOrBelow(target.Name, cut.Name)) continue;
            if (!WriteAddress(ref w, ref st, target.A, target.Name) || !WriteAddress(ref w, ref st, target.Aaaa, target.Name)) return;
        }
    }

    /// <summary>Addresses of NS/MX/SRV targets inside the zone; optional, so they are simply left out when they do not fit.</summary>
    private static void WriteAdditional(ref DnsWriter w, ref ResponseState st, CompiledRRSet set)
    {
        foreach (var target in set.Additional)
        {
            if (!WriteAddress(ref w, ref st, target.A, target.Name) || !WriteAddress(ref w, ref st, target.Aaaa, target.Name)) return;
        }
    }

    private static bool WriteAddress(ref DnsWriter w, ref ResponseState st, CompiledRRSet? set, byte[] owner)
    {
        if (set is null) return true;
        var mark = w.Mark();
        if (RecordWriter.TryWriteSetNamed(ref w, set, owner))
        {
            st.Additional += set.Count;
            return true;
        }
        w.Reset(mark);
        return false;
    }
}
