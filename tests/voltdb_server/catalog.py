"""Schema for the VoltDB test server: a small SQL DDL subset.

Supported statements (case-insensitive, ';'-separated, '--' comments):

    CREATE TABLE name (
        col TYPE [NOT NULL | NULL] [DEFAULT literal]
                 [[CONSTRAINT cname] PRIMARY KEY | UNIQUE | ASSUMEUNIQUE],
        ...,
        [CONSTRAINT cname] PRIMARY KEY (col, ...),
        [CONSTRAINT cname] UNIQUE (col, ...),
        [CONSTRAINT cname] ASSUMEUNIQUE (col, ...),
        [CONSTRAINT cname] LIMIT PARTITION ROWS n
    );
    CREATE [UNIQUE | ASSUMEUNIQUE] INDEX name ON table (col, ...);
    PARTITION TABLE name ON COLUMN col;

Types: TINYINT SMALLINT INTEGER|INT BIGINT FLOAT|DOUBLE DECIMAL[(38,12)]
VARCHAR(n) VARCHAR(n BYTES) VARBINARY(n) TIMESTAMP.

Unquoted identifiers are upper-cased (as VoltDB does); "quoted" ones keep
their case.  Rules VoltDB enforces at DDL time and that matter here are
checked: a partition column must be NOT NULL and of an integer, VARCHAR or
VARBINARY type; a partitioned table's primary key must contain the partition
column.  Primary-key columns are NOT NULL.  A UNIQUE index of a partitioned
table must contain the partition column and an ASSUMEUNIQUE one must not
(src/frontend/org/voltdb/compiler/DDLCompiler.java checkValidPartitionTableIndex).
"""

import json
import re

import wire

MAX_VALUE_LENGTH = 1048576


class SchemaError(Exception):
    pass


class SqlType:
    """A column type.  `code` is the wire type code, `jdbc` the
    java.sql.Types number reported by @SystemCatalog."""

    def __init__(self, name, code, jdbc, size_bytes=None, length=None, in_bytes=False):
        self.name = name              # TINYINT ... VARCHAR, as reported in TYPE_NAME
        self.code = code
        self.jdbc = jdbc
        self.size_bytes = size_bytes  # fixed storage size for numeric types
        self.length = length          # declared length for VARCHAR/VARBINARY
        self.in_bytes = in_bytes      # VARCHAR(n BYTES)
        self.is_integer = code in (wire.T_TINYINT, wire.T_SMALLINT, wire.T_INTEGER, wire.T_BIGINT)

    def ddl(self):
        if self.code == wire.T_STRING:
            return "VARCHAR(%d%s)" % (self.length, " BYTES" if self.in_bytes else "")
        if self.code == wire.T_VARBINARY:
            return "VARBINARY(%d)" % self.length
        return self.name


def _fixed(name, code, jdbc, size):
    return lambda: SqlType(name, code, jdbc, size_bytes=size)


_SIMPLE_TYPES = {
    "TINYINT": _fixed("TINYINT", wire.T_TINYINT, -6, 1),
    "SMALLINT": _fixed("SMALLINT", wire.T_SMALLINT, 5, 2),
    "INTEGER": _fixed("INTEGER", wire.T_INTEGER, 4, 4),
    "INT": _fixed("INTEGER", wire.T_INTEGER, 4, 4),
    "BIGINT": _fixed("BIGINT", wire.T_BIGINT, -5, 8),
    "FLOAT": _fixed("FLOAT", wire.T_FLOAT, 6, 8),
    "DOUBLE": _fixed("FLOAT", wire.T_FLOAT, 6, 8),
    "TIMESTAMP": _fixed("TIMESTAMP", wire.T_TIMESTAMP, 93, 8),
    "DECIMAL": _fixed("DECIMAL", wire.T_DECIMAL, 3, 16),
}

