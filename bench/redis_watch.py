#!/usr/bin/env python3
"""Times how long Redis takes to go from its first key to N keys.

   redis_watch.py PORT[,PORT...] N  ->  prints "SECONDS KEYS_AT_START"

Several ports (the masters of a Redis Cluster): the keys of all of them together.

One connection asking DBSIZE every 10 ms: spawning redis-cli in a shell loop costs a good share
of a core on a 2-core machine, which would be taken from the process being measured.
"""
import socket
import sys
import time

ports, target = [int(p) for p in sys.argv[1].split(",")], int(sys.argv[2])
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
while dbsize() < target:
    time.sleep(0.01)
print("%.4f %d" % (time.monotonic() - t0, n0))
