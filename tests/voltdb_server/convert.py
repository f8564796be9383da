"""Parameter conversion and value checks, modelled on VoltDB 11.4.

Two stages, as in the real server (docs/voltdb-protocol.md section 5.3):

1. `to_param(jvalue, target)`: the Java-side conversion of a deserialized
   parameter to the procedure's declared parameter type.  For default
   procedures integer columns take a BIGINT (`long`) parameter, FLOAT a
   `double`, VARCHAR a `java.lang.String`, VARBINARY a `[B`, TIMESTAMP a
   TimestampType and DECIMAL a BigDecimal.  Failure raises ConversionError
   whose text is the Java exception's toString() ("org.voltdb.VoltTypeException:
   Unable to convert string abc to double value for target parameter.").

2. `check_column(column, value)`: what the execution engine does when the
   value is stored: integer range for the narrower column types and the
   VARCHAR/VARBINARY length.  Failure raises SqlError with the text after
   "VOLTDB ERROR: SQL ERROR ".

Python values used for the converted/stored data: int (integers, TIMESTAMP in
microseconds, DECIMAL as the unscaled integer at scale 12), float, str, bytes,
None for NULL.
"""

import datetime
import decimal
import re

import catalog
import wire

TARGET_LONG = "long"
TARGET_DOUBLE = "double"
TARGET_STRING = "java.lang.String"
TARGET_BYTES = "[B"
TARGET_TIMESTAMP = "org.voltdb.types.TimestampType"
TARGET_DECIMAL = "java.math.BigDecimal"

VOLT_TYPE_EXCEPTION = "org.voltdb.VoltTypeException"
NUMBER_FORMAT_EXCEPTION = "java.lang.NumberFormatException"
RUNTIME_EXCEPTION = "java.lang.RuntimeException"

CSV_NULL = "\\N"

LONG_MIN = -(1 << 63)
LONG_MAX = (1 << 63) - 1

DECIMAL_SCALE = 12
_DEC_CTX = decimal.Context(prec=200, rounding=decimal.ROUND_HALF_UP, Emax=999999, Emin=-999999)
_DEC_QUANT = decimal.Decimal(1).scaleb(-DECIMAL_SCALE)


class ConversionError(Exception):
    """Java-side parameter conversion failed; str() is the Java exception text."""


class SqlError(Exception):
    """Execution-engine SQL error; str() is the message after 'SQL ERROR '."""


_TARGETS = {
    wire.T_TINYINT: "long",
    wire.T_SMALLINT: "long",
    wire.T_INTEGER: "long",
    wire.T_BIGINT: "long",
    wire.T_FLOAT: "double",
    wire.T_STRING: "java.lang.String",
    wire.T_VARBINARY: "[B",
    wire.T_TIMESTAMP: "org.voltdb.types.TimestampType",
    wire.T_DECIMAL: "java.math.BigDecimal",
}


def target_for(sqltype):
    """Java parameter type of a default procedure for a column type
    (integer columns take BIGINT parameters, see docs/voltdb-protocol.md section 5.3)."""
    return _TARGETS[sqltype.code]


def _vte(msg):
    return ConversionError("%s: %s" % (VOLT_TYPE_EXCEPTION, msg))


# --------------------------------------------------------------------------
# Java-like text renderings
# --------------------------------------------------------------------------

def java_double_str(d):
    """Double.toString(d)."""
    if d != d:
        return "NaN"
    if d == float("inf"):
        return "Infinity"
    if d == float("-inf"):
        return "-Infinity"
    if d == 0.0:
        return "-0.0" if str(d).startswith("-") else "0.0"
    sign = "-" if d < 0 else ""
    tup = decimal.Decimal(repr(abs(d))).as_tuple()
    digits = "".join(str(x) for x in tup.digits).lstrip("0") or "0"
    exp = tup.exponent
    # value = int(digits) * 10**exp ; strip trailing zeros
    stripped = digits.rstrip("0") or "0"
    exp += len(digits) - len(stripped)
    digits = stripped
    sci = len(digits) - 1 + exp          # value = d.ddd * 10**sci
    a = abs(d)
    if 1e-3 <= a < 1e7:
        if exp >= 0:
            return sign + digits + "0" * exp + ".0"
        point = len(digits) + exp
        if point > 0:
            return sign + digits[:point] + "." + digits[point:]
        return sign + "0." + "0" * (-point) + digits
    mant = digits[0] + "." + (digits[1:] or "0")
    return sign + mant + "E" + str(sci)