# integer ranges without the NULL sentinel (the EE's VOLT_INTn_MIN)
INT_RANGES = {
    wire.T_TINYINT: (-127, 127),
    wire.T_SMALLINT: (-32767, 32767),
    wire.T_INTEGER: (-2147483647, 2147483647),
    wire.T_BIGINT: (-9223372036854775807, 9223372036854775807),
}

JAVA_COMPATIBLE_NAMES = {
    wire.T_TINYINT: "byte",
    wire.T_SMALLINT: "short",
    wire.T_INTEGER: "int",
    wire.T_BIGINT: "long",
}


class Column:
    def __init__(self, name, sqltype, index):
        self.name = name
        self.type = sqltype
        self.index = index            # 0-based position
        self.nullable = True
        self.default = None           # text as VoltDB stores it, or None
        self.default_is_string = False

    def column_def(self):
        if self.default is None:
            return None
        if self.default_is_string:
            return "'" + self.default + "'"
        return self.default


class DefaultProc:
    """A generated default CRUD procedure."""

    def __init__(self, table, verb, partition_param):
        self.table = table
        self.verb = verb                      # insert / upsert / update / delete / select
        self.name = table.name + "." + verb
        self.partition_param = partition_param  # index, or -1 for multi-partition

    @property
    def single_partition(self):
        return self.partition_param >= 0

    @property
    def read_only(self):
        return self.verb == "select"

    def param_columns(self):
        t = self.table
        if self.verb in ("insert", "upsert"):
            return list(t.columns)
        if self.verb == "update":
            return list(t.columns) + t.pk_columns()
        return t.pk_columns()                  # delete / select

    def remarks_json(self):
        d = {"compound": False, "readOnly": self.read_only,
             "singlePartition": self.single_partition}
        if self.single_partition:
            d["partitionParameter"] = self.partition_param
            d["partitionParameterType"] = self.table.partition_column.type.code
        return json.dumps(d, sort_keys=True, separators=(",", ":"))


# Index names VoltDB gives indexes it creates for constraints
# (src/hsqldb19b3/org/hsqldb_voltpatches/HSQLInterface.java AUTO_GEN_* and
# src/hsqldb19b3/org/hsqldb_voltpatches/index/IndexAVL.java voltGetIndexXML): an unnamed
# constraint's index is PREFIX + table + "_" + its columns joined by "_"; a named
# constraint's index is "VOLTDB_AUTOGEN_CONSTRAINT_IDX_" + the constraint name.
AUTOGEN_PK_INDEX = "VOLTDB_AUTOGEN_IDX_PK_"
AUTOGEN_UNIQUE_INDEX = "VOLTDB_AUTOGEN_IDX_CT_"
AUTOGEN_NAMED_CONSTRAINT_INDEX = "VOLTDB_AUTOGEN_CONSTRAINT_IDX_"


class Index:
    """One index of a table, as VoltDB's catalog holds it.  The primary key has one too."""

    def __init__(self, name, columns, unique, assume_unique=False, primary=False):
        self.name = name
        self.columns = columns        # column names in key order
        self.unique = unique or assume_unique
        self.assume_unique = assume_unique
        self.primary = primary
        # VoltDB makes an index a hash index when its name says "hash" (and not "tree"),
        # otherwise a balanced tree (DDLCompiler.java addIndexToCatalog)
        up = name.upper()
        self.hashed = "HASH" in up and "TREE" not in up and not up.startswith(AUTOGEN_PK_INDEX)


