#!/usr/bin/env python3
"""Measuring loops of bench/zones-scale.sh (standard library only: http.client for the API, raw UDP DNS for the edge).

  zones-scale.py puts  --api URL --key KEY --edge PORT --zone ZONE --count N [--timeout S] [--budget S] [--slow-ms MS]
      N single-record PUTs (new A records p<i>.<zone>, one at a time); per PUT the time to the API's answer and the
      time from that answer until the edge answers the new address. Prints RESULT lines with p50/p99/max.
  zones-scale.py zones --api URL --key KEY --count N --suffix SUFFIX [--threads T]
      creates N zones z<i>.<suffix>, each with one A record www.z<i>.<suffix>.
  zones-scale.py served --edge PORT --count N --suffix SUFFIX [--timeout S]
      polls the edge until www.z<i>.<suffix> answers for every i; prints the time it took (or how many were missing).
  zones-scale.py wait-a --edge PORT --name NAME --address IP [--timeout S]
      polls the edge until NAME A answers IP; prints the seconds it took.
"""
import argparse
import http.client
import json
import random
import socket
import struct
import sys
import threading
import time
import urllib.parse


def query_packet(name, qid):
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split("."))
    return struct.pack(">HHHHHH", qid, 0x0000, 1, 0, 0, 0) + labels + b"\x00" + struct.pack(">HH", 1, 1)


def a_answers(packet):
    """The IPv4 addresses in the answer section of a response (empty on NXDOMAIN/NODATA/garbage)."""
    try:
        _, flags, qd, an, _, _ = struct.unpack(">HHHHHH", packet[:12])
        if flags & 0x000F:
            return []
        pos = 12
        for _ in range(qd):
            pos = skip_name(packet, pos) + 4
        found = []
        for _ in range(an):
            pos = skip_name(packet, pos)
            rtype, _, _, rdlen = struct.unpack(">HHIH", packet[pos:pos + 10])
            pos += 10
            if rtype == 1 and rdlen == 4:
                found.append(socket.inet_ntoa(packet[pos:pos + 4]))
            pos += rdlen
        return found
    except (struct.error, IndexError):
        return []


def skip_name(packet, pos):
    while True:
        length = packet[pos]
        if length == 0:
            return pos + 1
        if length & 0xC0 == 0xC0:
            return pos + 2
        pos += 1 + length


class Edge:
    def __init__(self, port):
        self.addr = ("127.0.0.1", port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.settimeout(0.2)
        self.qid = random.randrange(65536)

    def ask(self, name):
        self.qid = (self.qid + 1) & 0xFFFF
        self.sock.sendto(query_packet(name, self.qid), self.addr)
        deadline = time.monotonic() + 0.2
        while time.monotonic() < deadline:
            try:
                data, _ = self.sock.recvfrom(4096)
            except socket.timeout:
                return []
            if len(data) >= 2 and struct.unpack(">H", data[:2])[0] == self.qid:
                return a_answers(data)
        return []

    def wait_for(self, name, address, timeout, pause=0.001):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if address in self.ask(name):
                return True
            time.sleep(pause)
        return False


class Api:
    def __init__(self, url, key):
        u = urllib.parse.urlparse(url)
        self.host, self.port, self.key = u.hostname, u.port, key
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def put(self, path, body):
        data = json.dumps(body).encode()
        headers = {"X-NSONE-Key": self.key, "Content-Type": "application/json"}
        try:
            self.conn.request("PUT", path, body=data, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.conn.request("PUT", path, body=data, headers=headers)
            response = self.conn.getresponse()
        text = response.read()
        return response.status, text


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))]


def report(label, values_ms, missing=0):
    print(f"RESULT {label}: n={len(values_ms)} p50={pct(values_ms, 50):.1f} ms p99={pct(values_ms, 99):.1f} ms "
          f"max={max(values_ms) if values_ms else float('nan'):.1f} ms" + (f" missing={missing}" if missing else ""), flush=True)