def decimal_to_bigdecimal_str(unscaled):
    """BigDecimal.toString() of unscaled * 10**-12 (scale 12)."""
    neg = unscaled < 0
    digits = str(abs(unscaled))
    precision = len(digits)
    adjusted = precision - DECIMAL_SCALE - 1
    if adjusted >= -6:
        if len(digits) <= DECIMAL_SCALE:
            digits = "0" * (DECIMAL_SCALE - len(digits) + 1) + digits
        s = digits[:-DECIMAL_SCALE] + "." + digits[-DECIMAL_SCALE:]
    else:
        s = digits[0] + ("." + digits[1:] if len(digits) > 1 else "") + "E" + str(adjusted)
    return ("-" if neg else "") + s


def decimal_plain_str(unscaled):
    """Plain text with 12 decimals, e.g. 3.250000000000."""
    neg = unscaled < 0
    digits = str(abs(unscaled)).rjust(DECIMAL_SCALE + 1, "0")
    return ("-" if neg else "") + digits[:-DECIMAL_SCALE] + "." + digits[-DECIMAL_SCALE:]


def decimal_to_float(unscaled):
    return float(decimal.Decimal(unscaled).scaleb(-DECIMAL_SCALE, _DEC_CTX))


_EPOCH = datetime.datetime(1970, 1, 1)


def timestamp_str(micros):
    """TimestampType.toString() in GMT: yyyy-MM-dd HH:mm:ss.ffffff."""
    try:
        dt = _EPOCH + datetime.timedelta(microseconds=micros)
    except OverflowError:
        return str(micros)
    return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (dt.year, dt.month, dt.day, dt.hour,
                                                   dt.minute, dt.second, dt.microsecond)


def java_hex(b):
    return b.hex().upper()


def jvalue_str(jv):
    """Java toString() of a parameter object, for error messages."""
    if jv is None:
        return "null"
    v = jv.value
    c = jv.cls
    if c in ("java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long"):
        return str(v)
    if c == "java.lang.Double":
        return java_double_str(v)
    if c == "java.lang.String":
        return v
    if c == "java.lang.Boolean":
        return "true" if v else "false"
    if c == "org.voltdb.types.TimestampType":
        return timestamp_str(v)
    if c == "java.math.BigDecimal":
        return decimal_to_bigdecimal_str(v)
    if c == "org.voltdb.types.GeographyPointValue":
        return "POINT (%s %s)" % (java_double_str(v[0]), java_double_str(v[1]))
    # arrays, tables, geography: Java prints an identity string
    return "%s@%x" % (c, id(jv) & 0xfffffff)


def is_array_class(c):
    return c.startswith("[")


def _component(c):
    """Component class name of an array class, as Class.getName() shows it."""
    inner = c[1:]
    prims = {"B": "byte", "S": "short", "I": "int", "J": "long", "D": "double"}
    if inner in prims:
        return prims[inner]
    if inner.startswith("L") and inner.endswith(";"):
        return inner[1:-1]
    return inner                     # e.g. "[B" for byte[][]


# --------------------------------------------------------------------------
# Java number parsing
# --------------------------------------------------------------------------

_LONG_RE = re.compile(r"[+-]?[0-9]+\Z")
_DOUBLE_RE = re.compile(r"[+-]?(NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)\Z")
_BIGDEC_RE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_HEX_LITERAL_RE = re.compile(r"[xX]'([0-9a-fA-F]*)'\Z")