class Table:
    def __init__(self, name):
        self.name = name
        self.columns = []
        self.by_name = {}
        self.pk = []                  # column names in key order
        self.pk_name = None
        self.pk_name_given = None     # the CONSTRAINT name the DDL gave the primary key
        self.partition_column = None
        # (keyword, constraint name or None, column names) of UNIQUE / ASSUMEUNIQUE
        # constraints, in declaration order; validate() turns them into indexes
        self.unique_constraints = []
        self.created_indexes = []     # Index objects of CREATE INDEX statements
        self.indexes = []             # every index, primary key's included, by name
        # LIMIT PARTITION ROWS n: at most n rows per partition (the whole table when
        # replicated); None without the constraint
        self.row_limit = None

    def secondary_unique_indexes(self):
        """The unique indexes other than the primary key's: those that can refuse a row
        whose key is new."""
        return [ix for ix in self.indexes if ix.unique and not ix.primary]

    def add_column(self, col):
        if col.name in self.by_name:
            raise SchemaError("duplicate column %s in table %s" % (col.name, self.name))
        self.columns.append(col)
        self.by_name[col.name] = col

    def pk_columns(self):
        return [self.by_name[n] for n in self.pk]

    @property
    def replicated(self):
        return self.partition_column is None

    def procedures(self):
        """The default procedures VoltDB generates for this table (docs/voltdb-protocol.md section 9)."""
        procs = []
        if self.replicated:
            procs.append(DefaultProc(self, "insert", -1))
            if self.pk:
                procs.append(DefaultProc(self, "delete", -1))
                procs.append(DefaultProc(self, "update", -1))
                procs.append(DefaultProc(self, "upsert", -1))
            return procs
        pidx = self.partition_column.index
        procs.append(DefaultProc(self, "insert", pidx))
        if self.pk and self.partition_column.name in self.pk:
            kidx = self.pk.index(self.partition_column.name)
            procs.append(DefaultProc(self, "select", kidx))
            procs.append(DefaultProc(self, "delete", kidx))
            procs.append(DefaultProc(self, "update", len(self.columns) + kidx))
            procs.append(DefaultProc(self, "upsert", pidx))
        return procs


class Catalog:
    def __init__(self):
        self.tables = {}              # name -> Table, in declaration order
        self.procs = {}               # lower-case name -> DefaultProc

    def finish(self):
        self.procs = {}
        for t in self.tables.values():
            for p in t.procedures():
                self.procs[p.name.lower()] = p

    def find_table(self, name):
        """Case-insensitive table lookup (exact match first)."""
        if name in self.tables:
            return self.tables[name]
        up = name.upper()
        for t in self.tables.values():
            if t.name.upper() == up:
                return t
        return None

    def find_procedure(self, name):
        return self.procs.get(name.lower())

    def sorted_tables(self):
        return [self.tables[n] for n in sorted(self.tables)]

    def sorted_procedures(self):
        return [self.procs[k] for k in sorted(self.procs, key=lambda k: self.procs[k].name)]


# --------------------------------------------------------------------------
# DDL parsing
# --------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"""
    (?P<ws>\s+|--[^\n]*)
  | (?P<qident>"(?:[^"]|"")*")
  | (?P<string>'(?:[^']|'')*')
  | (?P<hexstr>[xX]'[0-9a-fA-F]*')
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_$]*)
  | (?P<punct>[(),;])
