"""VoltDB client wire protocol: framing, login, invocations, parameters, tables.

Everything here follows docs/voltdb-protocol.md (sections 2-7).
All integers are big-endian.  Only the Python standard library is used.
"""

import struct

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

MAX_MESSAGE_LENGTH = 52428800          # 50 MiB (docs/voltdb-protocol.md section 2)
MAX_LOGIN_MESSAGE_LENGTH = 2 * 1024 * 1024

# Type codes (docs/voltdb-protocol.md section 5.1)
T_NULL = 1
T_TINYINT = 3
T_SMALLINT = 4
T_INTEGER = 5
T_BIGINT = 6
T_FLOAT = 8
T_STRING = 9
T_DATE = 12
T_TIMESTAMP = 11
T_VOLTTABLE = 21
T_DECIMAL = 22
T_BOOLEAN = 23
T_VARBINARY = 25
T_GEOGRAPHY_POINT = 26
T_GEOGRAPHY = 27
T_ARRAY = -99

NULL_TINYINT = -128
NULL_SMALLINT = -32768
NULL_INTEGER = -2147483648
NULL_BIGINT = -9223372036854775808
NULL_TIMESTAMP = NULL_BIGINT
NULL_FLOAT_BYTES = bytes.fromhex("ffee42d130773b76")
NULL_FLOAT = struct.unpack(">d", NULL_FLOAT_BYTES)[0]     # -1.7E308
NULL_DECIMAL = -(1 << 127)

# Status codes (docs/voltdb-protocol.md section 6.1)
SUCCESS = 1
USER_ABORT = -1
GRACEFUL_FAILURE = -2
UNEXPECTED_FAILURE = -3
CONNECTION_LOST = -4
SERVER_UNAVAILABLE = -5
RESPONSE_UNKNOWN = -7

# Login result codes (docs/voltdb-protocol.md section 3.2)
AUTH_SUCCESS = 0
AUTH_FAILED = -1
AUTH_TOO_MANY_CONNECTIONS = 1
AUTH_TIMEOUT = 2
AUTH_WIRE_FORMAT_ERROR = 3
AUTH_REJOINING = 4
AUTH_SERVICE_NOT_AVAILABLE = 5

# Table status bytes (docs/voltdb-protocol.md section 7 / 13): 0x00 from the execution engine
# (single-partition DML), 0x80 for tables built in Java.
TABLE_STATUS_EE = 0x00
TABLE_STATUS_JAVA = 0x80

APP_STATUS_UNSET = -128


class WireError(Exception):
    """The bytes do not follow the protocol (truncated, bad length...)."""


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------

class Reader:
    """Sequential big-endian reader over a bytes object."""

    __slots__ = ("buf", "pos")

    def __init__(self, buf, pos=0):
        self.buf = buf
        self.pos = pos

    def remaining(self):
        return len(self.buf) - self.pos

    def take(self, n):
        if n < 0 or self.pos + n > len(self.buf):
            raise WireError("buffer underflow: need %d bytes at offset %d of %d"
                            % (n, self.pos, len(self.buf)))
        b = self.buf[self.pos:self.pos + n]
        self.pos += n
        return b

    def i8(self):
        return struct.unpack(">b", self.take(1))[0]

    def u8(self):
        return self.take(1)[0]

    def i16(self):
        return struct.unpack(">h", self.take(2))[0]

    def i32(self):
        return struct.unpack(">i", self.take(4))[0]

    def i64(self):
        return struct.unpack(">q", self.take(8))[0]

    def f64(self):
        return struct.unpack(">d", self.take(8))[0]

    def raw_f64(self):
        return self.take(8)

    def varbinary(self):
        """i32 length + bytes; None for length -1."""
        n = self.i32()
        if n == -1:
            return None
        if n < -1:
            raise WireError("negative length %d" % n)
        return self.take(n)

    def string(self):
        b = self.varbinary()
        if b is None:
            return None
        return b.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------

def i8(v):
    return struct.pack(">b", v)


def u8(v):
    return struct.pack(">B", v & 0xFF)


def i16(v):
    return struct.pack(">h", v)


def i32(v):
    return struct.pack(">i", v)


def i64(v):
    return struct.pack(">q", v)


def f64(v):
    return struct.pack(">d", v)


def varbinary(b):
    if b is None:
        return i32(-1)
    return i32(len(b)) + b


def string(s):
    if s is None:
        return i32(-1)
    return varbinary(s.encode("utf-8"))


def frame(payload):
    """Prefix a payload with its i32 length."""
    return i32(len(payload)) + payload