def parse_java_long(s):
    """Long.parseLong; None when it would throw."""
    if not _LONG_RE.match(s):
        return None
    v = int(s)
    if v < LONG_MIN or v > LONG_MAX:
        return None
    return v


def parse_java_double(s):
    m = _DOUBLE_RE.match(s)
    if not m:
        return None
    body = s
    if body[-1] in "fFdD" and not body.endswith("Infinity"):
        body = body[:-1]
    if "NaN" in body:
        return float("nan")
    if "Infinity" in body:
        return float("-inf") if body.startswith("-") else float("inf")
    return float(body)


def _hex_digits_to_long(digits):
    if len(digits) == 0 or len(digits) > 16:
        return None
    v = int(digits, 16)
    if v >= 1 << 63:
        v -= 1 << 64
    return v


def _bigdecimal_nfe(s):
    for ch in s:
        if not (ch.isdigit() or ch in ".eE+-"):
            return ConversionError('%s: Character %s is neither a decimal digit number, decimal point, '
                                   'nor "e" notation exponential mark.' % (NUMBER_FORMAT_EXCEPTION, ch))
    if s == "":
        return ConversionError("%s: Index 0 out of bounds for length 0" % NUMBER_FORMAT_EXCEPTION)
    return ConversionError("%s: Character array is missing \"exponent\" mark 'e' or 'E'."
                           % NUMBER_FORMAT_EXCEPTION)


def decimal_from_string(s):
    """VoltDecimalHelper.deserializeBigDecimalFromString -> unscaled int."""
    if not _BIGDEC_RE.match(s):
        raise _bigdecimal_nfe(s)
    d = decimal.Decimal(s)
    q = d.quantize(_DEC_QUANT, context=_DEC_CTX)
    unscaled = int(q.scaleb(DECIMAL_SCALE, _DEC_CTX))
    if len(str(abs(unscaled))) > 38:
        raise ConversionError("%s: Decimal %s has more than 38 digits of precision."
                              % (RUNTIME_EXCEPTION, decimal_to_bigdecimal_str(unscaled)))
    return unscaled


def decimal_from_double(d):
    """String.format("%.12f", d) then deserializeBigDecimalFromString."""
    if d != d or d in (float("inf"), float("-inf")):
        text = "NaN" if d != d else ("Infinity" if d > 0 else "-Infinity")
        raise _bigdecimal_nfe(text)
    # Java formats from the shortest repr digits, rounding HALF_UP
    dec = decimal.Decimal(repr(d)).quantize(_DEC_QUANT, context=_DEC_CTX)
    return decimal_from_string(format(dec, "f"))


def hex_decode(s):
    """Encoder.hexDecode."""
    if len(s) % 2 != 0 or not re.fullmatch(r"[0-9a-fA-F]*", s):
        raise ConversionError("%s: String is not properly hex-encoded." % RUNTIME_EXCEPTION)
    return bytes.fromhex(s)


_TS_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?\Z")


def parse_timestamp_text(s):
    """SQLParser.parseDate / TimestampType(String) -> micros, or None."""
    if len(s) >= 2 and ((s[0] == s[-1] == '"') or (s[0] == s[-1] == "'")):
        s = s[1:-1]
    if len(s) == 10:
        s = s + " 00:00:00.000"
    m = _TS_RE.match(s)
    if not m:
        return None
    y, mo, d, h, mi, se = (int(m.group(i)) for i in range(1, 7))
    frac = m.group(7) or ""
    nanos = int(frac.ljust(9, "0")) if frac else 0
    if nanos % 1000 != 0:
        return None
    try:
        dt = datetime.datetime(y, mo, d, h, mi, se)
    except ValueError:
        return None
    delta = dt - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1000000 + nanos // 1000


# --------------------------------------------------------------------------
# Stage 1: ParameterConverter.tryToMakeCompatible
# --------------------------------------------------------------------------

_INT_CLASSES = {
    "java.lang.Long": wire.NULL_BIGINT,
    "java.lang.Integer": wire.NULL_INTEGER,
    "java.lang.Short": wire.NULL_SMALLINT,
    "java.lang.Byte": wire.NULL_TINYINT,
}