""", re.VERBOSE)


class _Tok:
    __slots__ = ("kind", "text", "value", "line")

    def __init__(self, kind, text, value, line):
        self.kind = kind
        self.text = text
        self.value = value
        self.line = line

    def __repr__(self):
        return "%s %r" % (self.kind, self.text)


def _tokenize(text):
    toks = []
    pos = 0
    line = 1
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m:
            raise SchemaError("line %d: unexpected character %r" % (line, text[pos]))
        kind = m.lastgroup
        s = m.group(kind)
        if kind != "ws":
            if kind == "qident":
                toks.append(_Tok("ident", s, s[1:-1].replace('""', '"'), line))
            elif kind == "ident":
                toks.append(_Tok("ident", s, s.upper(), line))
            elif kind == "string":
                toks.append(_Tok("string", s, s[1:-1].replace("''", "'"), line))
            else:
                toks.append(_Tok(kind, s, s, line))
        line += s.count("\n")
        pos = m.end()
    return toks


class _Parser:
    def __init__(self, text):
        self.toks = _tokenize(text)
        self.i = 0

    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def next(self):
        t = self.peek()
        if t is None:
            raise SchemaError("unexpected end of schema")
        self.i += 1
        return t

    def at_word(self, *words):
        t = self.peek()
        return t is not None and t.kind == "ident" and t.text.upper() in words

    def expect_word(self, word):
        t = self.next()
        if t.kind != "ident" or t.text.upper() != word:
            raise SchemaError("line %d: expected %s, got %r" % (t.line, word, t.text))

    def expect_punct(self, p):
        t = self.next()
        if t.kind != "punct" or t.text != p:
            raise SchemaError("line %d: expected %r, got %r" % (t.line, p, t.text))

    def at_punct(self, p):
        t = self.peek()
        return t is not None and t.kind == "punct" and t.text == p

    def ident(self):
        t = self.next()
        if t.kind != "ident":
            raise SchemaError("line %d: expected a name, got %r" % (t.line, t.text))
        return t.value

    def integer(self):
        t = self.next()
        if t.kind != "number" or not re.fullmatch(r"\d+", t.text):
            raise SchemaError("line %d: expected an integer, got %r" % (t.line, t.text))
        return int(t.text)

    # -- statements ------------------------------------------------------

    def parse(self):
        cat = Catalog()
        while self.peek() is not None:
            if self.at_punct(";"):
                self.next()
                continue
            if self.at_word("CREATE"):
                nxt = self.peek(1)
                if nxt is not None and nxt.kind == "ident" and \
                        nxt.text.upper() in ("INDEX", "UNIQUE", "ASSUMEUNIQUE"):
                    self.create_index(cat)
                else:
                    self.create_table(cat)
            elif self.at_word("PARTITION"):
                self.partition(cat)
            else:
                t = self.peek()
                raise SchemaError("line %d: unsupported statement starting with %r" % (t.line, t.text))
            if self.peek() is not None:
                self.expect_punct(";")
        validate(cat)
        cat.finish()
        return cat

    def create_table(self, cat):
        self.expect_word("CREATE")
        self.expect_word("TABLE")
        name = self.ident()
        if name in cat.tables:
            raise SchemaError("table %s is declared twice" % name)
        table = Table(name)
        self.expect_punct("(")
        while True:
            if self.at_word("PRIMARY", "CONSTRAINT", "UNIQUE", "ASSUMEUNIQUE", "LIMIT"):
                self.constraint(table)
            elif self.at_word("FOREIGN", "CHECK"):
                t = self.peek()
                raise SchemaError("line %d: %s constraints are not supported by the test server"
                                  % (t.line, t.text.upper()))
            else:
                self.column(table)
            if self.at_punct(","):
                self.next()
                continue
            self.expect_punct(")")
            break
        if not table.columns:
            raise SchemaError("table %s has no columns" % name)
        cat.tables[name] = table

    def column_list(self):
        """(col, ...): plain columns only; VoltDB's expression indexes are not supported."""
        self.expect_punct("(")
        cols = [self.ident()]
        while self.at_punct(","):
            self.next()
            cols.append(self.ident())
        if not self.at_punct(")"):
            t = self.peek()
            raise SchemaError("line %d: only plain column lists are supported by the test "
                              "server (no expressions), got %r" % (t.line, t.text))
        self.next()
        if len(set(cols)) != len(cols):
            raise SchemaError("a column list repeats a column: %s" % ", ".join(cols))
        return cols

    def constraint(self, table, column=None):
        """[CONSTRAINT name] PRIMARY KEY | UNIQUE | ASSUMEUNIQUE, then a column list at table
        level; `column` is the column a column-level constraint belongs to."""
        cname = None
        if self.at_word("CONSTRAINT"):
            self.next()
            cname = self.ident()
        t = self.next()
        word = t.text.upper() if t.kind == "ident" else None
        if word == "LIMIT" and column is None:
            # VoltDB's table limit (VoltDB/voltdb src/ee/storage/persistenttable.cpp
            # insertPersistentTuple: "Table T exceeds table maximum row count n"); its
            # EXECUTE (DELETE ...) clause is not supported here
            self.expect_word("PARTITION")
            self.expect_word("ROWS")
            if table.row_limit is not None:
                raise SchemaError("table %s has more than one LIMIT PARTITION ROWS" % table.name)
            table.row_limit = self.integer()
            if self.at_word("EXECUTE"):
                raise SchemaError("line %d: LIMIT PARTITION ROWS ... EXECUTE is not supported by "
                                  "the test server" % t.line)
            return
        if word == "PRIMARY":
            self.expect_word("KEY")
        elif word not in ("UNIQUE", "ASSUMEUNIQUE"):
            raise SchemaError("line %d: expected PRIMARY KEY, UNIQUE or ASSUMEUNIQUE, got %r"
                              % (t.line, t.text))
        cols = [column] if column is not None else self.column_list()
        if word == "PRIMARY":
            self.set_pk(table, cols, cname)
        else:
            table.unique_constraints.append((word, cname, cols))

    def create_index(self, cat):
        self.expect_word("CREATE")
        kind = None
        if self.at_word("UNIQUE", "ASSUMEUNIQUE"):
            kind = self.next().text.upper()
        self.expect_word("INDEX")
        name = self.ident()
        self.expect_word("ON")
        tname = self.ident()
        table = cat.tables.get(tname)
        if table is None:
            raise SchemaError("CREATE INDEX %s: unknown table %s" % (name, tname))
        table.created_indexes.append(Index(name, self.column_list(), kind == "UNIQUE",
                                           assume_unique=kind == "ASSUMEUNIQUE"))

    def set_pk(self, table, cols, cname):
        if table.pk:
            raise SchemaError("table %s has more than one primary key" % table.name)
        if len(set(cols)) != len(cols):
            raise SchemaError("primary key of %s repeats a column" % table.name)
        table.pk = cols
        table.pk_name = cname

    def sqltype(self):
        t = self.next()
        if t.kind != "ident":
            raise SchemaError("line %d: expected a type, got %r" % (t.line, t.text))
        word = t.text.upper()
        if word in _SIMPLE_TYPES:
            st = _SIMPLE_TYPES[word]()
            if word == "DECIMAL" and self.at_punct("("):
                self.next()
                p = self.integer()
                s = 0
                if self.at_punct(","):
                    self.next()
                    s = self.integer()
                self.expect_punct(")")
                if (p, s) != (38, 12):
                    raise SchemaError("line %d: VoltDB DECIMAL is always DECIMAL(38,12)" % t.line)
            return st
        if word in ("VARCHAR", "VARBINARY"):
            if not self.at_punct("("):
                raise SchemaError("line %d: %s needs a length, e.g. %s(64)" % (t.line, word, word))
            self.next()
            n = self.integer()
            in_bytes = False
            if self.at_word("BYTES"):
                if word != "VARCHAR":
                    raise SchemaError("line %d: BYTES only applies to VARCHAR" % t.line)
                self.next()
                in_bytes = True
            elif self.at_word("CHARACTERS"):
                self.next()
            self.expect_punct(")")
            if n < 1 or n > MAX_VALUE_LENGTH:
                raise SchemaError("line %d: %s length must be 1..%d" % (t.line, word, MAX_VALUE_LENGTH))
            if word == "VARCHAR":
                return SqlType("VARCHAR", wire.T_STRING, 12, length=n, in_bytes=in_bytes)
            return SqlType("VARBINARY", wire.T_VARBINARY, -3, length=n)
        raise SchemaError("line %d: unsupported column type %s" % (t.line, t.text))

    def column(self, table):
        name = self.ident()
        col = Column(name, self.sqltype(), len(table.columns))
        while True:
            if self.at_word("NOT"):
                self.next()
                self.expect_word("NULL")
                col.nullable = False
            elif self.at_word("NULL"):
                self.next()
                col.nullable = True
            elif self.at_word("DEFAULT"):
                self.next()
                self.default(col)
            elif self.at_word("PRIMARY", "CONSTRAINT", "UNIQUE", "ASSUMEUNIQUE"):
                self.constraint(table, name)
            elif self.at_word("REFERENCES", "CHECK"):
                t = self.peek()
                raise SchemaError("line %d: %s is not supported by the test server" % (t.line, t.text.upper()))
            else:
                break
        table.add_column(col)

    def default(self, col):
        t = self.next()
        if t.kind == "string":
            col.default = t.value
            col.default_is_string = True
        elif t.kind == "number":
            col.default = t.text
        elif t.kind == "hexstr":
            col.default = t.text[2:-1].upper()
            col.default_is_string = True
        elif t.kind == "ident" and t.text.upper() == "NULL":
            col.default = None
        elif t.kind == "ident" and t.text.upper() in ("NOW", "CURRENT_TIMESTAMP"):
            col.default = "CURRENT_TIMESTAMP:0"
            if self.at_punct("("):
                self.next()
                self.expect_punct(")")
        else:
            raise SchemaError("line %d: unsupported DEFAULT value %r" % (t.line, t.text))

    def partition(self, cat):
        self.expect_word("PARTITION")
        self.expect_word("TABLE")
        name = self.ident()
        self.expect_word("ON")
        self.expect_word("COLUMN")
        col = self.ident()
        table = cat.tables.get(name)
        if table is None:
            raise SchemaError("PARTITION TABLE: unknown table %s" % name)
        if col not in table.by_name:
            raise SchemaError("PARTITION TABLE: table %s has no column %s" % (name, col))
        if table.partition_column is not None:
            raise SchemaError("table %s is partitioned twice" % name)
        table.partition_column = table.by_name[col]


