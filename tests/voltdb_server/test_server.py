"""Tests for the VoltDB protocol test server.

Run:  python3 -m unittest discover -s tests/voltdb_server -p 'test_*.py'

The server is started as a subprocess (the real entry point).  The tests talk
to it with a tiny encoder written here, independently of the server's own
wire module, and compare against the byte sequences recorded in
the fact sheet voltdb-wire-protocol.md, sections 12 and 13.
"""

import hashlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "voltdb_test_server.py")
SCHEMA = os.path.join(HERE, "schema.sql")


def hexb(s):
    return bytes.fromhex("".join(s.split()))


# ---------------------------------------------------------------------------
# Recorded bytes (docs/voltdb-protocol.md sections 12 and 13)
# ---------------------------------------------------------------------------

LOGIN_SHA256_EMPTY = hexb("""
00 00 00 32 01 01 00 00 00 08 64 61 74 61 62 61 73 65 00 00 00 00
e3 b0 c4 42 98 fc 1c 14 9a fb f4 c8 99 6f b9 24
27 ae 41 e4 64 9b 93 4c a4 95 99 1b 78 52 b8 55""")

LOGIN_SHA1_LEGACY = hexb("""
00 00 00 25 00 00 00 00 08 64 61 74 61 62 61 73 65 00 00 00 00
da 39 a3 ee 5e 6b 4b 0d 32 55 bf ef 95 60 18 90 af d8 07 09""")

# 13.1; connection id (bytes 10..17) and cluster start (18..25) vary
LOGIN_RESPONSE = hexb("""
00 00 00 4e 00 00 00 00 00 00 00 00 00 00 00 00 00 05 00 00 01 a2 00 5d a4 e9
7f 00 00 01 00 00 00 30
31 31 2e 34 2e 30 2e 62 65 74 61 31 5f 54 68 69 73 20 69 73 20 6e 6f 74
20 66 72 6f 6d 20 61 20 6b 6e 6f 77 6e 20 72 65 70 6f 73 69 74 6f 72 79""")

INSERT_12_2 = hexb("""
00 00 00 2b 00 00 00 00 08 54 2e 69 6e 73 65 72 74 00 00 00 00 00 00 00 01
00 03 05 00 00 00 01 09 00 00 00 01 61 08 ff ee 42 d1 30 77 3b 76""")

INSERT_12_2_UNTYPED_NULL = hexb("""
00 00 00 23 00 00 00 00 08 54 2e 69 6e 73 65 72 74 00 00 00 00 00 00 00 01
00 03 05 00 00 00 01 09 00 00 00 01 61 01""")

# 13.2; round trip (bytes 15..18) was 46 ms on the real server
INSERT_RESPONSE = hexb("""
00 00 00 41 00 00 00 00 00 00 00 00 01 00 01 80 00 00 00 2e 00 01
00 00 00 2b 00 00 00 17 00 00 01 06
00 00 00 0f 6d 6f 64 69 66 69 65 64 5f 74 75 70 6c 65 73
00 00 00 01 00 00 00 08 00 00 00 00 00 00 00 01""")

DUPLICATE_TEXT = ("VOLTDB ERROR: CONSTRAINT VIOLATION Attempted violation of constraint\n"
                  "Constraint Type UNIQUE, Table CatalogId T\nRelevant Tuples:\n"
                  "ID  NAME  V    \n--- ----- -----\n  1 a      NULL\n  1 a      NULL")
# 13.3; round trip (bytes 211..214) was 6 ms
DUPLICATE_RESPONSE = (hexb("00 00 00 d5 00 00 00 00 00 00 00 00 01 20 fe 00 00 00 bf")
                      + DUPLICATE_TEXT.encode() + hexb("80 00 00 00 06 00 00"))

PING_V2 = hexb("00 00 00 15 02 00 00 00 05 40 50 69 6e 67 00 00 00 00 00 00 00 03 00 00 00")
PING_V2_PRIORITY = hexb("00 00 00 18 02 00 00 00 05 40 50 69 6e 67 00 00 00 00 00 00 00 03"
                        " 01 05 01 04 00 00")
PING_RESPONSE = hexb("""
00 00 00 43 00 00 00 00 00 00 00 00 03 20 01 00 00 00 07 53 55 43 43 45 53 53 80
00 00 00 00 00 01 00 00 00 22 00 00 00 0e 80 00 01 06 00 00 00 06 53 54 41 54 55 53
00 00 00 01 00 00 00 08 00 00 00 00 00 00 00 00""")

# 13.4: the R row as SELECT returned it (45 bytes)
R_ROW = hexb("""
00 00 00 00 00 00 00 32 00 06 17 c3 bb 53 4a 80
00 00 00 00 00 00 00 00 00 00 02 f4 b3 18 74 00
00 00 00 02 0a 0b 01 00 02 ff ff ff ff""")


# ---------------------------------------------------------------------------
# A tiny independent encoder / decoder
# ---------------------------------------------------------------------------

def s_(text):
    if text is None:
        return struct.pack(">i", -1)
    b = text.encode("utf-8") if isinstance(text, str) else text
    return struct.pack(">i", len(b)) + b


def p_null():
    return b"\x01"


def p_tinyint(v):
    return b"\x03" + struct.pack(">b", v)


def p_smallint(v):
    return b"\x04" + struct.pack(">h", v)


def p_int(v):
    return b"\x05" + struct.pack(">i", v)


def p_bigint(v):
    return b"\x06" + struct.pack(">q", v)


def p_float(v):
    return b"\x08" + struct.pack(">d", v)


def p_str(v):
    return b"\x09" + s_(v)


def p_varbinary(v):
    return b"\x19" + s_(v)


def p_date(v):
    return b"\x0c" + struct.pack(">i", v)


def p_int_array(vals):
    return b"\x9d\x05" + struct.pack(">h", len(vals)) + b"".join(struct.pack(">i", v) for v in vals)


def invocation(name, params, handle, version=0):
    body = s_(name) + struct.pack(">q", handle) + struct.pack(">h", len(params)) + b"".join(params)
    if version == 0:
        payload = b"\x00" + body
    elif version == 1:
        payload = b"\x01\xff" + body
    else:
        payload = (b"\x02" + s_(name) + struct.pack(">q", handle) + b"\x00"
                   + struct.pack(">h", len(params)) + b"".join(params))
    return struct.pack(">i", len(payload)) + payload


def login_request(user="", password="", version=1, scheme=1, service="database"):
    pw = password.encode()
    digest = hashlib.sha256(pw).digest() if scheme == 1 else hashlib.sha1(pw).digest()
    payload = bytes([version]) + (bytes([scheme]) if version >= 1 else b"") + s_(service) + s_(user) + digest
    return struct.pack(">i", len(payload)) + payload


class Response:
    def __init__(self, raw):
        self.raw = raw
        p = raw[4:]
        self.version = p[0]
        self.handle = struct.unpack(">q", p[1:9])[0]
        self.fields = p[9]
        self.status = struct.unpack(">b", p[10:11])[0]
        pos = 11
        self.status_string = None
        if self.fields & 0x20:
            n = struct.unpack(">i", p[pos:pos + 4])[0]
            self.status_string = p[pos + 4:pos + 4 + n].decode()
            pos += 4 + n
        self.app_status = struct.unpack(">b", p[pos:pos + 1])[0]
        pos += 1
        if self.fields & 0x80:
            n = struct.unpack(">i", p[pos:pos + 4])[0]
            pos += 4 + n
        self.rtt_offset = 4 + pos
        self.round_trip = struct.unpack(">i", p[pos:pos + 4])[0]
        pos += 4
        count = struct.unpack(">h", p[pos:pos + 2])[0]
        pos += 2
        self.tables = []
        for _ in range(count):
            n = struct.unpack(">i", p[pos:pos + 4])[0]
            self.tables.append(Table(p[pos + 4:pos + 4 + n]))
            pos += 4 + n
        assert pos == len(p), "trailing bytes in response"

    def with_rtt(self, expected):
        """`expected` with its round-trip field replaced by ours."""
        o = self.rtt_offset
        return expected[:o] + self.raw[o:o + 4] + expected[o + 4:]