def _mismatch(jv, target):
    return _vte("The provided value: (%s) of type: %s is not a match or is out of range for the "
                "target parameter type: %s" % (jvalue_str(jv), jv.cls, target))


def _string_to_primitive(s, target):
    value = s.strip()
    if value == CSV_NULL:
        return None
    comma_free = value.replace(",", "")
    if target == TARGET_LONG:
        v = parse_java_long(comma_free)
        if v is not None:
            return v
        m = _HEX_LITERAL_RE.match(value)
        if m:
            v = _hex_digits_to_long(m.group(1))
            if v is not None:
                return v
    else:
        v = parse_java_double(comma_free)
        if v is not None:
            return v
    raise _vte("Unable to convert string %s to %s value for target parameter." % (value, target))


def to_param(jv, target):
    """Convert a decoded parameter (wire.JValue or None) to the target
    parameter type.  Returns the Python value (None = SQL NULL)."""
    if jv is None or jv.null_sigil:
        return None
    c = jv.cls
    v = jv.value
    number = None
    if c in _INT_CLASSES:
        if v == _INT_CLASSES[c]:
            return None
        if target == TARGET_LONG:
            return v
        number = v
    elif c == "java.lang.Double":
        if target == TARGET_DOUBLE:
            return None if v == wire.NULL_FLOAT else v
        if v == wire.NULL_FLOAT:
            return None
    elif c == "java.lang.String":
        if v == CSV_NULL:
            return None
        if target == TARGET_STRING:
            return v
        if target == TARGET_BYTES:
            s = v
            if s.startswith("X") or s.startswith("x"):
                m = _HEX_LITERAL_RE.match(s)
                if m:
                    s = m.group(1)
            return hex_decode(s)
        if target in (TARGET_LONG, TARGET_DOUBLE):
            return _string_to_primitive(v, target)
    elif c == "[B":
        if target == TARGET_STRING:
            s = v.decode("utf-8", errors="replace")
            return None if s == CSV_NULL else s
    elif c == "java.math.BigDecimal":
        if target == TARGET_DECIMAL:
            if len(str(abs(v))) > 38:
                raise ConversionError("%s: Decimal %s has more than 38 digits of precision."
                                      % (RUNTIME_EXCEPTION, decimal_to_bigdecimal_str(v)))
            return v
        if target == TARGET_LONG and v % (10 ** DECIMAL_SCALE) == 0:
            w = v // (10 ** DECIMAL_SCALE)
            if LONG_MIN <= w <= LONG_MAX:
                return w
        elif target == TARGET_DOUBLE:
            f = decimal_to_float(v)
            if f not in (float("inf"), float("-inf")):
                return f
        raise _vte("The provided value: (%s) of type: java.math.BigDecimal is out of range for the "
                   "target parameter type: %s" % (decimal_to_bigdecimal_str(v), target))

    # array / scalar match
    if is_array_class(c) != is_array_class(target):
        raise _vte("Array / Scalar parameter mismatch (%s to %s)" % (c, target))
    if is_array_class(target):
        # only byte[] targets exist for default procedures
        if c == "[B" or len(v) == 0:
            return bytes(v) if c == "[B" else b""
        raise _vte("tryScalarMakeCompatible: Unable to match parameter array:%s to provided %s"
                   % (_component(target), _component(c)))

    if target == TARGET_DOUBLE and number is not None:
        return float(number)
    if target == TARGET_TIMESTAMP:
        if c in ("java.lang.Integer", "java.lang.Long"):
            return v
        if c == "org.voltdb.types.TimestampType":
            return v
        if c == "java.lang.String":
            s = v.strip()
            n = parse_java_long(s)
            if n is not None:
                return n
            t = parse_timestamp_text(s)
            if t is not None:
                return t
    elif target == TARGET_DECIMAL:
        if number is not None:
            return number * 10 ** DECIMAL_SCALE
        if c == "java.lang.Double":
            return decimal_from_double(v)
        return decimal_from_string(jvalue_str(jv))
    elif target == TARGET_STRING:
        return jvalue_str(jv)
    raise _mismatch(jv, target)