def _constraint_index_name(table, prefix, cname, cols):
    if cname is not None:
        return AUTOGEN_NAMED_CONSTRAINT_INDEX + cname
    return prefix + table.name + "_" + "_".join(cols)


def build_indexes(t):
    """The table's indexes as VoltDB's catalog lists them: sorted by name."""
    indexes = []
    if t.pk:
        indexes.append(Index(_constraint_index_name(t, AUTOGEN_PK_INDEX, t.pk_name_given, t.pk),
                             list(t.pk), True, primary=True))
    for kind, cname, cols in t.unique_constraints:
        indexes.append(Index(_constraint_index_name(t, AUTOGEN_UNIQUE_INDEX, cname, cols), cols,
                             kind == "UNIQUE", assume_unique=kind == "ASSUMEUNIQUE"))
    indexes.extend(t.created_indexes)
    names = set()
    for ix in indexes:
        if ix.name in names:
            raise SchemaError("table %s has two indexes named %s" % (t.name, ix.name))
        names.add(ix.name)
        for n in ix.columns:
            col = t.by_name.get(n)
            if col is None:
                raise SchemaError("index %s of %s names unknown column %s" % (ix.name, t.name, n))
            # DDLCompiler.java addIndexToCatalog
            if ix.hashed and not col.type.is_integer:
                raise SchemaError("Index %s in table %s uses a non-hashable column %s"
                                  % (ix.name, t.name, n))
    t.indexes = sorted(indexes, key=lambda ix: ix.name)


