#!/usr/bin/env python3
"""Times how long Redis takes to go from its first key to N keys.

   redis_watch.py PORT[,PORT...] N [NAME=PID ...]  ->  prints "SECONDS KEYS_AT_START"
                                                    and then "cpu NAME=P% ... machine=P%"

Several ports (the masters of a Redis Cluster): the keys of all of them together. With NAME=PID
pairs, a second line gives each process's CPU over the same window in percent of one core, and
the machine's (all processes, all cores: 200% is a 2-core machine saturated), so a run shows
which process had the cores (docs/performance.md "Where the wall time goes").

One connection asking DBSIZE every 10 ms: spawning redis-cli in a shell loop costs a good share
of a core on a 2-core machine, which would be taken from the process being measured.
"""
import os
import socket
import sys
import time

ports, target = [int(p) for p in sys.argv[1].split(",")], int(sys.argv[2])
watched = [a.split("=", 1) for a in sys.argv[3:]]
HZ = os.sysconf("SC_CLK_TCK")


def process_ticks(pid):
    try:
        with open("/proc/%s/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except OSError:
        return 0


def machine_busy_ticks():
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    return sum(cpu) - cpu[3] - cpu[4]  # all but idle and iowait


def cpu_sample():
    return [process_ticks(pid) for _, pid in watched], machine_busy_ticks()

conns = [socket.create_connection(("127.0.0.1", p)) for p in ports]
readers = [c.makefile("rb") for c in conns]


def dbsize():
    for c in conns:
        c.sendall(b"DBSIZE\r\n")
    total = 0
    for r in readers:
        line = r.readline()
        if not line.startswith(b":"):
            sys.exit("unexpected reply from Redis: %r" % line)
        total += int(line[1:])
    return total


n0 = dbsize()
while n0 == 0:
    time.sleep(0.002)
    n0 = dbsize()
t0 = time.monotonic()
cpu0 = cpu_sample()
while dbsize() < target:
    time.sleep(0.01)
seconds = time.monotonic() - t0
cpu1 = cpu_sample()
print("%.4f %d" % (seconds, n0))
if watched:
    pct = lambda ticks: "%.0f%%" % (100.0 * ticks / HZ / seconds)
    parts = ["%s=%s" % (name, pct(b - a)) for (name, _), a, b in zip(watched, cpu0[0], cpu1[0])]
    print("cpu " + " ".join(parts) + " machine=" + pct(cpu1[1] - cpu0[1]))
