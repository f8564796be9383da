#!/usr/bin/env python3
"""The VoltDB protocol test server's own limits, for bench/voltdb-throughput.sh: a raw client
that pipelines pre-encoded calls on one connection, as the issue's raw-client figures against a
real VoltDB were measured (docs/performance.md "VoltDB: bulk loads"). Everything is encoded
before the clock starts, so the rate is the server's.

    voltdb_raw_client.py --port P --control C --rows N --mode per-row|bulk [--group 1000]

per-row: N BENCH.insert calls, up to 1000 outstanding. bulk: the rows grouped per partition of
the server's hashinator (read with @Statistics TOPO) into @LoadSinglepartitionTable calls of
--group rows, up to 16 outstanding. Prints `rows_per_s=R`.
"""

import argparse
import bisect
import hashlib
import os
import socket
import struct
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "voltdb_server"))
import hashinator  # noqa: E402



def s_(b):
    b = b.encode() if isinstance(b, str) else b
    return struct.pack(">i", len(b)) + b


def frame(payload):
    return struct.pack(">i", len(payload)) + payload


def call(name, params, handle):
    return frame(b"\x00" + s_(name) + struct.pack(">qh", handle, len(params)) + b"".join(params))


def login(sock):
    payload = b"\x01\x01" + s_("database") + s_("") + hashlib.sha256(b"").digest()
    sock.sendall(frame(payload))
    read_frame(sock)


def read_exact(sock, n, buf):
    while len(buf) < n:
        chunk = sock.recv(1 << 20)
        if not chunk:
            raise RuntimeError("the server closed the connection")
        buf += chunk
    return buf


class Reader:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def frame(self):
        self.buf = read_exact(self.sock, 4, self.buf)
        n = struct.unpack(">i", self.buf[:4])[0]
        self.buf = read_exact(self.sock, 4 + n, self.buf)
        f, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
        return f


def read_frame(sock):
    return Reader(sock).frame()


def status_of(payload):
    return struct.unpack(">b", payload[10:11])[0]


# The benchmark's record i as bench_schema.sql's row: id, name, age, salary, ts (µs).
def row_cells(i):
    return (struct.pack(">q", i) + s_("user-%09d" % i) + struct.pack(">i", 20 + i % 50)
            + struct.pack(">d", 1000 + i % 5000 + 0.5) + struct.pack(">q", (1700000000000 + i) * 1000))


def row_params(i):
    return [b"\x06" + struct.pack(">q", i), b"\x09" + s_("user-%09d" % i),
            b"\x05" + struct.pack(">i", 20 + i % 50), b"\x08" + struct.pack(">d", 1000 + i % 5000 + 0.5),
            b"\x0b" + struct.pack(">q", (1700000000000 + i) * 1000)]


COLUMNS = [("ID", 6), ("NAME", 9), ("AGE", 5), ("SALARY", 8), ("TS", 11)]


def table_param(rows):
    header = b"\x80" + struct.pack(">h", len(COLUMNS)) + bytes(t for _, t in COLUMNS)
    header += b"".join(s_(n) for n, _ in COLUMNS)
    body = [struct.pack(">i", len(header)), header, struct.pack(">i", len(rows))]
    for cells in rows:
        body.append(struct.pack(">i", len(cells)))
        body.append(cells)
    data = b"".join(body)
    return b"\x15" + struct.pack(">i", len(data)) + data


def topology(sock):
    r = Reader(sock)
    sock.sendall(call("@Statistics", [b"\x09" + s_("TOPO"), b"\x05" + struct.pack(">i", 0)], 1))
    payload = r.frame()
    config = payload[payload.index(b"ELASTIC") + 7:]
    n = struct.unpack(">i", config[4:8])[0]
    raw = config[4:4 + 4 + 8 * n]
    pairs = [struct.unpack(">ii", raw[4 + 8 * k:12 + 8 * k]) for k in range(n)]
    return pairs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--control", type=int, required=True)
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--mode", choices=("per-row", "bulk"), required=True)
    ap.add_argument("--group", type=int, default=1000)
    ap.add_argument("--first-id", type=int, default=10 ** 12, help="ids apart from ksink's")
    a = ap.parse_args()
    sock = socket.create_connection(("127.0.0.1", a.port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    login(sock)
    requests = []
    if a.mode == "per-row":
        for k in range(a.rows):
            requests.append(call("BENCH.insert", row_params(a.first_id + k), 10 + k))
        window = 1000
    else:
        pairs = topology(sock)
        tokens = [t for t, _ in pairs]
        def partition(i):
            t = hashinator.voltdb_token(struct.pack("<q", i))
            j = bisect.bisect_right(tokens, t)
            return pairs[j - 1][1] if j > 0 else pairs[-1][1]

        groups = {}
        for k in range(a.rows):
            i = a.first_id + k
            groups.setdefault(partition(i), []).append(i)
        handle = 10
        for p, ids in sorted(groups.items()):
            for g in range(0, len(ids), a.group):
                chunk = ids[g:g + a.group]
                requests.append(call("@LoadSinglepartitionTable",
                                     [b"\x19" + s_(struct.pack("<q", chunk[0])), b"\x09" + s_("BENCH"),
                                      b"\x03\x00", table_param([row_cells(i) for i in chunk])], handle))
                handle += 1
        window = 16
    reader = Reader(sock)
    failed = 0
    sent = received = 0
    t0 = time.monotonic()
    while received < len(requests):
        burst = []
        while sent < len(requests) and sent - received < window:
            burst.append(requests[sent])
            sent += 1
        if burst:
            sock.sendall(b"".join(burst))
        if status_of(reader.frame()) != 1:
            failed += 1
        received += 1
    elapsed = time.monotonic() - t0
    if failed:
        print("%d calls failed" % failed, file=sys.stderr)
        return 1
    urllib.request.urlopen(urllib.request.Request(
        "http://127.0.0.1:%d/truncate" % a.control, method="POST", data=b""), timeout=30).read()
    print("rows_per_s=%d" % round(a.rows / elapsed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