# --------------------------------------------------------------------------
# Login (docs/voltdb-protocol.md section 3)
# --------------------------------------------------------------------------

class LoginRequest:
    __slots__ = ("version", "scheme", "service", "username", "digest", "error")

    def __init__(self):
        self.version = None
        self.scheme = None
        self.service = None
        self.username = None
        self.digest = None
        self.error = None      # login failure code to answer, or None


DIGEST_LENGTHS = {0: 20, 1: 32, 2: 0}


def parse_login(payload):
    """Decode a login payload (without the length prefix).

    Returns a LoginRequest; req.error is set to a failure code when the
    request itself is unacceptable (before any credential check).
    """
    req = LoginRequest()
    r = Reader(payload)
    try:
        req.version = r.i8()
        if req.version not in (0, 1):
            req.error = AUTH_WIRE_FORMAT_ERROR
            return req
        req.scheme = r.i8() if req.version >= 1 else 0
        if req.scheme not in DIGEST_LENGTHS:
            req.error = AUTH_WIRE_FORMAT_ERROR
            return req
        req.service = r.string()
        if req.service not in ("database", "kerberos"):
            req.error = AUTH_SERVICE_NOT_AVAILABLE
            return req
        req.username = r.string()
        if req.username is None:
            req.username = ""
        need = DIGEST_LENGTHS[req.scheme]
        if r.remaining() != need:
            req.error = AUTH_FAILED
            return req
        req.digest = r.take(need)
    except WireError:
        req.error = AUTH_WIRE_FORMAT_ERROR
    return req


def login_failure(code):
    return frame(i8(0) + i8(code))


def login_success(host_id, connection_id, cluster_start_ms, leader_ipv4, build):
    payload = (i8(0) + i8(AUTH_SUCCESS) + i32(host_id) + i64(connection_id)
               + i64(cluster_start_ms) + i32(leader_ipv4) + string(build))
    return frame(payload)


# --------------------------------------------------------------------------
# Invocation requests (docs/voltdb-protocol.md section 4)
# --------------------------------------------------------------------------

class InvocationError(Exception):
    """The request header could not be parsed.  The server answers
    UNEXPECTED_FAILURE with the connection id as client handle; `message`
    may be None (a Java exception without message)."""

    def __init__(self, message):
        Exception.__init__(self, message)
        self.message = message


class Invocation:
    __slots__ = ("version", "name", "handle", "batch_timeout", "extensions",
                 "params_buf", "batch_call")

    def __init__(self):
        self.version = 0
        self.name = None
        self.handle = 0
        self.batch_timeout = None
        self.extensions = []     # list of (type, value bytes)
        self.params_buf = b""
        self.batch_call = False


# expected length codes of the known version-2 extensions
_EXT_LENGTH_CODES = {1: 3, 2: 0, 3: 3, 4: 0, 5: 1, 6: 3}


def _read_name_and_handle(r, inv):
    name = r.varbinary()
    if name is None:
        raise InvocationError("Procedure name cannot be null in invocation deserialization.")
    if len(name) == 0:
        raise InvocationError("Procedure name cannot be length zero in invocation deserialization.")
    inv.name = name.decode("utf-8", errors="replace")
    inv.handle = r.i64()


def parse_invocation(payload):
    """Decode an invocation payload (without length prefix) into an Invocation.

    Raises InvocationError for unparseable headers.  Parameters are kept raw
    in inv.params_buf (the server decodes them lazily, like VoltDB).
    """
    r = Reader(payload)
    inv = Invocation()
    try:
        inv.version = r.i8()
        if inv.version == 0:
            _read_name_and_handle(r, inv)
        elif inv.version == 1:
            flag = r.i8()
            if flag == -1:
                inv.batch_timeout = None
            elif flag == 1:
                t = r.i32()
                if t < 0:
                    raise InvocationError("Timeout value can't be negative.")
                inv.batch_timeout = t
            else:
                # guessed text: the doc does not record this case
                raise InvocationError("Unknown BatchTimeoutOverrideType %d" % flag)
            _read_name_and_handle(r, inv)
        elif inv.version == 2:
            _read_name_and_handle(r, inv)
            count = r.i8()
            if count < 0:
                raise InvocationError("SPI extension count was < 0: possible corrupt network data.")
            if count > 30:
                raise InvocationError("SPI extension count was > 30: possible corrupt network data.")
            try:
                for _ in range(count):
                    etype = r.i8()
                    code = r.i8()
                    if code < 0 or code > 8:
                        raise WireError("bad extension length code")
                    length = 0 if code == 0 else (1 << (code - 1))
                    expected = _EXT_LENGTH_CODES.get(etype)
                    if expected is not None and expected != code:
                        raise WireError("bad extension length")
                    value = r.take(length)
                    inv.extensions.append((etype, value))
                    if etype == 1:
                        inv.batch_timeout = struct.unpack(">i", value)[0]
                    elif etype == 4:
                        inv.batch_call = True
            except WireError:
                # VoltDB's own format string drops the detail (sic)
                raise InvocationError("Failed to deserialize SPI extensions: ")
        else:
            raise InvocationError("Unknown ProcedureInvocationType %d" % inv.version)
    except WireError:
        # A Java BufferUnderflowException has no message.
        raise InvocationError(None)
    inv.params_buf = payload[r.pos:]
    return inv