# --------------------------------------------------------------------------
# Stage 2: execution-engine checks
# --------------------------------------------------------------------------

FULL_STRING_IN_MESSAGE_THRESHOLD = 100


def check_column(col, value):
    """Raise SqlError when `value` (already converted) does not fit `col`."""
    if value is None:
        return
    t = col.type
    if t.is_integer:
        lo, hi = catalog.INT_RANGES[t.code]
        if value < lo or value > hi:
            raise SqlError("Type BIGINT with value %d can't be cast as %s because the value is out of "
                           "range for the destination type '%s'" % (value, t.name, col.name))
    elif t.code == wire.T_STRING:
        if t.in_bytes:
            raw = value.encode("utf-8")
            if len(raw) > t.length:
                shown = raw
                suffix = ""
                if len(raw) > FULL_STRING_IN_MESSAGE_THRESHOLD:
                    shown = raw[:FULL_STRING_IN_MESSAGE_THRESHOLD]
                    suffix = "..."
                raise SqlError("The size %d of the value '%s%s' exceeds the size of the VARCHAR(%d BYTES) "
                               "column '%s'" % (len(raw), shown.decode("utf-8", errors="replace"), suffix,
                                                t.length, col.name))
        else:
            n = len(value)
            if n > t.length:
                shown = value
                if n > FULL_STRING_IN_MESSAGE_THRESHOLD:
                    shown = value[:FULL_STRING_IN_MESSAGE_THRESHOLD] + "..."
                raise SqlError("The size %d of the value '%s' exceeds the size of the VARCHAR(%d) "
                               "column '%s'" % (n, shown, t.length, col.name))
    elif t.code == wire.T_VARBINARY:
        if len(value) > t.length:
            raise SqlError("The size %d of the value exceeds the size of the VARBINARY(%d) column '%s'"
                           % (len(value), t.length, col.name))


# --------------------------------------------------------------------------
# Relevant-tuples table (VoltTable.toFormattedString)
# --------------------------------------------------------------------------

def _utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def _cell_text(sqltype, value):
    if value is None:
        return "NULL"
    c = sqltype.code
    if c == wire.T_DECIMAL:
        return "%.12f" % decimal_to_float(value)
    if c == wire.T_VARBINARY:
        s = java_hex(value)
        if len(s) > 90:
            s = s[:87] + "..."
        return s
    if c == wire.T_FLOAT:
        return java_double_str(value)
    if c == wire.T_TIMESTAMP:
        return timestamp_str(value)
    return str(value)


def format_table(columns, rows):
    """columns: list of catalog.Column; rows: list of value lists."""
    widths = [_utf16_len(col.name) for col in columns]
    for row in rows:
        for i, col in enumerate(columns):
            v = row[i]
            if v is None:
                w = 4
            elif col.type.code == wire.T_VARBINARY:
                w = len(v) * 2
            else:
                w = _utf16_len(_cell_text(col.type, v))
            if col.type.code != wire.T_DECIMAL and v is not None and w > 90:
                w = 90
            widths[i] = max(widths[i], w)
    widths = [w + 1 for w in widths]

    def pad(text, width, left):
        fill = " " * max(0, width - _utf16_len(text))
        return text + fill if left else fill + text

    lines = []
    lines.append(" ".join(pad(col.name, widths[i], True) for i, col in enumerate(columns)))
    lines.append(" ".join("-" * widths[i] for i in range(len(columns))))
    for row in rows:
        cells = []
        for i, col in enumerate(columns):
            left = col.type.code in (wire.T_STRING, wire.T_VARBINARY, wire.T_TIMESTAMP)
            cells.append(pad(_cell_text(col.type, row[i]), widths[i], left))
        lines.append(" ".join(cells))
    return "\n".join(lines) + "\n"
