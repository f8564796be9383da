"""Network side of the VoltDB test server: client port, connections, fault
injection and the HTTP/JSON control channel."""

import hashlib
import http.server
import itertools
import json
import os
import socket
import sys
import threading
import time
import traceback
import urllib.parse

import catalog
import convert
import procs
import wire

BUILD_STRING = "11.4.0.beta1_This is not from a known repository"
LEADER_IPV4 = 0x7F000001
SERVER_UNAVAILABLE_MESSAGE = ("Server is paused and is available in read-only mode - "
                              "please try again later.")
GARBAGE_MODES = ("length", "negative", "body", "truncate")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.calls = 0
        self.calls_by_procedure = {}
        self.status_counts = {}
        self.connections_total = 0
        self.logins_ok = 0
        self.logins_failed = 0
        self.garbage_sent = 0
        self.connections_dropped = 0
        self.bad_frames = 0
        self.parse_errors = 0

    def call(self, name, status):
        with self.lock:
            self.calls += 1
            self.calls_by_procedure[name] = self.calls_by_procedure.get(name, 0) + 1
            k = str(status)
            self.status_counts[k] = self.status_counts.get(k, 0) + 1

    def bump(self, field, n=1):
        with self.lock:
            setattr(self, field, getattr(self, field) + n)