# --------------------------------------------------------------------------
# Parameters (docs/voltdb-protocol.md section 5)
# --------------------------------------------------------------------------

class JValue:
    """A decoded parameter, modelled on the Java object VoltDB creates.

    cls: Java class name ('java.lang.Integer', '[B', ...).
    value: Python value (int, float, str, bytes, list ...).
    null_sigil: True for VoltDB's typed NULL markers (string/varbinary of
    length -1, timestamp/decimal NULL values).
    """

    __slots__ = ("cls", "value", "null_sigil", "wire_type")

    def __init__(self, cls, value, wire_type, null_sigil=False):
        self.cls = cls
        self.value = value
        self.wire_type = wire_type
        self.null_sigil = null_sigil

    def __repr__(self):
        return "JValue(%s, %r%s)" % (self.cls, self.value, ", NULL" if self.null_sigil else "")


class ParamError(Exception):
    """Parameter set could not be deserialized.  `detail` is the Java-style
    exception line."""

    def __init__(self, detail):
        Exception.__init__(self, detail)
        self.detail = detail


_ARRAY_CLASSES = {
    T_TINYINT: "[B",
    T_SMALLINT: "[S",
    T_INTEGER: "[I",
    T_BIGINT: "[J",
    T_FLOAT: "[D",
    T_STRING: "[Ljava.lang.String;",
    T_VARBINARY: "[[B",
    T_TIMESTAMP: "[Lorg.voltdb.types.TimestampType;",
    T_DECIMAL: "[Ljava.math.BigDecimal;",
    T_GEOGRAPHY_POINT: "[Lorg.voltdb.types.GeographyPointValue;",
    T_GEOGRAPHY: "[Lorg.voltdb.types.GeographyValue;",
}


def _read_decimal(r):
    v = int.from_bytes(r.take(16), "big", signed=True)
    return v


def _read_scalar(r, t):
    if t == T_NULL:
        return None
    if t == T_TINYINT:
        return JValue("java.lang.Byte", r.i8(), t)
    if t == T_SMALLINT:
        return JValue("java.lang.Short", r.i16(), t)
    if t == T_INTEGER:
        return JValue("java.lang.Integer", r.i32(), t)
    if t == T_BIGINT:
        return JValue("java.lang.Long", r.i64(), t)
    if t == T_FLOAT:
        return JValue("java.lang.Double", r.f64(), t)
    if t == T_STRING:
        s = r.string()
        if s is None:
            return JValue("java.lang.String", None, t, null_sigil=True)
        return JValue("java.lang.String", s, t)
    if t == T_TIMESTAMP:
        v = r.i64()
        if v == NULL_TIMESTAMP:
            return JValue("org.voltdb.types.TimestampType", None, t, null_sigil=True)
        return JValue("org.voltdb.types.TimestampType", v, t)
    if t == T_DECIMAL:
        v = _read_decimal(r)
        if v == NULL_DECIMAL:
            return JValue("java.math.BigDecimal", None, t, null_sigil=True)
        return JValue("java.math.BigDecimal", v, t)
    if t == T_BOOLEAN:
        return JValue("java.lang.Boolean", r.i8() != 0, t)
    if t == T_VARBINARY:
        b = r.varbinary()
        if b is None:
            return JValue("[B", None, t, null_sigil=True)
        return JValue("[B", b, t)
    if t == T_GEOGRAPHY_POINT:
        lng = r.f64()
        lat = r.f64()
        if lng == 360.0 and lat == 360.0:
            return JValue("org.voltdb.types.GeographyPointValue", None, t, null_sigil=True)
        return JValue("org.voltdb.types.GeographyPointValue", (lng, lat), t)
    if t == T_GEOGRAPHY:
        b = r.varbinary()
        if b is None:
            return JValue("org.voltdb.types.GeographyValue", None, t, null_sigil=True)
        return JValue("org.voltdb.types.GeographyValue", b, t)
    if t == T_VOLTTABLE:
        n = r.i32()
        if n < 0:
            raise WireError("negative table length")
        return JValue("org.voltdb.VoltTable", r.take(n), t)
    raise ParamError("java.lang.RuntimeException: ParameterSet doesn't support type %d" % t)


