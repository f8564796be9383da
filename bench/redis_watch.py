#!/usr/bin/env python3
"""Times how long Redis takes to go from its first key to N keys.

   redis_watch.py PORT N  ->  prints "SECONDS KEYS_AT_START"

One connection asking DBSIZE every 10 ms: spawning redis-cli in a shell loop costs a good share
of a core on a 2-core machine, which would be taken from the process being measured.
"""
import socket
import sys
import time

port, target = int(sys.argv[1]), int(sys.argv[2])
conn = socket.create_connection(("127.0.0.1", port))
reader = conn.makefile("rb")


def dbsize():
    conn.sendall(b"DBSIZE\r\n")
    line = reader.readline()
    if not line.startswith(b":"):
        sys.exit("unexpected reply from Redis: %r" % line)
    return int(line[1:])


n0 = dbsize()
while n0 == 0:
    time.sleep(0.002)
    n0 = dbsize()
t0 = time.monotonic()
while dbsize() < target:
    time.sleep(0.01)
print("%.4f %d" % (time.monotonic() - t0, n0))