def check_partitioned_index(t, ix, pc):
    """src/frontend/org/voltdb/compiler/DDLCompiler.java checkValidPartitionTableIndex: a
    UNIQUE index must contain the partition column (else it could only be enforced per
    partition); ASSUMEUNIQUE is that per-partition promise, so it must not contain it."""
    if not ix.unique:
        return
    if pc.name in ix.columns:
        if ix.assume_unique:
            raise SchemaError("ASSUMEUNIQUE is not valid for an index that includes the "
                              "partitioning column. Please use UNIQUE instead.")
    elif not ix.assume_unique:
        keyword, what = ("PRIMARY KEY", "PRIMARY KEY") if ix.primary \
            else ("UNIQUE", "UNIQUE INDEX " + ix.name)
        raise SchemaError("Invalid use of %s. The %s on the partitioned table %s does not include "
                          "the partitioning column %s. See the documentation for the 'CREATE "
                          "TABLE' and 'CREATE INDEX' commands and the 'ASSUMEUNIQUE' keyword."
                          % (keyword, what, t.name, pc.name))


def validate(cat):
    for t in cat.tables.values():
        for n in t.pk:
            if n not in t.by_name:
                raise SchemaError("primary key of %s names unknown column %s" % (t.name, n))
            t.by_name[n].nullable = False
        t.pk_name_given = t.pk_name
        if t.pk and t.pk_name is None:
            t.pk_name = "VOLTDB_AUTOGEN_CT__PK_%s_%s" % (t.name, "_".join(t.pk))
        build_indexes(t)
        pc = t.partition_column
        if pc is not None:
            if pc.nullable:
                raise SchemaError('Partition column \'%s.%s\' is nullable. Partition columns must be '
                                  'constrained "NOT NULL".' % (t.name, pc.name))
            if not (pc.type.is_integer or pc.type.code in (wire.T_STRING, wire.T_VARBINARY)):
                raise SchemaError("partition column %s.%s has type %s; VoltDB partitions on integer, "
                                  "VARCHAR or VARBINARY columns" % (t.name, pc.name, pc.type.name))
            for ix in t.indexes:
                check_partitioned_index(t, ix, pc)