def read_cell(r, t):
    """One cell of a VoltTable row (no type byte); NULL sentinels stay typed sentinels."""
    if t in (T_TINYINT, T_SMALLINT, T_INTEGER, T_BIGINT, T_FLOAT, T_STRING, T_TIMESTAMP,
             T_DECIMAL, T_VARBINARY):
        return _read_scalar(r, t)
    raise ValueError("a VoltTable cell of type %d cannot be loaded" % t)


def _read_array(r):
    et = r.i8()
    if et == T_TINYINT:
        n = r.i32()
        if n < 0:
            raise WireError("negative array length")
        return JValue("[B", r.take(n), T_ARRAY)
    if et not in _ARRAY_CLASSES:
        raise ParamError("java.lang.RuntimeException: ParameterSet doesn't support type %d" % et)
    n = r.i16()
    if n < 0:
        raise WireError("negative array length")
    items = []
    for _ in range(n):
        if et in (T_STRING, T_VARBINARY):
            b = r.varbinary()
            if et == T_STRING and b is not None:
                b = b.decode("utf-8", errors="replace")
            items.append(b)
        else:
            items.append(_read_scalar(r, et))
    return JValue(_ARRAY_CLASSES[et], items, T_ARRAY)


def parse_params(buf):
    """Decode a parameter set.  Raises ParamError on failure."""
    r = Reader(buf)
    try:
        count = r.i16()
        if count < 0:
            raise ParamError("java.lang.RuntimeException: negative parameter count %d" % count)
        params = []
        for _ in range(count):
            t = r.i8()
            if t == T_ARRAY:
                params.append(_read_array(r))
            else:
                params.append(_read_scalar(r, t))
        return params
    except WireError:
        raise ParamError("java.nio.BufferUnderflowException")


# --------------------------------------------------------------------------
# Tables and responses (docs/voltdb-protocol.md sections 6, 7)
# --------------------------------------------------------------------------

def encode_cell(t, v):
    if t == T_TINYINT:
        return i8(NULL_TINYINT if v is None else v)
    if t == T_SMALLINT:
        return i16(NULL_SMALLINT if v is None else v)
    if t == T_INTEGER:
        return i32(NULL_INTEGER if v is None else v)
    if t == T_BIGINT:
        return i64(NULL_BIGINT if v is None else v)
    if t == T_FLOAT:
        return NULL_FLOAT_BYTES if v is None else f64(v)
    if t == T_STRING:
        return string(v)
    if t == T_TIMESTAMP:
        return i64(NULL_TIMESTAMP if v is None else v)
    if t == T_DECIMAL:
        return (NULL_DECIMAL if v is None else v).to_bytes(16, "big", signed=True)
    if t == T_VARBINARY:
        return varbinary(v)
    raise ValueError("cannot encode column type %d" % t)


def encode_table(columns, rows, status=TABLE_STATUS_JAVA):
    """columns: list of (name, type code); rows: list of value lists.
    Returns the table including its i32 length prefix."""
    header = u8(status) + i16(len(columns))
    header += b"".join(i8(t) for _, t in columns)
    header += b"".join(string(name) for name, _ in columns)
    body = [i32(len(header)), header, i32(len(rows))]
    for row in rows:
        cells = b"".join(encode_cell(t, v) for (_, t), v in zip(columns, row))
        body.append(i32(len(cells)))
        body.append(cells)
    data = b"".join(body)
    return i32(len(data)) + data


def encode_response(handle, status, status_string=None, tables=(), app_status=APP_STATUS_UNSET,
                    app_status_string=None, round_trip_ms=0):
    """A complete framed procedure response (docs/voltdb-protocol.md section 6)."""
    fields = 0
    if app_status_string is not None:
        fields |= 0x80
    if status_string is not None:
        fields |= 0x20
    parts = [i8(0), i64(handle), u8(fields), i8(status)]
    if status_string is not None:
        parts.append(string(status_string))
    parts.append(i8(app_status))
    if app_status_string is not None:
        parts.append(string(app_status_string))
    parts.append(i32(round_trip_ms))
    parts.append(i16(len(tables)))
    parts.extend(tables)
    return frame(b"".join(parts))