class Connection:
    """One client connection, served by its own thread.

    Input is buffered: every complete frame already received is processed
    and the responses are written back in one go (pipelined clients are
    answered in request order, which is one valid completion order)."""

    RECV_SIZE = 256 * 1024

    def __init__(self, server, sock, peer, conn_id):
        self.server = server
        self.sock = sock
        self.peer = peer
        self.conn_id = conn_id
        self.alive = True
        self.kill_lock = threading.Lock()
        self.inbuf = bytearray()
        self.out = []
        self.close_after_flush = False

    # -- socket helpers --------------------------------------------------

    def kill(self):
        with self.kill_lock:
            if not self.alive:
                return
            self.alive = False
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                self.sock.close()
            except OSError:
                pass

    def fill(self):
        """Read more bytes into inbuf; False on EOF."""
        data = self.sock.recv(self.RECV_SIZE)
        if not data:
            return False
        self.inbuf += data
        return True

    def flush(self):
        if self.out:
            data = b"".join(self.out)
            self.out = []
            self.sock.sendall(data)
        if self.close_after_flush:
            self.kill()

    # -- main loop -------------------------------------------------------

    def run(self):
        srv = self.server
        try:
            if not self.login():
                return
            while self.alive:
                while len(self.inbuf) >= 4:
                    n = int.from_bytes(self.inbuf[:4], "big", signed=True)
                    if n < 1 or n > wire.MAX_MESSAGE_LENGTH:
                        if len(self.inbuf) == 4:
                            break   # VoltDB only notices once more bytes arrive
                        srv.log("conn %d: bad message length %d, closing" % (self.conn_id, n))
                        srv.stats.bump("bad_frames")
                        self.flush()
                        return
                    if len(self.inbuf) < 4 + n:
                        break
                    payload = bytes(self.inbuf[4:4 + n])
                    del self.inbuf[:4 + n]
                    self.handle(payload)
                    if not self.alive or self.close_after_flush:
                        break
                self.flush()
                if not self.alive:
                    return
                if not self.fill():
                    return
        except (OSError, ValueError):
            pass
        except Exception:
            srv.log("conn %d: internal error, closing:\n%s" % (self.conn_id, traceback.format_exc()))
        finally:
            self.kill()
            srv.unregister(self)

    def login(self):
        srv = self.server
        deadline = time.monotonic() + srv.auth_timeout
        try:
            while True:
                if len(self.inbuf) >= 4:
                    n = int.from_bytes(self.inbuf[:4], "big", signed=True)
                    if n < 1 or n > wire.MAX_LOGIN_MESSAGE_LENGTH:
                        srv.log("conn %d: bad login length %d" % (self.conn_id, n))
                        srv.stats.bump("logins_failed")
                        return False
                    if len(self.inbuf) >= 4 + n:
                        break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise socket.timeout()
                self.sock.settimeout(remaining)
                if not self.fill():
                    return False
        except socket.timeout:
            srv.log("conn %d: no login within %.1f s" % (self.conn_id, srv.auth_timeout))
            srv.stats.bump("logins_failed")
            return False
        self.sock.settimeout(None)
        payload = bytes(self.inbuf[4:4 + n])
        del self.inbuf[:4 + n]
        req = wire.parse_login(payload)
        code = req.error if req.error is not None else srv.check_credentials(req)
        if code != wire.AUTH_SUCCESS:
            srv.log("conn %d: login refused (code %d, user %r)" % (self.conn_id, code, req.username))
            srv.stats.bump("logins_failed")
            self.sock.sendall(wire.login_failure(code))
            return False
        srv.stats.bump("logins_ok")
        self.sock.sendall(wire.login_success(0, self.conn_id, srv.start_ms, LEADER_IPV4,
                                             srv.build_string))
        return True

    def handle(self, payload):
        srv = self.server
        t0 = time.monotonic()
        try:
            inv = wire.parse_invocation(payload)
        except wire.InvocationError as e:
            srv.stats.bump("parse_errors")
            srv.stats.call("<unparseable>", wire.UNEXPECTED_FAILURE)
            self.respond(wire.encode_response(self.conn_id, wire.UNEXPECTED_FAILURE, e.message))
            return
        res = srv.unavailable_result(inv)
        if res is None:
            res = srv.db.invoke(inv)
        rtt = int((time.monotonic() - t0) * 1000) if res.round_trip else 0
        srv.stats.call(inv.name, res.status)
        self.respond(wire.encode_response(inv.handle, res.status, res.status_string, res.tables,
                                          round_trip_ms=rtt))

    def respond(self, data):
        srv = self.server
        delay = srv.delay_ms
        if delay > 0:
            self.flush()                  # earlier responses go out on time
            time.sleep(delay / 1000.0)
        mode = srv.take_garbage()
        if mode is None:
            self.out.append(data)
            if delay > 0:
                self.flush()
            return
        srv.stats.bump("garbage_sent")
        srv.log("conn %d: sending garbage (%s)" % (self.conn_id, mode))
        junk = os.urandom(16)
        if mode == "length":
            self.out.append(b"\x7f\xff\xff\xff" + junk)
        elif mode == "negative":
            self.out.append(b"\xff\xff\xff\xff" + junk)
        elif mode == "body":
            body = bytearray(os.urandom(len(data) - 4))
            body[0] = body[0] % 255 + 1          # never the valid version byte 0
            self.out.append(data[:4] + bytes(body))
        else:   # truncate: half a response, then hang up
            self.out.append(data[:max(1, len(data) // 2)])
            self.close_after_flush = True


class VoltTestServer:
    def __init__(self, catalog, port=0, user=None, password=None, control_port=0,
                 auth_timeout=30.0, max_connections=0, build_string=BUILD_STRING, verbose=False,
                 partitions=4):
        self.catalog = catalog
        self.db = procs.Database(catalog, partitions)
        self.stats = Stats()
        self.verbose = verbose
        self.auth_timeout = auth_timeout
        self.max_connections = max_connections
        self.build_string = build_string
        self.start_ms = int(time.time() * 1000)
        self.security = bool(user) or bool(password)
        self.user = user or ""
        pw = (password or "").encode("utf-8")
        self.digests = {0: hashlib.sha1(pw).digest(), 1: hashlib.sha256(pw).digest()}

        self.lock = threading.Lock()
        self.conns = {}
        self.conn_ids = itertools.count(1)
        self.unavailable_until = 0.0
        self.unavailable_writes_only = False
        self.garbage_count = 0
        self.garbage_mode = "length"
        self.delay_ms = 0
        self.stopping = False

        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]

        handler = type("ControlHandler", (ControlHandler,), {"volt": self})
        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", control_port), handler)
        self.http.daemon_threads = True
        self.control_port = self.http.server_address[1]

    def log(self, msg):
        if self.verbose:
            sys.stderr.write("[voltdb-test-server] %s\n" % msg)
            sys.stderr.flush()

    # -- lifecycle -------------------------------------------------------

    def start(self):
        threading.Thread(target=self.accept_loop, name="volt-accept", daemon=True).start()
        threading.Thread(target=self.http.serve_forever, name="volt-control", daemon=True).start()

    def stop(self):
        self.stopping = True
        try:
            self.listener.close()
        except OSError:
            pass
        self.drop_connections()
        self.http.shutdown()
        self.http.server_close()

    def accept_loop(self):
        while not self.stopping:
            try:
                sock, peer = self.listener.accept()
            except OSError:
                if self.stopping:
                    return
                time.sleep(0.05)
                continue
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            except OSError:
                pass
            with self.lock:
                if self.max_connections and len(self.conns) >= self.max_connections:
                    full = True
                else:
                    full = False
                    conn = Connection(self, sock, peer, next(self.conn_ids))
                    self.conns[conn.conn_id] = conn
            if full:
                self.log("connection limit reached, refusing %s" % (peer,))
                try:
                    sock.sendall(b"\x01")
                    sock.close()
                except OSError:
                    pass
                continue
            self.stats.bump("connections_total")
            self.log("conn %d: accepted from %s:%d" % (conn.conn_id, peer[0], peer[1]))
            threading.Thread(target=conn.run, name="volt-conn-%d" % conn.conn_id, daemon=True).start()

    def unregister(self, conn):
        with self.lock:
            self.conns.pop(conn.conn_id, None)
        self.log("conn %d: closed" % conn.conn_id)

    # -- authentication --------------------------------------------------

    def check_credentials(self, req):
        if req.scheme == 2 or req.service != "database":
            return wire.AUTH_FAILED          # no Kerberos here
        if not self.security:
            return wire.AUTH_SUCCESS
        if req.username != self.user or not self.user:
            return wire.AUTH_FAILED
        if req.digest != self.digests[req.scheme]:
            return wire.AUTH_FAILED
        return wire.AUTH_SUCCESS

    # -- fault injection -------------------------------------------------

    def drop_connections(self):
        with self.lock:
            conns = list(self.conns.values())
        for c in conns:
            c.kill()
        self.stats.bump("connections_dropped", len(conns))
        return len(conns)

    def unavailable_result(self, inv):
        remaining = self.unavailable_until - time.monotonic()
        if remaining <= 0:
            return None
        if self.unavailable_writes_only:
            proc = self.catalog.find_procedure(inv.name)
            if proc is None or proc.read_only:
                return None
        return procs.Result(wire.SERVER_UNAVAILABLE, SERVER_UNAVAILABLE_MESSAGE)

    def take_garbage(self):
        with self.lock:
            if self.garbage_count <= 0:
                return None
            self.garbage_count -= 1
            return self.garbage_mode

    def reset_faults(self):
        with self.lock:
            self.unavailable_until = 0.0
            self.unavailable_writes_only = False
            self.garbage_count = 0
            self.delay_ms = 0

    def stats_json(self):
        s = self.stats
        with s.lock:
            d = {
                "calls": s.calls,
                "calls_by_procedure": dict(s.calls_by_procedure),
                "status_counts": dict(s.status_counts),
                "connections_total": s.connections_total,
                "logins": s.logins_ok,
                "logins_ok": s.logins_ok,
                "logins_failed": s.logins_failed,
                "garbage_sent": s.garbage_sent,
                "connections_dropped": s.connections_dropped,
                "bad_frames": s.bad_frames,
                "parse_errors": s.parse_errors,
            }
        with self.lock:
            d["connections"] = len(self.conns)
            d["garbage_pending"] = self.garbage_count
            d["garbage_mode"] = self.garbage_mode
            d["delay_ms"] = self.delay_ms
        d["rows_written"] = self.db.rows_written
        d["unavailable_remaining_s"] = round(max(0.0, self.unavailable_until - time.monotonic()), 3)
        d["port"] = self.port
        d["security"] = self.security
        return d


# --------------------------------------------------------------------------
# Control channel
# --------------------------------------------------------------------------

def row_json(table, row):
    out = {}
    for col in table.columns:
        v = row[col.index]
        code = col.type.code
        if v is None:
            out[col.name] = None
        elif code == wire.T_DECIMAL:
            out[col.name] = convert.decimal_plain_str(v)
        elif code == wire.T_VARBINARY:
            out[col.name] = v.hex()
        elif code == wire.T_FLOAT and (v != v or v in (float("inf"), float("-inf"))):
            out[col.name] = convert.java_double_str(v)
        else:
            out[col.name] = v
    return out


class ControlHandler(http.server.BaseHTTPRequestHandler):
    volt = None            # set by VoltTestServer
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        self.volt.log("control: " + (fmt % args))

    def reply(self, code, obj):
        body = (json.dumps(obj, indent=None) + "\n").encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def parse(self):
        u = urllib.parse.urlsplit(self.path)
        q = {k: v[-1] for k, v in urllib.parse.parse_qs(u.query).items()}
        return u.path.rstrip("/") or "/", q

    def do_GET(self):
        path, q = self.parse()
        v = self.volt
        if path.startswith("/rows/"):
            name = urllib.parse.unquote(path[len("/rows/"):])
            table = v.catalog.find_table(name)
            if table is None:
                return self.reply(404, {"error": "no table %s" % name})
            return self.reply(200, [row_json(table, r) for r in v.db.snapshot(table)])
        if path.startswith("/partitions/"):
            name = urllib.parse.unquote(path[len("/partitions/"):])
            table = v.catalog.find_table(name)
            if table is None:
                return self.reply(404, {"error": "no table %s" % name})
            return self.reply(200, v.db.partitions_of(table))
        if path == "/topology":
            h = v.db.hashinator
            return self.reply(200, {"partitions": h.partitions, "hashconfig": h.config_bytes().hex()})
        if path == "/stats":
            return self.reply(200, v.stats_json())
        if path == "/tables":
            out = {}
            for t in v.catalog.tables.values():
                out[t.name] = {
                    "columns": [{"name": c.name, "type": c.type.ddl(), "nullable": c.nullable}
                                for c in t.columns],
                    "primary_key": list(t.pk),
                    "partition_column": t.partition_column.name if t.partition_column else None,
                    "unique_indexes": [{"name": ix.name, "columns": list(ix.columns),
                                        "assume_unique": ix.assume_unique}
                                       for ix in t.secondary_unique_indexes()],
                    "rows": len(v.db.snapshot(t)),
                }
            return self.reply(200, out)
        if path in ("/", "/health"):
            return self.reply(200, {"ok": True, "port": v.port})
        return self.reply(404, {"error": "unknown path %s" % path})

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def do_POST(self):
        body = self.read_body()
        path, q = self.parse()
        v = self.volt
        try:
            if path == "/ddl":
                try:
                    changed = v.db.add_indexes(body.decode("utf-8"))
                except (catalog.SchemaError, UnicodeDecodeError) as e:
                    return self.reply(400, {"error": str(e)})
                return self.reply(200, {"changed": changed})
            if path == "/drop-connections":
                return self.reply(200, {"dropped": v.drop_connections()})
            if path == "/unavailable":
                secs = float(q.get("seconds", "10"))
                writes_only = q.get("writes_only", "0") not in ("0", "", "false")
                with v.lock:
                    v.unavailable_until = time.monotonic() + max(0.0, secs)
                    v.unavailable_writes_only = writes_only
                return self.reply(200, {"unavailable_for": secs, "writes_only": writes_only})
            if path == "/garbage":
                count = int(q.get("count", "1"))
                mode = q.get("mode", "length")
                if mode not in GARBAGE_MODES:
                    return self.reply(400, {"error": "mode must be one of %s" % ", ".join(GARBAGE_MODES)})
                with v.lock:
                    v.garbage_count = max(0, count)
                    v.garbage_mode = mode
                return self.reply(200, {"garbage_pending": max(0, count), "mode": mode})
            if path == "/delay":
                ms = int(q.get("ms", "0"))
                with v.lock:
                    v.delay_ms = max(0, ms)
                return self.reply(200, {"delay_ms": v.delay_ms})
            if path == "/truncate":
                name = q.get("table")
                if name is not None:
                    table = v.catalog.find_table(name)
                    if table is None:
                        return self.reply(404, {"error": "no table %s" % name})
                    v.db.truncate(table.name)
                else:
                    v.db.truncate()
                return self.reply(200, {"truncated": name or "all"})
            if path == "/partitions":
                n = int(q.get("count", "0"))
                if n < 1:
                    return self.reply(400, {"error": "count must be at least 1"})
                v.db.set_partitions(n)
                return self.reply(200, {"partitions": n})
            if path == "/reset":
                v.reset_faults()
                return self.reply(200, {"reset": True})
        except ValueError as e:
            return self.reply(400, {"error": str(e)})
        return self.reply(404, {"error": "unknown path %s" % path})
