#!/usr/bin/env python3
"""Writes a BIND master file for bench/zones-scale.sh: SOA, then exactly RECORDS record sets (the apex NS, ns1 and
ns2 A, h0000000.. of one RR each: mostly A, some AAAA, TXT and CNAME, one line per set); the last line is
`end IN A 198.51.100.1`, the record the benchmark asks the edge for.

Usage: zones-scale-gen.py ZONE RECORDS > file.zone
"""
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    zone, count = sys.argv[1].rstrip("."), int(sys.argv[2])
    out = sys.stdout
    w = out.write
    w(f"$ORIGIN {zone}.\n$TTL 300\n")
    w(f"@ IN SOA ns1.{zone}. hostmaster.{zone}. ( 1 7200 3600 1209600 60 )\n")
    w(f"@ IN NS ns1.{zone}.\n@ IN NS ns2.{zone}.\n")
    w("ns1 IN A 192.0.2.53\nns2 IN A 192.0.2.54\n")
    lines = []
    for i in range(max(0, count - 4)):
        kind = i % 20
        if kind < 16:
            lines.append(f"h{i:07d} IN A 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}\n")
        elif kind < 18:
            lines.append(f"h{i:07d} IN AAAA 2001:db8::{i >> 16:x}:{i & 0xffff:x}\n")
        elif kind == 18:
            lines.append(f'h{i:07d} IN TXT "bench record {i}"\n')
        else:
            lines.append(f"h{i:07d} IN CNAME h{i - 1:07d}\n")
        if len(lines) >= 10000:
            w("".join(lines))
            lines.clear()
    w("".join(lines))
    w("end IN A 198.51.100.1\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