def cmd_puts(args):
    api, edge = Api(args.api, args.key), Edge(args.edge)
    answer_ms, edge_ms, failed, missing = [], [], 0, 0
    run = random.randrange(1 << 20)
    budget_end = time.monotonic() + args.budget
    for i in range(args.count):
        if time.monotonic() > budget_end:
            print(f"RESULT {args.label}: stopped after {i} of {args.count} PUTs (time budget {args.budget:.0f} s)")
            break
        name = f"p{run}x{i}.{args.zone}"
        address = f"198.18.{i // 256 % 256}.{i % 256}"
        sent = time.perf_counter()
        status, text = api.put(f"/v1/zones/{args.zone}/{name}/A", {"answers": [{"answer": [address]}]})
        acked = time.perf_counter()
        if status != 200:
            failed += 1
            print(f"PUT {name}: {status} {text[:200]!r}", file=sys.stderr)
            continue
        answer_ms.append((acked - sent) * 1000)
        if answer_ms[-1] >= args.slow_ms:
            print(f"slow PUT {i} on {args.zone}: {answer_ms[-1]:.1f} ms, answered at {time.strftime('%H:%M:%S')}.{int(time.time() * 1000) % 1000:03d}", file=sys.stderr)
        if edge.wait_for(name, address, args.timeout):
            edge_ms.append((time.perf_counter() - acked) * 1000)
        else:
            missing += 1
            print(f"edge did not serve PUT {i} ({name}) within {args.timeout:.0f} s; answered at "
                  f"{time.strftime('%H:%M:%S', time.localtime(time.time() - (time.perf_counter() - acked)))}", file=sys.stderr)
    report(f"{args.label} PUT answer", answer_ms)
    report(f"{args.label} PUT answer -> edge serves it", edge_ms, missing)
    if failed:
        print(f"RESULT {args.label} PUT failed: {failed}")


def cmd_zones(args):
    errors = []
    started = time.perf_counter()

    def worker(indexes):
        api = Api(args.api, args.key)
        for i in indexes:
            zone = f"z{i}.{args.suffix}"
            status, text = api.put(f"/v1/zones/{zone}", {"zone": zone})
            if status == 200:
                status, text = api.put(f"/v1/zones/{zone}/www.{zone}/A", {"answers": [{"answer": [f"192.0.2.{i % 250 + 1}"]}]})
            if status != 200:
                errors.append(f"{zone}: {status} {text[:120]!r}")

    threads = [threading.Thread(target=worker, args=(range(t, args.count, args.threads),)) for t in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"RESULT created {args.count - len(errors)} zones in {time.perf_counter() - started:.1f} s ({len(errors)} failed)")
    for e in errors[:5]:
        print(e, file=sys.stderr)


def cmd_served(args):
    edge = Edge(args.edge)
    pending = {i: f"192.0.2.{i % 250 + 1}" for i in range(args.count)}
    started = time.monotonic()
    deadline = started + args.timeout
    while pending and time.monotonic() < deadline:
        for i in list(pending):
            if time.monotonic() >= deadline:
                break
            if pending[i] in edge.ask(f"www.z{i}.{args.suffix}"):
                del pending[i]
        if pending:
            time.sleep(0.05)
    took = time.monotonic() - started
    if pending:
        print(f"RESULT fresh edge: {args.count - len(pending)} of {args.count} zones served after {took:.1f} s (timeout)")
    else:
        print(f"RESULT fresh edge: all {args.count} zones served {took:.1f} s after the first poll")


def cmd_wait_a(args):
    edge = Edge(args.edge)
    started = time.monotonic()
    ok = edge.wait_for(args.name, args.address, args.timeout, pause=0.05)
    print(f"{time.monotonic() - started:.2f}" if ok else "timeout")
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("puts")
    p.add_argument("--api", required=True); p.add_argument("--key", required=True)
    p.add_argument("--edge", type=int, required=True); p.add_argument("--zone", required=True)
    p.add_argument("--count", type=int, default=200); p.add_argument("--timeout", type=float, default=10)
    p.add_argument("--label", default="zone")
    p.add_argument("--budget", type=float, default=300, help="seconds; no new PUT after that")
    p.add_argument("--slow-ms", type=float, default=50, help="PUTs slower than this are listed on stderr (with the time)")
    z = sub.add_parser("zones")
    z.add_argument("--api", required=True); z.add_argument("--key", required=True)
    z.add_argument("--count", type=int, required=True); z.add_argument("--suffix", required=True)
    z.add_argument("--threads", type=int, default=8)
    s = sub.add_parser("served")
    s.add_argument("--edge", type=int, required=True); s.add_argument("--count", type=int, required=True)
    s.add_argument("--suffix", required=True); s.add_argument("--timeout", type=float, default=60)
    w = sub.add_parser("wait-a")
    w.add_argument("--edge", type=int, required=True); w.add_argument("--name", required=True)
    w.add_argument("--address", required=True); w.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    return {"puts": cmd_puts, "zones": cmd_zones, "served": cmd_served, "wait-a": cmd_wait_a}[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())