def parse_schema(text):
    return _Parser(text).parse()


def add_indexes(cat, text, row_count):
    """Live DDL, as a running VoltDB takes it through @AdHoc or sqlcmd: only `CREATE
    [UNIQUE|ASSUMEUNIQUE] INDEX` statements. Checked as a schema is (DDLCompiler.java), and a
    unique index cannot be added to a table holding rows (src/frontend/org/voltdb/catalog/
    CatalogDiffEngine.java checkAddDropIfTableIsEmptyWhitelist). `row_count(table)` tells how
    many rows a table holds. The catalog changes only when every statement is valid. Returns
    the tables whose indexes changed."""
    p = _Parser(text)
    staged = Catalog()
    staged.tables = {name: _copy_for_indexes(t) for name, t in cat.tables.items()}
    while p.peek() is not None:
        if p.at_punct(";"):
            p.next()
            continue
        if not p.at_word("CREATE"):
            t = p.peek()
            raise SchemaError("line %d: only CREATE INDEX statements can be run on a running "
                              "database here, not one starting with %r" % (t.line, t.text))
        p.create_index(staged)
        if p.peek() is not None:
            p.expect_punct(";")
    changed = []
    for name, t in staged.tables.items():
        old = cat.tables[name]
        if len(t.created_indexes) == len(old.created_indexes):
            continue
        build_indexes(t)
        for ix in t.created_indexes[len(old.created_indexes):]:
            if t.partition_column is not None:
                check_partitioned_index(t, ix, t.partition_column)
            if ix.unique and row_count(old) > 0:
                raise SchemaError("Unable to add unique index %s because table %s is not empty."
                                  % (ix.name, t.name))
        changed.append((old, t))
    for old, t in changed:
        old.created_indexes = t.created_indexes
        old.indexes = t.indexes
    return [old for old, _ in changed]


def _copy_for_indexes(t):
    """A copy of the table whose index lists can change without touching `t`."""
    c = Table(t.name)
    c.__dict__.update(t.__dict__)
    c.created_indexes = list(t.created_indexes)
    c.indexes = list(t.indexes)
    return c


def load_schema(path):
    with open(path, "r", encoding="utf-8") as f:
        return parse_schema(f.read())
