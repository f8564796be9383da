#!/usr/bin/env python3
"""VoltDB protocol test server for ksink.

    python3 tests/voltdb_server/voltdb_test_server.py --schema FILE [--port 0]
        [--user U --password P] [--control-port 0] [--auth-timeout 30]
        [--max-connections 0] [--verbose]

Listens on 127.0.0.1 only.  When ready it prints `port=N` and `control=M`
(one per line, flushed) and serves until SIGTERM or SIGINT.  See README.md.
"""

import argparse
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import catalog  # noqa: E402
import server   # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description="VoltDB wire-protocol test server (loopback only)")
    ap.add_argument("--schema", required=True, help="DDL file (CREATE TABLE / PARTITION TABLE)")
    ap.add_argument("--port", type=int, default=0, help="client port, 0 = any free port")
    ap.add_argument("--user", default="", help="enable security with this user")
    ap.add_argument("--password", default="", help="password of --user")
    ap.add_argument("--control-port", type=int, default=0, help="HTTP control port, 0 = any free port")
    ap.add_argument("--auth-timeout", type=float, default=30.0,
                    help="seconds a new connection has to log in (VoltDB: 30)")
    ap.add_argument("--max-connections", type=int, default=0,
                    help="refuse connections beyond this many with the raw byte 01 (0 = no limit)")
    ap.add_argument("--build-string", default=server.BUILD_STRING,
                    help="build string of the login response")
    ap.add_argument("--partitions", type=int, default=4,
                    help="VoltDB partitions (sites) of the cluster, for @Statistics TOPO and the "
                         "bulk loads")
    ap.add_argument("--verbose", action="store_true", help="log connections and errors to stderr")
    args = ap.parse_args(argv)

    if args.partitions < 1:
        sys.stderr.write("voltdb_test_server: --partitions must be at least 1\n")
        return 2
    try:
        cat = catalog.load_schema(args.schema)
    except (OSError, catalog.SchemaError) as e:
        sys.stderr.write("voltdb_test_server: schema %s: %s\n" % (args.schema, e))
        return 2

    try:
        srv = server.VoltTestServer(cat, port=args.port, user=args.user, password=args.password,
                                    control_port=args.control_port, auth_timeout=args.auth_timeout,
                                    max_connections=args.max_connections,
                                    build_string=args.build_string, verbose=args.verbose,
                                    partitions=args.partitions)
    except OSError as e:
        sys.stderr.write("voltdb_test_server: cannot listen: %s\n" % e)
        return 2

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    srv.start()
    sys.stdout.write("port=%d\ncontrol=%d\n" % (srv.port, srv.control_port))
    sys.stdout.flush()
    srv.log("serving tables %s" % ", ".join(cat.tables) if cat.tables else "serving no tables")

    while not stop.wait(0.5):
        pass
    srv.log("stopping")
    srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