class Table:
    def __init__(self, b):
        self.raw = b
        hlen = struct.unpack(">i", b[0:4])[0]
        self.status = b[4]
        ncol = struct.unpack(">h", b[5:7])[0]
        self.types = [struct.unpack(">b", b[7 + i:8 + i])[0] for i in range(ncol)]
        pos = 7 + ncol
        self.names = []
        for _ in range(ncol):
            n = struct.unpack(">i", b[pos:pos + 4])[0]
            self.names.append(b[pos + 4:pos + 4 + n].decode())
            pos += 4 + n
        assert pos == 4 + hlen
        nrows = struct.unpack(">i", b[pos:pos + 4])[0]
        pos += 4
        self.raw_rows = []
        self.rows = []
        for _ in range(nrows):
            n = struct.unpack(">i", b[pos:pos + 4])[0]
            row = b[pos + 4:pos + 4 + n]
            self.raw_rows.append(row)
            self.rows.append(self.decode_row(row))
            pos += 4 + n
        assert pos == len(b)

    def decode_row(self, row):
        out = []
        pos = 0
        for t in self.types:
            fixed = {3: (">b", 1), 4: (">h", 2), 5: (">i", 4), 6: (">q", 8), 8: (">d", 8), 11: (">q", 8)}
            if t in fixed:
                fmt, n = fixed[t]
                v = struct.unpack(fmt, row[pos:pos + n])[0]
                nulls = {3: -128, 4: -32768, 5: -2 ** 31, 6: -2 ** 63, 11: -2 ** 63}
                out.append(None if (t in nulls and v == nulls[t]) or (t == 8 and v == -1.7e308) else v)
                pos += n
            elif t == 22:
                v = int.from_bytes(row[pos:pos + 16], "big", signed=True)
                out.append(None if v == -2 ** 127 else v)
                pos += 16
            else:
                n = struct.unpack(">i", row[pos:pos + 4])[0]
                if n < 0:
                    out.append(None)
                    pos += 4
                else:
                    v = row[pos + 4:pos + 4 + n]
                    out.append(v.decode() if t == 9 else v)
                    pos += 4 + n
        assert pos == len(row)
        return out


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def recv_frame(sock):
    hdr = recv_exact(sock, 4)
    n = struct.unpack(">i", hdr)[0]
    return hdr + recv_exact(sock, n)


def read_until_eof(sock, limit=1 << 16):
    data = b""
    while len(data) < limit:
        chunk = sock.recv(4096)
        if not chunk:
            return data
        data += chunk
    return data


class ServerProcess:
    def __init__(self, *extra, schema=SCHEMA):
        # stderr goes to a file: an unread pipe could fill up and stall the server
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([sys.executable, SERVER, "--schema", schema] + list(extra),
                                     stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        line1 = self.proc.stdout.readline().strip()
        line2 = self.proc.stdout.readline().strip()
        if not line1.startswith("port=") or not line2.startswith("control="):
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError("server did not start: %r %r %s" % (line1, line2, self.stderr_text()))
        self.port = int(line1.split("=")[1])
        self.control = int(line2.split("=")[1])

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(10)
        finally:
            self.proc.stdout.close()
        return rc

    def stderr_text(self):
        self.stderr.seek(0)
        return self.stderr.read()

    def http(self, method, path, body=b""):
        req = urllib.request.Request("http://127.0.0.1:%d%s" % (self.control, path), method=method,
                                     data=body if method == "POST" else None)
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.loads(r.read())

    def http_error(self, method, path, body=b""):
        """The status and JSON of a request the server refuses."""
        try:
            self.http(method, path, body)
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())
        raise AssertionError("%s %s was accepted" % (method, path))

    def connect(self, login=True, **kw):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        if login:
            s.sendall(login_request(**kw))
            resp = recv_frame(s)
            assert resp[5] == 0, resp
        return s


class Client:
    def __init__(self, server):
        self.sock = server.connect(login=False)
        self.sock.sendall(LOGIN_SHA256_EMPTY)
        self.login_response = recv_frame(self.sock)
        self.conn_id = struct.unpack(">q", self.login_response[10:18])[0]
        self.next_handle = 100

    def call(self, name, *params, version=0):
        self.next_handle += 1
        self.sock.sendall(invocation(name, list(params), self.next_handle, version))
        r = Response(recv_frame(self.sock))
        assert r.handle == self.next_handle, (r.handle, self.next_handle)
        return r

    def raw(self, data):
        self.sock.sendall(data)
        return Response(recv_frame(self.sock))

    def close(self):
        self.sock.close()


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------

class ServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        assert rc == 0, "server exit code %r" % rc

    def setUp(self):
        self.server.http("POST", "/reset")
        self.server.http("POST", "/truncate")
        self.c = Client(self.server)

    def tearDown(self):
        self.c.close()

    def assertModified(self, r, n, table_status=0x00):
        self.assertEqual(r.status, 1, r.status_string)
        self.assertIsNone(r.status_string)
        self.assertEqual(len(r.tables), 1)
        t = r.tables[0]
        self.assertEqual((t.names, t.types, t.rows, t.status), (["modified_tuples"], [6], [[n]], table_status))

    def assertFailure(self, r, status, text):
        self.assertEqual((r.status, r.status_string), (status, text))
        self.assertEqual(r.tables, [])

    # -- 12.1 / 13.1 login ----------------------------------------------

    def test_login_sha256_response_bytes(self):
        resp = self.c.login_response
        self.assertEqual(len(resp), 4 + 78)
        conn_id = resp[10:18]
        start = struct.unpack(">q", resp[18:26])[0]
        self.assertGreater(struct.unpack(">q", conn_id)[0], 0)
        self.assertLess(abs(start - time.time() * 1000), 3600 * 1000)
        expected = LOGIN_RESPONSE[:10] + resp[10:26] + LOGIN_RESPONSE[26:]
        self.assertEqual(resp, expected)

    def test_login_legacy_sha1_and_scheme0(self):
        for req in (LOGIN_SHA1_LEGACY, login_request(version=1, scheme=0)):
            s = self.server.connect(login=False)
            s.sendall(req)
            resp = recv_frame(s)
            self.assertEqual(resp[4:6], b"\x00\x00")
            self.assertEqual(len(resp), 82)
            s.sendall(PING_V2)
            self.assertEqual(recv_frame(s), PING_RESPONSE)
            s.close()

    def test_login_failures_close_the_socket(self):
        cases = [
            # digest one byte short -> authentication failure
            (struct.pack(">i", 0x31) + LOGIN_SHA256_EMPTY[4:-1], 0xFF),
            # hash scheme 7 -> wire protocol format error
            (struct.pack(">i", 0x32) + b"\x01\x07" + LOGIN_SHA256_EMPTY[6:], 0x03),
            # service "export" -> service not available
            (login_request(service="export"), 0x05),
        ]
        for req, code in cases:
            s = self.server.connect(login=False)
            s.sendall(req)
            self.assertEqual(read_until_eof(s), b"\x00\x00\x00\x02\x00" + bytes([code]))
            s.close()

    def test_any_credentials_without_security(self):
        s = self.server.connect(user="whoever", password="anything")
        s.sendall(PING_V2)
        self.assertEqual(recv_frame(s), PING_RESPONSE)
        s.close()

    # -- 12.2 / 13.2 / 13.3 ------------------------------------------------

    def test_insert_success_and_duplicate_bytes(self):
        r = self.c.raw(INSERT_12_2)
        self.assertLess(r.round_trip, 1000)
        self.assertEqual(r.raw, r.with_rtt(INSERT_RESPONSE))
        r = self.c.raw(INSERT_12_2)
        self.assertEqual(len(DUPLICATE_TEXT.encode()), 191)
        self.assertEqual(r.raw, r.with_rtt(DUPLICATE_RESPONSE))
        rows = self.server.http("GET", "/rows/T")
        self.assertEqual(rows, [{"ID": 1, "NAME": "a", "V": None}])

    def test_insert_untyped_null(self):
        r = self.c.raw(INSERT_12_2_UNTYPED_NULL)
        self.assertEqual(r.raw, r.with_rtt(INSERT_RESPONSE))
        self.assertEqual(self.server.http("GET", "/rows/t"), [{"ID": 1, "NAME": "a", "V": None}])

    def test_ping_versions(self):
        self.assertEqual(self.c.raw(PING_V2).raw, PING_RESPONSE)
        self.assertEqual(self.c.raw(PING_V2_PRIORITY).raw, PING_RESPONSE)
        for version in (0, 1):
            r = self.c.call("@Ping", version=version)
            self.assertEqual((r.status, r.status_string, r.tables[0].rows), (1, "SUCCESS", [[0]]))
        v1_timeout = hexb("00 00 00 19 01 01 00 00 13 88 00 00 00 05 40 50 69 6e 67"
                          " 00 00 00 00 00 00 00 07 00 00")
        r = self.c.raw(v1_timeout)
        self.assertEqual((r.handle, r.status), (7, 1))

    def test_unparseable_request_uses_connection_id(self):
        bad = struct.pack(">i", 14) + b"\x05" + s_("@Ping") + b"\x00" * 4
        r = self.c.raw(bad)
        self.assertEqual(r.handle, self.c.conn_id)
        self.assertFailure(r, -3, "Unknown ProcedureInvocationType 5")
        r = self.c.raw(struct.pack(">i", 13) + b"\x00" + s_("") + struct.pack(">q", 9))
        self.assertFailure(r, -3, "Procedure name cannot be length zero in invocation deserialization.")
        self.assertEqual(self.c.raw(PING_V2).raw, PING_RESPONSE)     # connection still usable

    # -- 13.4 ---------------------------------------------------------------

    def test_recorded_outcomes(self):
        c = self.c
        self.assertFailure(c.call("T.insert", p_int(1)), -2,
                           "VOLTDB ERROR: PROCEDURE T.insert EXPECTS 3 PARAMS, BUT RECEIVED 1")
        self.assertFailure(c.call("NOPE.insert"), -3, "Procedure NOPE.insert was not found")
        self.assertFailure(c.call("T.insert", p_null(), p_str("x"), p_float(1.0)), -2,
                           "VOLTDB ERROR: CONSTRAINT VIOLATION Attempted violation of constraint\n"
                           "Constraint Type NOT_NULL, Table CatalogId T\nRelevant Tuples:\n"
                           "ID    NAME  V   \n----- ----- ----\n NULL x      1.0")
        self.assertFailure(c.call("T.insert", p_int(9), p_str("y" * 40), p_float(1.0)), -2,
                           "VOLTDB ERROR: SQL ERROR The size 40 of the value '%s' exceeds the size of "
                           "the VARCHAR(32) column 'NAME'" % ("y" * 40))
        self.assertFailure(c.call("T.insert", p_int(10), p_str("q"), p_str("abc")), -2,
                           "VOLTDB ERROR: PROCEDURE T.insert TYPE ERROR FOR PARAMETER 2: "
                           "org.voltdb.VoltTypeException: Unable to convert string abc to double value "
                           "for target parameter.")
        self.assertFailure(c.call("T.insert", p_str("x"), p_str("a"), p_null()), -3,
                           "Error sending procedure T.insert to the correct partition. Make sure "
                           "parameter values are correct. Parameter value x, partition column ID type 5 "
                           "Message: getHashedPartitionForParameter: Unable to convert string x to int "
                           "target parameter ")
        self.assertModified(c.call("t.INSERT", p_int(11), p_str("case"), p_float(1.5)), 1)
        self.assertModified(c.call("T.insert", p_int(1), p_str("a"), p_null()), 1)
        self.assertModified(c.call("T.upsert", p_int(1), p_str("b"), p_float(2.5)), 1)
        self.assertModified(c.call("T.insert", p_int(2), p_str("c"), p_null()), 1)
        self.assertModified(c.call("T.update", p_int(2), p_str("c2"), p_float(3.0), p_int(2)), 1)
        self.assertModified(c.call("R.delete", p_bigint(999)), 0, 0x80)
        self.assertFailure(c.call("NOPK.upsert", p_int(1), p_str("x")), -3,
                           "Procedure NOPK.upsert was not found")
        self.assertFailure(c.call("R.select", p_bigint(1)), -3, "Procedure R.select was not found")
        self.assertFailure(c.call("@SystemCatalog", p_str("BOGUS")), -2,
                           "Invalid @SystemCatalog selector: BOGUS")
        rows = self.server.http("GET", "/rows/T")
        self.assertEqual(sorted((r["ID"], r["NAME"], r["V"]) for r in rows),
                         [(1, "b", 2.5), (2, "c2", 3.0), (11, "case", 1.5)])

    def test_string_conversions_and_stored_row(self):
        c = self.c
        params = (p_int(50), p_str("2024-05-06 07:08:09.123456"), p_str("3.25"), p_str("X'0a0b'"),
                  p_int(1), p_int(2), p_null())
        self.assertModified(c.call("R.insert", *params), 1, 0x80)
        self.assertEqual(self.server.http("GET", "/rows/R"),
                         [{"K": 50, "TS": 0x000617c3bb534a80, "D": "3.250000000000", "VB": "0a0b",
                           "TI": 1, "SI": 2, "S": None}])
        self.assertModified(c.call("RP.insert", *params), 1, 0x00)
        r = c.call("RP.select", p_bigint(50))
        self.assertEqual(r.status, 1)
        t = r.tables[0]
        self.assertEqual(t.names, ["K", "TS", "D", "VB", "TI", "SI", "S"])
        self.assertEqual(t.raw_rows, [R_ROW])

    def test_value_errors(self):
        c = self.c
        self.assertFailure(c.call("R.insert", p_int(1), p_null(), p_null(), p_null(), p_int(300), p_null(),
                                  p_null()), -2,
                           "VOLTDB ERROR: SQL ERROR Type BIGINT with value 300 can't be cast as TINYINT "
                           "because the value is out of range for the destination type 'TI'")
        r = c.call("R.insert", p_int(1), p_null(), p_null(), p_str("x0a0b"), p_null(), p_null(), p_null())
        self.assertEqual(r.status, -2)
        self.assertTrue(r.status_string.startswith("VOLTDB ERROR: PROCEDURE R.insert TYPE ERROR FOR "
                                                   "PARAMETER 3: "), r.status_string)
        self.assertTrue(r.status_string.endswith("String is not properly hex-encoded."))
        # VARCHAR(8) counts characters, VARCHAR(8 BYTES) counts bytes
        self.assertModified(c.call("R.insert", p_int(2), p_null(), p_null(), p_null(), p_null(), p_null(),
                                   p_str("\u00e9" * 8)), 1, 0x80)
        self.assertFailure(c.call("RP.insert", p_int(2), p_null(), p_null(), p_null(), p_null(), p_null(),
                                  p_str("\u00e9" * 5)), -2,
                           "VOLTDB ERROR: SQL ERROR The size 10 of the value '%s' exceeds the size of the "
                           "VARCHAR(8 BYTES) column 'S'" % ("\u00e9" * 5))
        self.assertFailure(c.call("R.insert", p_int(3), p_null(), p_null(), p_varbinary(b"x" * 17),
                                  p_null(), p_null(), p_null()), -2,
                           "VOLTDB ERROR: SQL ERROR The size 17 of the value exceeds the size of the "
                           "VARBINARY(16) column 'VB'")
        self.assertFailure(c.call("T.insert", p_int(4), p_str("a"), p_date(0)), -2,
                           "Exception while deserializing procedure params, procedure=T.insert\n"
                           "java.lang.RuntimeException: ParameterSet doesn't support type 12")
        self.assertFailure(c.call("NOPK.insert", p_int_array([1, 2]), p_null()), -2,
                           "VOLTDB ERROR: PROCEDURE NOPK.insert TYPE ERROR FOR PARAMETER 0: "
                           "org.voltdb.VoltTypeException: Array / Scalar parameter mismatch ([I to long)")
        self.assertFailure(c.call("T.insert", p_int(5), p_str("a"), p_str("1.5"), p_null()), -2,
                           "VOLTDB ERROR: PROCEDURE T.insert EXPECTS 3 PARAMS, BUT RECEIVED 4")
        # "\N" is NULL; the FLOAT sentinel is NULL; numeric strings convert
        self.assertModified(c.call("T.insert", p_str("6"), p_str("\\N"), p_float(-1.7e308)), 1)
        self.assertEqual(self.server.http("GET", "/rows/T"), [{"ID": 6, "NAME": None, "V": None}])
        # the INTEGER NULL sentinel is NULL too
        self.assertFailure(c.call("T.insert", p_int(-2147483648), p_str("a"), p_null()), -2,
                           "VOLTDB ERROR: CONSTRAINT VIOLATION Attempted violation of constraint\n"
                           "Constraint Type NOT_NULL, Table CatalogId T\nRelevant Tuples:\n"
                           "ID    NAME  V    \n----- ----- -----\n NULL a      NULL")

    def test_replicated_composite_key_and_case(self):
        c = self.c
        args = (p_str("John"), p_str("Smith"), p_int(30), p_float(4830))
        self.assertModified(c.call("person.insert", *args), 1, 0x80)
        r = c.call("PERSON.insert", *args)
        self.assertEqual(r.status, -2)
        self.assertIn("Constraint Type UNIQUE, Table CatalogId PERSON", r.status_string)
        self.assertModified(c.call("Person.Upsert", p_str("John"), p_str("Smith"), p_int(31), p_float(5000)),
                            1, 0x80)
        self.assertModified(c.call("PERSON.delete", p_str("Jane"), p_str("Doe")), 0, 0x80)
        self.assertEqual(self.server.http("GET", "/rows/PERSON"),
                         [{"FIRSTNAME": "John", "LASTNAME": "Smith", "AGE": 31, "SALARY": 5000.0}])
        self.assertModified(c.call("NOPK.insert", p_int(1), p_str("x")), 1, 0x80)
        self.assertModified(c.call("NOPK.insert", p_int(1), p_str("x")), 1, 0x80)

    # -- 13.5 @SystemCatalog ------------------------------------------------

    def test_system_catalog_columns(self):
        r = self.c.call("@SystemCatalog", p_str("columns"))
        self.assertEqual((r.status, r.status_string), (1, None))
        t = r.tables[0]
        self.assertEqual(t.status, 0x80)
        self.assertEqual(t.names, ["TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE",
                                   "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS",
                                   "NUM_PREC_RADIX", "NULLABLE", "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE",
                                   "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION",
                                   "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE",
                                   "SOURCE_DATA_TYPE", "IS_AUTOINCREMENT"])
        self.assertEqual(t.types, [9, 9, 9, 9, 5, 9, 5, 5, 5, 5, 5, 9, 9, 5, 5, 5, 5, 9, 9, 9, 9, 4, 9])
        by_table = {}
        for row in t.rows:
            by_table.setdefault(row[2], []).append(row)
        self.assertEqual(list(by_table), sorted(by_table))
        pick = [2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 15, 16, 17]
        self.assertEqual([[row[i] for i in pick] for row in by_table["T"]], [
            ["T", "ID", 4, "INTEGER", 31, None, 2, 0, "PARTITION_COLUMN", None, None, 1, "NO"],
            ["T", "NAME", 12, "VARCHAR", 32, None, None, 1, None, None, 32, 2, "YES"],
            ["T", "V", 6, "FLOAT", 53, None, 2, 1, None, None, None, 3, "YES"],
        ])
        r_rows = by_table["R"]
        self.assertEqual([row[3] for row in r_rows], ["D", "K", "S", "SI", "TI", "TS", "VB"])
        self.assertEqual([(row[3], row[4], row[6]) for row in r_rows],
                         [("D", 3, 38), ("K", -5, 63), ("S", 12, 8), ("SI", 5, 15), ("TI", -6, 7),
                          ("TS", 93, 63), ("VB", -3, 16)])
        self.assertEqual((r_rows[0][8], r_rows[0][9]), (12, 10))
        self.assertEqual(r_rows[2][12], "'dflt'")
        self.assertEqual([row[3] for row in by_table["PERSON"]], ["AGE", "FIRSTNAME", "LASTNAME", "SALARY"])
        self.assertEqual([row[16] for row in by_table["PERSON"]], [3, 1, 2, 4])
        self.assertTrue(all(row[22] == "NO" and row[0] is None for row in t.rows))

    def test_system_catalog_other_selectors(self):
        r = self.c.call("@SystemCatalog", p_str("TABLES"))
        rows = {row[2]: row for row in r.tables[0].rows}
        self.assertEqual(rows["T"][3:5], ["TABLE", '{"partitionColumn":"ID"}'])
        self.assertIsNone(rows["R"][4])
        r = self.c.call("@SystemCatalog", p_str("PRIMARYKEYS"))
        self.assertIn([None, None, "T", "ID", 1, "VOLTDB_AUTOGEN_CT__PK_T_ID"], r.tables[0].rows)
        r = self.c.call("@SystemCatalog", p_str("PROCEDURES"))
        procs = {row[2]: row[6] for row in r.tables[0].rows}
        self.assertEqual(procs["T.insert"], '{"compound":false,"partitionParameter":0,'
                         '"partitionParameterType":5,"readOnly":false,"singlePartition":true}')
        self.assertEqual(procs["R.upsert"], '{"compound":false,"readOnly":false,"singlePartition":false}')
        self.assertNotIn("NOPK.upsert", procs)
        self.assertNotIn("R.select", procs)

    # -- robustness and control channel -----------------------------------

    def test_pipelined_calls(self):
        n = 200
        data = b"".join(invocation("T.insert", [p_int(i), p_str("n%d" % i), p_float(i / 2)], 1000 + i)
                        for i in range(n))
        self.c.sock.sendall(data)
        handles = [Response(recv_frame(self.c.sock)).handle for _ in range(n)]
        self.assertEqual(sorted(handles), list(range(1000, 1000 + n)))
        self.assertEqual(len(self.server.http("GET", "/rows/T")), n)

    def test_malformed_input_closes_only_that_connection(self):
        for junk in (b"\x00\x00\x00\x00\x00", b"\xff\xff\xff\xff\x00", b"\x7f\xff\xff\xff\x00"):
            s = self.server.connect()
            s.sendall(junk)
            self.assertEqual(read_until_eof(s), b"")
            s.close()
        s = self.server.connect(login=False)
        s.sendall(b"\x00\x00\x00\x03abc")
        self.assertEqual(read_until_eof(s)[:5], b"\x00\x00\x00\x02\x00")
        s.close()
        # truncated parameter set: answered, connection stays
        payload = (b"\x00" + s_("T.insert") + struct.pack(">q", 5)
                   + b"\x00\x03\x05\x00\x00\x00\x01\x09\x00\x00")
        r = self.c.raw(struct.pack(">i", len(payload)) + payload)
        self.assertEqual((r.handle, r.status), (5, -2))
        self.assertTrue(r.status_string.startswith("Exception while deserializing procedure params"))
        self.assertEqual(self.c.raw(PING_V2).raw, PING_RESPONSE)

    def test_random_input_never_kills_the_server(self):
        import random
        rng = random.Random(7)
        params = [p_int(1), p_str("x"), p_null(), p_float(0.5), p_date(1), p_varbinary(b"ab"),
                  b"\x16" + bytes(16), b"\x0b" + bytes(8), b"\x17\x01", b"\x9d\x09\x00\x01\xff\xff\xff\xff",
                  b"\x63", b"\x09\x7f\xff\xff\xff"]
        names = ["T.insert", "R.upsert", "RP.select", "T.update", "@SystemCatalog", "@Ping", "NOPK.insert"]
        for i in range(60):
            s = self.server.connect()
            s.settimeout(2)
            try:
                for _ in range(4):
                    if rng.random() < 0.6:
                        data = invocation(rng.choice(names), rng.sample(params, rng.randint(0, 6)), i,
                                          rng.choice((0, 1, 2)))
                        if rng.random() < 0.3:       # corrupt one byte after the length
                            k = rng.randrange(4, len(data))
                            data = data[:k] + bytes([rng.getrandbits(8)]) + data[k + 1:]
                    else:
                        body = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 40)))
                        data = struct.pack(">i", len(body)) + body
                    s.sendall(data)
                    Response(recv_frame(s))
            except (EOFError, OSError):
                pass
            finally:
                s.close()
        self.assertEqual(self.c.raw(PING_V2).raw, PING_RESPONSE)
        c2 = Client(self.server)
        self.assertEqual(c2.raw(PING_V2).raw, PING_RESPONSE)
        c2.close()

    def test_control_unavailable(self):
        self.server.http("POST", "/unavailable?seconds=30")
        self.assertFailure(self.c.call("T.insert", p_int(1), p_str("a"), p_null()), -5,
                           "Server is paused and is available in read-only mode - please try again later.")
        self.server.http("POST", "/unavailable?seconds=0.3&writes_only=1")
        self.assertEqual(self.c.raw(PING_V2).raw, PING_RESPONSE)
        self.assertEqual(self.c.call("T.insert", p_int(1), p_str("a"), p_null()).status, -5)
        time.sleep(0.4)
        self.assertModified(self.c.call("T.insert", p_int(1), p_str("a"), p_null()), 1)

    def test_control_garbage(self):
        self.server.http("POST", "/garbage?count=1")
        self.c.sock.sendall(PING_V2)
        self.assertEqual(recv_exact(self.c.sock, 4), b"\x7f\xff\xff\xff")
        for mode in ("negative", "body", "truncate"):
            s = self.server.connect()
            self.server.http("POST", "/garbage?count=1&mode=" + mode)
            s.sendall(PING_V2)
            first = recv_exact(s, 4)
            if mode == "negative":
                self.assertEqual(first, b"\xff\xff\xff\xff")
            elif mode == "body":
                self.assertEqual(first, PING_RESPONSE[:4])
                body = recv_exact(s, len(PING_RESPONSE) - 4)
                self.assertNotEqual(body[0], 0)
            else:
                self.assertEqual(first + read_until_eof(s), PING_RESPONSE[:len(PING_RESPONSE) // 2])
            s.close()
        c2 = Client(self.server)
        self.assertEqual(c2.raw(PING_V2).raw, PING_RESPONSE)
        c2.close()
        self.assertEqual(self.server.http("GET", "/stats")["garbage_pending"], 0)

    def test_control_drop_connections_and_stats(self):
        before = self.server.http("GET", "/stats")
        self.assertModified(self.c.call("T.insert", p_int(1), p_str("a"), p_null()), 1)
        dropped = self.server.http("POST", "/drop-connections")["dropped"]
        self.assertGreaterEqual(dropped, 1)
        self.assertEqual(read_until_eof(self.c.sock), b"")
        c2 = Client(self.server)
        self.assertModified(c2.call("T.insert", p_int(2), p_str("b"), p_null()), 1)
        stats = self.server.http("GET", "/stats")
        self.assertEqual(stats["calls"] - before["calls"], 2)
        self.assertGreaterEqual(stats["logins"] - before["logins"], 1)
        self.assertGreaterEqual(stats["connections"], 1)
        c2.close()

    def test_control_rows_formats_and_truncate(self):
        self.assertModified(self.c.call("R.insert", p_bigint(7), p_bigint(1500000), p_float(0.1),
                                        p_varbinary(b"\x00\xff"), p_null(), p_int(-5), p_str("hi")),
                            1, 0x80)
        self.assertEqual(self.server.http("GET", "/rows/r"),
                         [{"K": 7, "TS": 1500000, "D": "0.100000000000", "VB": "00ff", "TI": None,
                           "SI": -5, "S": "hi"}])
        self.server.http("POST", "/truncate?table=R")
        self.assertEqual(self.server.http("GET", "/rows/R"), [])
        with self.assertRaises(urllib.error.HTTPError):
            self.server.http("GET", "/rows/NOSUCH")


# ---------------------------------------------------------------------------
# Topology and bulk loads (docs/voltdb-protocol.md section 15)
# ---------------------------------------------------------------------------

sys.path.insert(0, HERE)
import hashinator  # noqa: E402


def p_table(columns, rows):
    """A VOLTTABLE parameter; columns: [(name, type)], rows: [[python values]]."""
    cell = {3: ">b", 4: ">h", 5: ">i", 6: ">q", 8: ">d", 11: ">q"}
    header = b"\x80" + struct.pack(">h", len(columns))
    header += bytes(t & 0xff for _, t in columns) + b"".join(s_(n) for n, _ in columns)
    body = struct.pack(">i", len(header)) + header + struct.pack(">i", len(rows))
    for row in rows:
        cells = b"".join(struct.pack(cell[t], v) if t in cell else s_(v)
                         for (_, t), v in zip(columns, row))
        body += struct.pack(">i", len(cells)) + cells
    return b"\x15" + struct.pack(">i", len(body)) + body


T_COLUMNS = [("ID", 5), ("NAME", 9), ("V", 8)]
PERSON_COLUMNS = [("FIRSTNAME", 9), ("LASTNAME", 9), ("AGE", 5), ("SALARY", 8)]


class BulkLoadTest(unittest.TestCase):
    """Murmur3 vectors from elastic/elasticsearch Murmur3HasherTests.java (the canonical
    algorithm); the rest as VoltDB's LoadSinglepartitionTable.java, LoadMultipartitionTable.java
    and HashinatorLite.java describe it."""

    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess("--partitions", "3")

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0

    def setUp(self):
        self.server.http("POST", "/partitions?count=3")
        self.server.http("POST", "/truncate")
        self.c = Client(self.server)

    def tearDown(self):
        self.c.close()

    def test_murmur3_matches_published_vectors(self):
        for text, seed, h1 in [("hell", 0, 0x629942693e10f867), ("hello", 1, 0xa78ddff5adae8d10),
                               ("hello w", 3, 0x2ea59f466f6bed8c),
                               ("hello wor", 5, 0xc2219d213ec1f1b5),
                               ("The quick brown fox jumps over the lazy dog", 0,
                                0xe34bbc7bbc071b6c)]:
            self.assertEqual(hashinator.murmur3_x64_128(text.encode(), seed)[0], h1, text)
        self.assertEqual(hashinator.voltdb_token(b"hell"), 0x62994269)

    def test_topo_returns_partitions_and_the_elastic_ring(self):
        r = self.c.call("@Statistics", p_str("TOPO"), p_int(0))
        self.assertEqual(r.status, 1, r.status_string)
        self.assertEqual(len(r.tables), 2)
        self.assertEqual(r.tables[0].names, ["Partition", "Sites", "Leader"])
        self.assertEqual([row[0] for row in r.tables[0].rows], [0, 1, 2, 16383])
        self.assertEqual(r.tables[1].names, ["HASHTYPE", "HASHCONFIG"])
        hashtype, config = r.tables[1].rows[0]
        self.assertEqual(hashtype, "ELASTIC")
        n = struct.unpack(">i", config[:4])[0]
        self.assertEqual(len(config), 4 + 8 * n)
        pairs = [struct.unpack(">ii", config[4 + 8 * i:12 + 8 * i]) for i in range(n)]
        self.assertEqual([t for t, _ in pairs], sorted(t for t, _ in pairs))
        self.assertEqual({p for _, p in pairs}, {0, 1, 2})

    def load_t(self, ids, upsert=0):
        h = hashinator.Hashinator(3)
        return self.c.call("@LoadSinglepartitionTable", p_varbinary(struct.pack("<q", ids[0])),
                           p_str("t"), p_tinyint(upsert),
                           p_table(T_COLUMNS, [[i, "n%d" % i, 0.5] for i in ids]))

    def ids_in(self, partition, count):
        h = hashinator.Hashinator(3)
        return [i for i in range(200) if h.partition_of_value(i) == partition][:count]

    def test_single_partition_load_inserts_rows_of_its_partition(self):
        ids = self.ids_in(1, 5)
        r = self.load_t(ids)
        self.assertEqual(r.status, 1, r.status_string)
        self.assertEqual(r.tables[0].rows, [[5]])
        self.assertEqual([row["ID"] for row in self.server.http("GET", "/rows/T")], ids)
        self.assertEqual(self.server.http("GET", "/partitions/T"), [1] * 5)

    def test_a_row_of_another_partition_fails_the_whole_group(self):
        ids = self.ids_in(1, 3) + self.ids_in(2, 1)
        r = self.load_t(ids)
        self.assertEqual(r.status, -2)
        self.assertTrue(r.status_string.startswith(
            "VOLTDB ERROR: CONSTRAINT VIOLATION Mispartitioned tuple in single-partition insert "
            "statement.\nConstraint Type PARTITIONING, Table CatalogId T"), r.status_string)
        self.assertEqual(self.server.http("GET", "/rows/T"), [])

    def test_a_duplicate_key_fails_the_whole_group_and_upsert_mode_replaces(self):
        ids = self.ids_in(0, 3)
        self.assertEqual(self.load_t(ids[:1]).status, 1)
        r = self.load_t(ids)
        self.assertEqual(r.status, -2)
        self.assertIn("Constraint Type UNIQUE", r.status_string)
        self.assertEqual(len(self.server.http("GET", "/rows/T")), 1)
        self.assertEqual(self.load_t(ids, upsert=1).status, 1)
        self.assertEqual([row["ID"] for row in self.server.http("GET", "/rows/T")], ids)

    def test_multi_partition_load_is_for_replicated_tables(self):
        rows = [["Ann", "Lee", 41, 1.5], ["Bo", "Lee", None, None]]
        rows[1][2] = -2 ** 31  # INTEGER NULL
        rows[1][3] = -1.7e308  # FLOAT NULL
        r = self.c.call("@LoadMultipartitionTable", p_str("PERSON"), p_tinyint(0),
                        p_table(PERSON_COLUMNS, rows))
        self.assertEqual(r.status, 1, r.status_string)
        got = self.server.http("GET", "/rows/PERSON")
        self.assertEqual(got[1], {"FIRSTNAME": "Bo", "LASTNAME": "Lee", "AGE": None,
                                  "SALARY": None})
        r = self.c.call("@LoadMultipartitionTable", p_str("T"), p_tinyint(0),
                        p_table(T_COLUMNS, [[1, "a", 1.0]]))
        self.assertEqual(r.status, -2)
        self.assertIn("no longer supports loading partitioned tables", r.status_string)

    def test_a_resize_moves_rows_and_changes_the_ring(self):
        self.assertEqual(self.load_t(self.ids_in(0, 4)).status, 1)
        self.server.http("POST", "/partitions?count=5")
        h5 = hashinator.Hashinator(5)
        rows = self.server.http("GET", "/rows/T")
        self.assertEqual(self.server.http("GET", "/partitions/T"),
                         [h5.partition_of_value(row["ID"]) for row in rows])
        r = self.c.call("@Statistics", p_str("TOPO"), p_int(0))
        self.assertEqual(len(r.tables[0].rows), 6)


class SecuredServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess("--user", "sink", "--password", "s3cret", "--auth-timeout", "0.5",
                                   "--max-connections", "3")

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0

    def login(self, payload):
        s = self.server.connect(login=False)
        s.sendall(payload)
        resp = recv_exact(s, 6)
        code = resp[5]
        if code != 0:
            self.assertEqual(resp, b"\x00\x00\x00\x02\x00" + bytes([code]))
            self.assertEqual(read_until_eof(s), b"")
            s.close()
            return code, None
        rest = recv_exact(s, struct.unpack(">i", resp[:4])[0] - 2)
        self.assertEqual(len(rest), 76)
        return 0, s

    def test_credentials(self):
        code, s = self.login(login_request("sink", "s3cret"))
        self.assertEqual(code, 0)
        s.sendall(PING_V2)
        self.assertEqual(recv_frame(s), PING_RESPONSE)
        s.close()
        code, s = self.login(login_request("sink", "s3cret", version=0, scheme=0))
        self.assertEqual(code, 0)
        s.close()
        for req in (login_request("sink", "wrong"), login_request("other", "s3cret"),
                    login_request("", ""), LOGIN_SHA256_EMPTY, LOGIN_SHA1_LEGACY):
            self.assertEqual(self.login(req)[0], 0xFF)

    def test_auth_timeout(self):
        s = self.server.connect(login=False)
        t0 = time.monotonic()
        self.assertEqual(read_until_eof(s), b"")
        self.assertLess(time.monotonic() - t0, 3)
        s.close()

    def test_connection_limit(self):
        held = [self.login(login_request("sink", "s3cret"))[1] for _ in range(3)]
        s = self.server.connect(login=False)
        self.assertEqual(read_until_eof(s), b"\x01")
        s.close()
        for h in held:
            h.close()
        deadline = time.monotonic() + 5
        while self.server.http("GET", "/stats")["connections"] and time.monotonic() < deadline:
            time.sleep(0.02)


UNIQUE_SCHEMA = os.path.join(HERE, "unique_schema.sql")
U_COLUMNS = [("ID", 5), ("A", 9), ("B", 5), ("C", 5)]
INT_NULL = -2 ** 31


def relevant_ids(status_string):
    """The first column of the rows under "Relevant Tuples:" (header and rule skipped)."""
    lines = status_string.split("Relevant Tuples:\n", 1)[1].split("\n")[2:]
    return [int(line.split()[0]) for line in lines]


class UniqueIndexTest(unittest.TestCase):
    """UNIQUE / ASSUMEUNIQUE as VoltDB has them: the DDL rules of
    src/frontend/org/voltdb/compiler/DDLCompiler.java checkValidPartitionTableIndex (and the
    cases of tests/frontend/org/voltdb/compiler/TestDDLCompiler.java testColumnUniqueGiveException),
    the EE's unique indexes, in which NULL equals NULL (src/ee/common/NValue.hpp compareNull),
    and @SystemCatalog INDEXINFO as src/frontend/org/voltdb/JdbcDatabaseMetaDataGenerator.java
    getIndexInfo builds it (tests/frontend/org/voltdb/TestJdbcDatabaseMetaDataGenerator.java
    testGetIndexInfo)."""

    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess(schema=UNIQUE_SCHEMA)

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0

    def setUp(self):
        self.server.http("POST", "/truncate")
        self.c = Client(self.server)

    def tearDown(self):
        self.c.close()

    def u(self, verb, *params):
        return self.c.call("U." + verb, *params)

    def u_row(self, i, a, b, c):
        return [p_int(i), p_null() if a is None else p_str(a), p_int(b),
                p_null() if c is None else p_int(c)]

    def assertOk(self, r):
        self.assertEqual(r.status, 1, r.status_string)

    def assertDuplicate(self, r, table, ids):
        self.assertEqual(r.status, -2)
        self.assertTrue(r.status_string.startswith(
            "VOLTDB ERROR: CONSTRAINT VIOLATION Attempted violation of constraint\n"
            "Constraint Type UNIQUE, Table CatalogId %s\nRelevant Tuples:\n" % table), r.status_string)
        self.assertEqual(relevant_ids(r.status_string), ids)

    def ids(self, table):
        return [row["ID"] for row in self.server.http("GET", "/rows/" + table)]

    def test_schema_errors_have_voltdbs_text(self):
        cases = [
            ("CREATE TABLE P (ID INTEGER NOT NULL, K VARCHAR(8) UNIQUE, PRIMARY KEY (ID));"
             "PARTITION TABLE P ON COLUMN ID;",
             "Invalid use of UNIQUE. The UNIQUE INDEX VOLTDB_AUTOGEN_IDX_CT_P_K on the partitioned "
             "table P does not include the partitioning column ID. See the documentation for the "
             "'CREATE TABLE' and 'CREATE INDEX' commands and the 'ASSUMEUNIQUE' keyword."),
            ("CREATE TABLE P (ID INTEGER NOT NULL, K INTEGER NOT NULL, PRIMARY KEY (K));"
             "PARTITION TABLE P ON COLUMN ID;",
             "Invalid use of PRIMARY KEY. The PRIMARY KEY on the partitioned table P does not "
             "include the partitioning column ID. See the documentation for the 'CREATE TABLE' "
             "and 'CREATE INDEX' commands and the 'ASSUMEUNIQUE' keyword."),
            ("CREATE TABLE P (ID INTEGER NOT NULL, K INTEGER);"
             "PARTITION TABLE P ON COLUMN ID; CREATE ASSUMEUNIQUE INDEX PK_IDX ON P (K, ID);",
             "ASSUMEUNIQUE is not valid for an index that includes the partitioning column. "
             "Please use UNIQUE instead."),
        ]
        with tempfile.TemporaryDirectory() as d:
            for ddl, text in cases:
                path = os.path.join(d, "bad.sql")
                with open(path, "w") as f:
                    f.write(ddl)
                p = subprocess.run([sys.executable, SERVER, "--schema", path], capture_output=True,
                                   text=True, timeout=20)
                self.assertEqual(p.returncode, 2, ddl)
                self.assertEqual(p.stderr, "voltdb_test_server: schema %s: %s\n" % (path, text))

    def test_insert_refuses_a_duplicate_of_the_unique_index_null_included(self):
        self.assertOk(self.u("insert", *self.u_row(1, "a", 0, 1)))
        self.assertOk(self.u("insert", *self.u_row(2, "a", 0, 2)))    # (A, C) differs
        self.assertDuplicate(self.u("insert", *self.u_row(3, "a", 9, 1)), "U", [3, 1])
        self.assertOk(self.u("insert", *self.u_row(4, None, 0, 1)))
        # VoltDB's index keys compare NULL equal to NULL: a second (NULL, 1) is a duplicate
        self.assertDuplicate(self.u("insert", *self.u_row(5, None, 0, 1)), "U", [5, 4])
        self.assertEqual(self.ids("U"), [1, 2, 4])

    def test_upsert_may_replace_its_own_row_but_not_duplicate_another(self):
        self.assertOk(self.u("insert", *self.u_row(1, "a", 0, 1)))
        self.assertOk(self.u("insert", *self.u_row(2, "b", 0, 1)))
        self.assertOk(self.u("upsert", *self.u_row(1, "a", 7, 1)))     # same key, same (A, C)
        self.assertDuplicate(self.u("upsert", *self.u_row(1, "b", 7, 1)), "U", [1, 2])
        self.assertDuplicate(self.u("upsert", *self.u_row(3, "b", 7, 1)), "U", [3, 2])
        self.assertOk(self.u("upsert", *self.u_row(1, "c", 8, 1)))     # frees (a, 1) ...
        self.assertOk(self.u("upsert", *self.u_row(3, "a", 9, 1)))     # ... for another row
        self.assertEqual(self.server.http("GET", "/rows/U"), [
            {"ID": 1, "A": "c", "B": 8, "C": 1}, {"ID": 2, "A": "b", "B": 0, "C": 1},
            {"ID": 3, "A": "a", "B": 9, "C": 1}])

    def test_update_refuses_a_duplicate_of_another_row(self):
        self.assertOk(self.u("insert", *self.u_row(1, "a", 0, 1)))
        self.assertOk(self.u("insert", *self.u_row(2, "b", 0, 1)))
        self.assertOk(self.u("update", *self.u_row(1, "a", 5, 1), p_int(1)))
        self.assertDuplicate(self.u("update", *self.u_row(1, "b", 5, 1), p_int(1)), "U", [1, 2])
        # moving a row to a new primary key keeps its own (A, C)
        self.assertOk(self.u("update", *self.u_row(7, "a", 5, 1), p_int(1)))
        self.assertOk(self.u("delete", p_int(7)))
        self.assertOk(self.u("insert", *self.u_row(8, "a", 0, 1)))     # the delete freed (a, 1)
        self.assertEqual(self.ids("U"), [2, 8])

    def load_u(self, rows, upsert=0):
        return self.c.call("@LoadMultipartitionTable", p_str("U"), p_tinyint(upsert),
                           p_table(U_COLUMNS, [[i, a, b, INT_NULL if c is None else c]
                                               for i, a, b, c in rows]))

    def test_a_bulk_load_with_a_duplicate_leaves_nothing_behind(self):
        rows = [(1, "a", 0, 1), (2, "b", 0, 1), (3, "a", 0, 1)]
        self.assertDuplicate(self.load_u(rows), "U", [3, 1])
        self.assertEqual(self.ids("U"), [])
        # the refused rows left no index entry: their (A, C) is free for other keys
        self.assertOk(self.u("insert", *self.u_row(9, "b", 0, 1)))
        self.assertOk(self.u("delete", p_int(9)))
        self.assertOk(self.load_u(rows[:2]))
        self.assertEqual(self.ids("U"), [1, 2])

    def test_a_refused_upsert_load_restores_the_replaced_rows_index_entries(self):
        self.assertOk(self.u("insert", *self.u_row(1, "a", 0, 1)))
        # 1 moves to (b, 1), 2 takes the freed (a, 1), then 3 duplicates 2: all undone
        r = self.load_u([(1, "b", 0, 1), (2, "a", 0, 1), (3, "a", 0, 1)], upsert=1)
        self.assertDuplicate(r, "U", [3, 2])
        self.assertEqual(self.server.http("GET", "/rows/U"), [{"ID": 1, "A": "a", "B": 0, "C": 1}])
        self.assertDuplicate(self.u("insert", *self.u_row(4, "a", 0, 1)), "U", [4, 1])
        self.assertOk(self.u("insert", *self.u_row(5, "b", 0, 1)))

    def test_assumeunique_is_enforced_within_a_partition_only(self):
        h = hashinator.Hashinator(4)
        by_partition = {}
        for i in range(100):
            by_partition.setdefault(h.partition_of_value(i), []).append(i)
        same, other = by_partition[0][:2], by_partition[1][0]

        def insert(i, email, code):
            return self.c.call("UP.insert", p_int(i), p_str(email), p_int(code))

        self.assertOk(insert(same[0], "x@y", 1))
        self.assertDuplicate(insert(same[1], "x@y", 2), "UP", [same[1], same[0]])
        self.assertOk(insert(other, "x@y", 3))
        self.assertEqual(self.server.http("GET", "/partitions/UP"), [0, 1])

    def test_indexinfo_lists_every_index_column(self):
        r = self.c.call("@SystemCatalog", p_str("INDEXINFO"))
        self.assertEqual(r.status, 1, r.status_string)
        t = r.tables[0]
        self.assertEqual(t.names, ["TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE",
                                   "INDEX_QUALIFIER", "INDEX_NAME", "TYPE", "ORDINAL_POSITION",
                                   "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES",
                                   "FILTER_CONDITION"])
        self.assertEqual(t.types, [9, 9, 9, 3, 9, 9, 4, 4, 9, 9, 5, 5, 9])
        self.assertEqual(t.status, 0x80)
        # by table, index name, column name; ORDINAL_POSITION gives the key order (1-based)
        self.assertEqual([row[2:10] for row in t.rows], [
            ["U", 0, None, "VOLTDB_AUTOGEN_IDX_CT_U_A_C", 3, 1, "A", "A"],
            ["U", 0, None, "VOLTDB_AUTOGEN_IDX_CT_U_A_C", 3, 2, "C", "A"],
            ["U", 0, None, "VOLTDB_AUTOGEN_IDX_PK_U_ID", 3, 1, "ID", "A"],
            ["UP", 1, None, "UP_BY_CODE", 3, 1, "CODE", "A"],
            ["UP", 0, None, "VOLTDB_AUTOGEN_CONSTRAINT_IDX_UP_CODE", 3, 1, "CODE", "A"],
            ["UP", 0, None, "VOLTDB_AUTOGEN_CONSTRAINT_IDX_UP_CODE", 3, 2, "ID", "A"],
            ["UP", 0, None, "VOLTDB_AUTOGEN_IDX_CT_UP_EMAIL", 3, 1, "EMAIL", "A"],
            ["UP", 0, None, "VOLTDB_AUTOGEN_IDX_PK_UP_ID", 3, 1, "ID", "A"],
        ])
        self.assertTrue(all(row[:2] == [None, None] and row[10:] == [None, None, None]
                            for row in t.rows))
        tables = self.server.http("GET", "/tables")
        self.assertEqual(tables["U"]["unique_indexes"], [
            {"name": "VOLTDB_AUTOGEN_IDX_CT_U_A_C", "columns": ["A", "C"], "assume_unique": False}])
        self.assertEqual(tables["UP"]["unique_indexes"], [
            {"name": "VOLTDB_AUTOGEN_CONSTRAINT_IDX_UP_CODE", "columns": ["CODE", "ID"],
             "assume_unique": False},
            {"name": "VOLTDB_AUTOGEN_IDX_CT_UP_EMAIL", "columns": ["EMAIL"], "assume_unique": True}])


class RowLimitTest(unittest.TestCase):
    """LIMIT PARTITION ROWS as VoltDB has it: a new row into a full partition is refused with a
    PARTITIONING constraint failure carrying its own message (src/ee/storage/persistenttable.cpp
    insertPersistentTuple); an upsert that replaces a row adds none and passes. The cases follow
    VoltDB/voltdb tests/frontend/org/voltdb/regressionsuites/TestSQLFeaturesNewSuite.java
    testTableLimitAndPercentage (CAPPED2) and testTableLimitPartitionRowsExecUpsert."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        path = os.path.join(cls.dir.name, "capped.sql")
        with open(path, "w") as f:
            f.write("CREATE TABLE CAPPED2 (ID INTEGER NOT NULL, V INTEGER, PRIMARY KEY (ID),"
                    " CONSTRAINT TBLIMIT2 LIMIT PARTITION ROWS 2);")
        cls.server = ServerProcess(schema=path)

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0
        cls.dir.cleanup()

    def test_a_full_table_refuses_new_rows_only(self):
        c = Client(self.server)
        try:
            for i in (0, 1):
                self.assertEqual(c.call("CAPPED2.insert", p_int(i), p_int(i)).status, 1)
            r = c.call("CAPPED2.insert", p_int(2), p_int(2))
            self.assertEqual(r.status, -2)
            self.assertTrue(r.status_string.startswith(
                "VOLTDB ERROR: CONSTRAINT VIOLATION Table CAPPED2 exceeds table maximum row count 2\n"
                "Constraint Type PARTITIONING, Table CatalogId CAPPED2\n"), r.status_string)
            self.assertEqual(c.call("CAPPED2.upsert", p_int(1), p_int(11)).status, 1)  # an update
            self.assertEqual(c.call("CAPPED2.upsert", p_int(3), p_int(3)).status, -2)  # a new row
            self.assertEqual(c.call("CAPPED2.delete", p_int(0)).status, 1)
            self.assertEqual(c.call("CAPPED2.insert", p_int(2), p_int(2)).status, 1)
            self.assertEqual(sorted(row["ID"] for row in self.server.http("GET", "/rows/CAPPED2")),
                             [1, 2])
        finally:
            c.close()


class LiveDdlTest(unittest.TestCase):
    """An index created while the server runs (POST /ddl, as VoltDB takes `CREATE INDEX` through
    @AdHoc or sqlcmd): enforced from the next call, listed by INDEXINFO, refused with VoltDB's
    texts where VoltDB refuses it: the DDL rules of DDLCompiler.java checkValidPartitionTableIndex,
    and no unique index on a table holding rows (src/frontend/org/voltdb/catalog/
    CatalogDiffEngine.java checkAddDropIfTableIsEmptyWhitelist)."""

    def setUp(self):
        self.server = ServerProcess(schema=UNIQUE_SCHEMA)
        self.c = Client(self.server)

    def tearDown(self):
        self.c.close()
        assert self.server.stop() == 0
        self.server.stderr.close()

    def up(self, i, email, code):
        return self.c.call("UP.insert", p_int(i), p_str(email), p_int(code))

    def test_a_unique_index_added_to_an_empty_table_is_enforced_from_the_next_call(self):
        self.assertEqual(self.server.http("POST", "/ddl", b"CREATE UNIQUE INDEX U_B ON U (B);"),
                         {"changed": ["U"]})
        self.assertEqual(self.c.call("U.insert", p_int(1), p_str("a"), p_int(7), p_int(1)).status, 1)
        r = self.c.call("U.insert", p_int(2), p_str("b"), p_int(7), p_int(2))
        self.assertEqual(r.status, -2)
        self.assertEqual(relevant_ids(r.status_string), [2, 1])
        info = self.c.call("@SystemCatalog", p_str("INDEXINFO"))
        self.assertIn(["U", 0, None, "U_B", 3, 1, "B", "A"],
                      [row[2:10] for row in info.tables[0].rows])
        self.assertIn({"name": "U_B", "columns": ["B"], "assume_unique": False},
                      self.server.http("GET", "/tables")["U"]["unique_indexes"])

    def test_a_table_holding_rows_takes_only_an_index_that_is_not_unique(self):
        self.assertEqual(self.up(1, "a@x", 5).status, 1)
        self.assertEqual(self.server.http_error("POST", "/ddl",
                                                b"CREATE ASSUMEUNIQUE INDEX UP_ONCE ON UP (CODE);"),
                         (400, {"error": "Unable to add unique index UP_ONCE because table UP is "
                                         "not empty."}))
        self.assertEqual(self.server.http("POST", "/ddl", b"CREATE INDEX UP_C2 ON UP (CODE);"),
                         {"changed": ["UP"]})
        self.assertEqual([row["ID"] for row in self.server.http("GET", "/rows/UP")], [1])
        self.assertEqual(self.up(2, "b@x", 5).status, 1)  # the new index is not unique

    def test_refused_ddl_changes_nothing(self):
        cases = [
            (b"CREATE UNIQUE INDEX UP_C ON UP (CODE);",
             "Invalid use of UNIQUE. The UNIQUE INDEX UP_C on the partitioned table UP does not "
             "include the partitioning column ID. See the documentation for the 'CREATE TABLE' and "
             "'CREATE INDEX' commands and the 'ASSUMEUNIQUE' keyword."),
            (b"DROP TABLE U;", "line 1: only CREATE INDEX statements can be run on a running "
                               "database here, not one starting with 'DROP'"),
        ]
        for ddl, text in cases:
            self.assertEqual(self.server.http_error("POST", "/ddl", ddl), (400, {"error": text}))
        # the valid first statement of a refused request is not applied either
        code, _ = self.server.http_error(
            "POST", "/ddl", b"CREATE UNIQUE INDEX U_B ON U (B); CREATE UNIQUE INDEX UP_C ON UP (CODE);")
        self.assertEqual(code, 400)
        self.assertEqual(self.c.call("U.insert", p_int(1), p_str("a"), p_int(7), p_int(1)).status, 1)
        self.assertEqual(self.c.call("U.insert", p_int(2), p_str("b"), p_int(7), p_int(2)).status, 1)


if __name__ == "__main__":
    unittest.main()
