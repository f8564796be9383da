"""Procedure execution for the VoltDB test server: @Ping, @SystemCatalog
and the default CRUD procedures over an in-memory store.

`Database.invoke(inv)` takes a parsed wire.Invocation and returns a Result
(status, status string, result tables).  Texts and status codes follow the
observations recorded in doc sections 5.3, 8, 9, 10 and 13.
"""

import collections
import threading

import catalog as cat
import convert
import hashinator
import wire


class Result:
    __slots__ = ("status", "status_string", "tables", "round_trip")

    def __init__(self, status, status_string=None, tables=(), round_trip=True):
        self.status = status
        self.status_string = status_string
        self.tables = list(tables)
        self.round_trip = round_trip   # False: report 0 ms (like @Ping)


def _fail(status, msg):
    return Result(status, msg)


_PING_TABLE = wire.encode_table([("STATUS", wire.T_BIGINT)], [[0]], wire.TABLE_STATUS_JAVA)

COLUMNS_SCHEMA = [
    ("TABLE_CAT", wire.T_STRING), ("TABLE_SCHEM", wire.T_STRING), ("TABLE_NAME", wire.T_STRING),
    ("COLUMN_NAME", wire.T_STRING), ("DATA_TYPE", wire.T_INTEGER), ("TYPE_NAME", wire.T_STRING),
    ("COLUMN_SIZE", wire.T_INTEGER), ("BUFFER_LENGTH", wire.T_INTEGER),
    ("DECIMAL_DIGITS", wire.T_INTEGER), ("NUM_PREC_RADIX", wire.T_INTEGER),
    ("NULLABLE", wire.T_INTEGER), ("REMARKS", wire.T_STRING), ("COLUMN_DEF", wire.T_STRING),
    ("SQL_DATA_TYPE", wire.T_INTEGER), ("SQL_DATETIME_SUB", wire.T_INTEGER),
    ("CHAR_OCTET_LENGTH", wire.T_INTEGER), ("ORDINAL_POSITION", wire.T_INTEGER),
    ("IS_NULLABLE", wire.T_STRING), ("SCOPE_CATALOG", wire.T_STRING), ("SCOPE_SCHEMA", wire.T_STRING),
    ("SCOPE_TABLE", wire.T_STRING), ("SOURCE_DATA_TYPE", wire.T_SMALLINT),
    ("IS_AUTOINCREMENT", wire.T_STRING),
]

TABLES_SCHEMA = [(n, wire.T_STRING) for n in (
    "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT", "TYPE_SCHEM",
    "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION")]

PRIMARYKEYS_SCHEMA = [
    ("TABLE_CAT", wire.T_STRING), ("TABLE_SCHEM", wire.T_STRING), ("TABLE_NAME", wire.T_STRING),
    ("COLUMN_NAME", wire.T_STRING), ("KEY_SEQ", wire.T_SMALLINT), ("PK_NAME", wire.T_STRING),
]

# src/frontend/org/voltdb/JdbcDatabaseMetaDataGenerator.java INDEXINFO_SCHEMA
INDEXINFO_SCHEMA = [
    ("TABLE_CAT", wire.T_STRING), ("TABLE_SCHEM", wire.T_STRING), ("TABLE_NAME", wire.T_STRING),
    ("NON_UNIQUE", wire.T_TINYINT), ("INDEX_QUALIFIER", wire.T_STRING),
    ("INDEX_NAME", wire.T_STRING), ("TYPE", wire.T_SMALLINT), ("ORDINAL_POSITION", wire.T_SMALLINT),
    ("COLUMN_NAME", wire.T_STRING), ("ASC_OR_DESC", wire.T_STRING), ("CARDINALITY", wire.T_INTEGER),
    ("PAGES", wire.T_INTEGER), ("FILTER_CONDITION", wire.T_STRING),
]
JDBC_TABLE_INDEX_HASHED = 2   # java.sql.DatabaseMetaData.tableIndexHashed
JDBC_TABLE_INDEX_OTHER = 3    # java.sql.DatabaseMetaData.tableIndexOther

PROCEDURES_SCHEMA = [
    ("PROCEDURE_CAT", wire.T_STRING), ("PROCEDURE_SCHEM", wire.T_STRING),
    ("PROCEDURE_NAME", wire.T_STRING), ("RESERVED1", wire.T_STRING), ("RESERVED2", wire.T_STRING),
    ("RESERVED3", wire.T_STRING), ("REMARKS", wire.T_STRING), ("PROCEDURE_TYPE", wire.T_SMALLINT),
    ("SPECIFIC_NAME", wire.T_STRING),
]

# selectors whose result is always empty for a DDL-only schema
EMPTY_SELECTORS = {
    "CLASSES": [("CLASS_NAME", wire.T_STRING), ("VOLT_PROCEDURE", wire.T_TINYINT),
                ("ACTIVE_PROC", wire.T_TINYINT)],
    "FUNCTIONS": [("FUNCTION_TYPE", wire.T_STRING), ("FUNCTION_NAME", wire.T_STRING),
                  ("CLASS_NAME", wire.T_STRING), ("METHOD_NAME", wire.T_STRING)],
    "TASKS": [(n, wire.T_STRING) for n in (
        "TASK_NAME", "SCHEDULER_CLASS", "SCHEDULER_PARAMETERS", "ACTIONS_CLASS", "ACTIONS_PARAMETERS",
        "SCHEDULE_CLASS", "SCHEDULE_PARAMETERS", "ON_ERROR", "RUN_LOCATION", "USER", "ENABLED")],
    "TOPICS": [(n, wire.T_STRING) for n in (
        "TOPIC_NAME", "IS_SINGLE", "IS_OPAQUE", "STREAM_NAME", "PROCEDURE_NAME")],
}
UNIMPLEMENTED_SELECTORS = ("PROCEDURECOLUMNS", "TYPEINFO", "ROLES", "USERS")


_MODIFIED_CACHE = {}


def modified_tuples_table(n, status):
    key = (n, status)
    t = _MODIFIED_CACHE.get(key)
    if t is None:
        t = wire.encode_table([("modified_tuples", wire.T_BIGINT)], [[n]], status)
        _MODIFIED_CACHE[key] = t
    return t


def constraint_message(kind, table, rows, what="Attempted violation of constraint"):
    text = ("VOLTDB ERROR: CONSTRAINT VIOLATION %s\n"
            "Constraint Type %s, Table CatalogId %s\nRelevant Tuples:\n%s"
            % (what, kind, table.name, convert.format_table(table.columns, rows)))
    return text.rstrip()


def decode_load_table(table, data):
    """The rows of a bulk load's VoltTable (without its length prefix), converted to the table's
    column types as the default procedures convert parameters."""
    r = wire.Reader(data)
    header = r.i32()
    end = r.pos + header
    r.i8()  # status
    n = r.i16()
    types = [r.i8() for _ in range(n)]
    for _ in range(n):
        r.string()
    if r.pos != end:
        raise ValueError("bad VoltTable header length")
    if n != len(table.columns):
        raise ValueError("Input table has the wrong number of columns for bulk insert.")
    for t, col in zip(types, table.columns):
        if t != col.type.code:
            raise ValueError("column %s of the input table has type %d, the table's has %d"
                             % (col.name, t, col.type.code))
    count = r.i32()
    rows = []
    for _ in range(count):
        length = r.i32()
        start = r.pos
        row = []
        for t, col in zip(types, table.columns):
            jv = wire.read_cell(r, t)
            row.append(convert.to_param(jv, convert.target_for(col.type)))
        if r.pos != start + length:
            raise ValueError("bad VoltTable row length")
        rows.append(row)
    if r.remaining():
        raise ValueError("bytes after the VoltTable's rows")
    return rows


class TableData:
    """A table's rows, keyed by primary key (or a serial number without one), and a dict per
    unique index other than the primary key's: index key -> the row's key.  Rows change only
    through put() and remove(), which keep those dicts in step."""

    def __init__(self, table):
        self.table = table
        self.rows = {}          # key -> row (list of values); insertion ordered
        self.partition = {}     # key -> the partition holding the row (partitioned tables)
        self.serial = 0
        self.counts = collections.Counter()  # rows per partition (None: replicated)
        # ASSUMEUNIQUE on a partitioned table is enforced within a partition only, so the
        # partition is part of its key (DDLCompiler.java checkValidPartitionTableIndex).
        # A NULL is a value like any other in an index key: VoltDB's EE compares two NULLs as
        # equal for index keys (src/ee/common/NValue.hpp compareNull), so they conflict.
        self.unique = self._unique_indexes()

    def _unique_indexes(self):
        table = self.table
        return [(ix, [table.by_name[n].index for n in ix.columns],
                 ix.assume_unique and not table.replicated, {})
                for ix in table.secondary_unique_indexes()]

    def key_of(self, row):
        t = self.table
        if not t.pk:
            self.serial += 1
            return ("#", self.serial)
        return tuple(row[t.by_name[n].index] for n in t.pk)

    @staticmethod
    def _index_key(positions, per_partition, row, partition):
        k = tuple(row[i] for i in positions)
        return (partition, k) if per_partition else k

    def unique_conflict(self, row, partition, own_key):
        """The key of another row that `row` (stored under own_key) would duplicate in a
        unique index, or None."""
        for _, positions, per_partition, entries in self.unique:
            other = entries.get(self._index_key(positions, per_partition, row, partition))
            if other is not None and other != own_key:
                return other
        return None

    def _unindex(self, key):
        row, partition = self.rows[key], self.partition.get(key)
        for _, positions, per_partition, entries in self.unique:
            k = self._index_key(positions, per_partition, row, partition)
            if entries.get(k) == key:
                del entries[k]

    def put(self, key, row, partition):
        if key in self.rows:
            self._unindex(key)
        else:
            self.counts[partition] += 1
        self.rows[key] = row
        if partition is not None:
            self.partition[key] = partition
        for _, positions, per_partition, entries in self.unique:
            entries[self._index_key(positions, per_partition, row, partition)] = key

    def remove(self, key):
        if key in self.rows:
            self._unindex(key)
            del self.rows[key]
            self.counts[self.partition.pop(key, None)] -= 1

    def clear(self):
        self.rows.clear()
        self.partition.clear()
        self.counts.clear()
        for _, _, _, entries in self.unique:
            entries.clear()

    def reindex(self):
        """After rows moved between partitions, or the table's indexes changed."""
        self.unique = self._unique_indexes()
        self.counts = collections.Counter(self.partition.get(key) for key in self.rows)
        for key in list(self.rows):
            self.put(key, self.rows[key], self.partition.get(key))


TOPO_PARTITIONS_SCHEMA = [("Partition", wire.T_INTEGER), ("Sites", wire.T_STRING),
                          ("Leader", wire.T_STRING)]
TOPO_HASH_SCHEMA = [("HASHTYPE", wire.T_STRING), ("HASHCONFIG", wire.T_VARBINARY)]
MP_INIT_PID = 16383
MISPARTITIONED = "Mispartitioned tuple in single-partition insert statement."


class Rollback(Exception):
    """A load procedure's failure: its Result, after undoing its rows."""

    def __init__(self, result):
        Exception.__init__(self)
        self.result = result


class Database:
    def __init__(self, catalog, partitions=4):
        self.catalog = catalog
        self.lock = threading.RLock()
        self.data = {name: TableData(t) for name, t in catalog.tables.items()}
        self.hashinator = hashinator.Hashinator(partitions)
        self.rows_written = 0   # rows inserted or upserted since start (truncating keeps it)

    def set_partitions(self, n):
        """An elastic resize: a new ring, and the rows move to the partitions it names."""
        with self.lock:
            self.hashinator = hashinator.Hashinator(n)
            for td in self.data.values():
                for key in td.partition:
                    td.partition[key] = self.partition_of_row(td.table, td.rows[key])
                td.reindex()

    def partition_of_row(self, table, row):
        if table.partition_column is None:
            return None
        return self.hashinator.partition_of_value(row[table.partition_column.index])

    def partitions_of(self, table):
        """The partition of each row in insertion order (None for a replicated table)."""
        with self.lock:
            td = self.data[table.name]
            return [td.partition.get(k) for k in td.rows]

    # -- control-channel helpers -----------------------------------------

    def truncate(self, table_name=None):
        with self.lock:
            for name, td in self.data.items():
                if table_name is None or name == table_name:
                    td.clear()

    def add_indexes(self, text):
        """Live `CREATE INDEX` DDL (catalog.add_indexes); the new unique indexes are enforced
        from the next call on."""
        with self.lock:
            changed = cat.add_indexes(self.catalog, text, lambda t: len(self.data[t.name].rows))
            for t in changed:
                self.data[t.name].reindex()
            return [t.name for t in changed]

    def snapshot(self, table):
        with self.lock:
            return [list(r) for r in self.data[table.name].rows.values()]

    # -- entry point -----------------------------------------------------

    def invoke(self, inv):
        name = inv.name
        if name == "@Ping":
            return Result(wire.SUCCESS, "SUCCESS", [_PING_TABLE], round_trip=False)
        if name == "@SystemCatalog":
            return self.system_catalog(inv)
        if name == "@Statistics":
            return self.statistics(inv)
        if name in ("@LoadSinglepartitionTable", "@LoadMultipartitionTable"):
            return self.load_table(name, inv)
        proc = self.catalog.find_procedure(name)
        if proc is None:
            return _fail(wire.UNEXPECTED_FAILURE, "Procedure %s was not found" % name)
        if inv.batch_call:
            return _fail(wire.GRACEFUL_FAILURE,
                         "Batch calls (invocation extension 4) are not supported by the ksink "
                         "VoltDB test server")
        try:
            params = wire.parse_params(inv.params_buf)
        except wire.ParamError as e:
            return _fail(wire.GRACEFUL_FAILURE,
                         "Exception while deserializing procedure params, procedure=%s\n%s"
                         % (name, e.detail))
        return self.run_default(proc, params)

    # -- @Statistics TOPO (docs/voltdb-protocol.md section 15) ------------

    def statistics(self, inv):
        try:
            params = wire.parse_params(inv.params_buf)
        except wire.ParamError as e:
            return _fail(wire.GRACEFUL_FAILURE,
                         "Exception while deserializing procedure params, procedure=@Statistics\n%s"
                         % e.detail)
        selector = params[0].value if params and params[0] is not None else None
        if not isinstance(selector, str) or selector.upper() != "TOPO":
            return _fail(wire.GRACEFUL_FAILURE,
                         "@Statistics selector %s is not implemented by the ksink VoltDB test server"
                         % selector)
        with self.lock:
            h = self.hashinator
            rows = [[p, "0:%d" % p, "0:%d" % p] for p in range(h.partitions)]
            rows.append([MP_INIT_PID, "0:%d" % h.partitions, "0:%d" % h.partitions])
            return Result(wire.SUCCESS, None, [
                wire.encode_table(TOPO_PARTITIONS_SCHEMA, rows),
                wire.encode_table(TOPO_HASH_SCHEMA, [["ELASTIC", h.config_bytes()]])])

    # -- bulk loads (docs/voltdb-protocol.md section 15) -------------------

    def load_table(self, name, inv):
        try:
            params = wire.parse_params(inv.params_buf)
        except wire.ParamError as e:
            return _fail(wire.GRACEFUL_FAILURE,
                         "Exception while deserializing procedure params, procedure=%s\n%s"
                         % (name, e.detail))
        single = name == "@LoadSinglepartitionTable"
        expected = 4 if single else 3
        if len(params) != expected:
            return _fail(wire.GRACEFUL_FAILURE,
                         "VOLTDB ERROR: PROCEDURE %s EXPECTS %d PARAMS, BUT RECEIVED %d"
                         % (name, expected, len(params)))
        if single:
            pparam, tname, upsert, tbl = params
        else:
            tname, upsert, tbl = params
        if tname is None or tname.cls != "java.lang.String" or tbl is None \
                or tbl.cls != "org.voltdb.VoltTable" or upsert is None:
            return _fail(wire.GRACEFUL_FAILURE,
                         "VOLTDB ERROR: PROCEDURE %s: expected (%sString tableName, byte upsertMode, "
                         "VoltTable table)" % (name, "byte[] partitionParam, " if single else ""))
        table = self.catalog.find_table(tname.value)
        if table is None:
            return _fail(wire.GRACEFUL_FAILURE, "VOLTDB ERROR: USER ABORT Table not present in catalog.")
        if single and table.partition_column is None:
            return _fail(wire.GRACEFUL_FAILURE,
                         "VOLTDB ERROR: USER ABORT LoadSinglepartitionTable incompatible with "
                         "replicated table %s." % tname.value)
        if not single and table.partition_column is not None:
            return _fail(wire.GRACEFUL_FAILURE,
                         "VOLTDB ERROR: USER ABORT LoadMultipartitionTable no longer supports "
                         "loading partitioned tables use CRUD procs instead")
        is_upsert = bool(upsert.value)
        if is_upsert and not table.pk:
            return _fail(wire.GRACEFUL_FAILURE,
                         "VOLTDB ERROR: USER ABORT The --update argument cannot be used for %s "
                         "because the table %s does not have a primary key. Either remove the "
                         "--update argument or add a primary key to the table."
                         % ("LoadingSinglePartionTable" if single else "LoadMultipartitionTable",
                            tname.value))
        try:
            rows = decode_load_table(table, tbl.value)
        except (wire.WireError, ValueError, convert.ConversionError) as e:
            return _fail(wire.GRACEFUL_FAILURE, "VOLTDB ERROR: USER ABORT %s" % e)
        status = wire.TABLE_STATUS_JAVA
        with self.lock:
            partition = None
            if single:
                raw = pparam.value if pparam is not None and not pparam.null_sigil else None
                partition = self.hashinator.partition_of_bytes(raw)
            undo = []
            try:
                for row in rows:
                    if single:
                        pv = row[table.partition_column.index]
                        if self.hashinator.partition_of_value(pv) != partition:
                            raise Rollback(_fail(wire.GRACEFUL_FAILURE,
                                                 constraint_message("PARTITIONING", table, [row],
                                                                    MISPARTITIONED)))
                    r = self._insert(table, row, status, upsert=is_upsert, undo=undo)
                    if r.status != wire.SUCCESS:
                        raise Rollback(r)
            except Rollback as rb:
                self.rows_written -= len(undo)
                td = self.data[table.name]
                for key, old in reversed(undo):
                    if old is None:
                        td.remove(key)
                    else:
                        td.put(key, *old)
                return rb.result
        return Result(wire.SUCCESS, None,
                      [wire.encode_table([("", wire.T_BIGINT)], [[len(rows)]], status)])

    # -- @SystemCatalog --------------------------------------------------

    def system_catalog(self, inv):
        try:
            params = wire.parse_params(inv.params_buf)
        except wire.ParamError as e:
            return _fail(wire.GRACEFUL_FAILURE,
                         "Exception while deserializing procedure params, procedure=@SystemCatalog\n%s"
                         % e.detail)
        if len(params) != 1:
            return _fail(wire.GRACEFUL_FAILURE,
                         "VOLTDB ERROR: PROCEDURE @SystemCatalog EXPECTS 1 PARAMS, BUT RECEIVED %d"
                         % len(params))
        try:
            selector = convert.to_param(params[0], convert.TARGET_STRING)
        except convert.ConversionError as e:
            return _fail(wire.GRACEFUL_FAILURE,
                         "VOLTDB ERROR: PROCEDURE @SystemCatalog TYPE ERROR FOR PARAMETER 0: %s" % e)
        sel = "null" if selector is None else selector
        up = sel.upper()
        c = self.catalog
        if up == "COLUMNS":
            rows = []
            for t in c.sorted_tables():
                for col in sorted(t.columns, key=lambda x: x.name):
                    rows.append(self.column_row(t, col))
            return Result(wire.SUCCESS, None, [wire.encode_table(COLUMNS_SCHEMA, rows)])
        if up == "TABLES":
            rows = []
            for t in c.sorted_tables():
                remarks = None
                if t.partition_column is not None:
                    remarks = '{"partitionColumn":"%s"}' % t.partition_column.name
                rows.append([None, None, t.name, "TABLE", remarks, None, None, None, None, None])
            return Result(wire.SUCCESS, None, [wire.encode_table(TABLES_SCHEMA, rows)])
        if up == "PRIMARYKEYS":
            rows = []
            for t in c.sorted_tables():
                for seq, n in enumerate(t.pk, 1):
                    rows.append([None, None, t.name, n, seq, t.pk_name])
            return Result(wire.SUCCESS, None, [wire.encode_table(PRIMARYKEYS_SCHEMA, rows)])
        if up == "INDEXINFO":
            rows = [row for t in c.sorted_tables() for row in self.index_rows(t)]
            return Result(wire.SUCCESS, None, [wire.encode_table(INDEXINFO_SCHEMA, rows)])
        if up == "PROCEDURES":
            rows = [[None, None, p.name, None, None, None, p.remarks_json(), 0, p.name]
                    for p in c.sorted_procedures()]
            return Result(wire.SUCCESS, None, [wire.encode_table(PROCEDURES_SCHEMA, rows)])
        if up in EMPTY_SELECTORS:
            return Result(wire.SUCCESS, None, [wire.encode_table(EMPTY_SELECTORS[up], [])])
        if up in UNIMPLEMENTED_SELECTORS:
            return _fail(wire.GRACEFUL_FAILURE,
                         "@SystemCatalog selector %s is not implemented by the ksink VoltDB test server"
                         % up)
        return _fail(wire.GRACEFUL_FAILURE, "Invalid @SystemCatalog selector: %s" % sel)

    @staticmethod
    def index_rows(t):
        """JdbcDatabaseMetaDataGenerator.java getIndexInfo: one row per (index, column), the
        primary key's index included.  The catalog lists a table's indexes, and an index's
        columns, by name (as COLUMNS lists columns), so ORDINAL_POSITION (1-based, key order)
        and not the row order gives a key's column order."""
        rows = []
        for ix in t.indexes:
            for seq, name in sorted(enumerate(ix.columns, 1), key=lambda p: p[1]):
                rows.append([None, None, t.name, 0 if ix.unique else 1, None, ix.name,
                             JDBC_TABLE_INDEX_HASHED if ix.hashed else JDBC_TABLE_INDEX_OTHER,
                             seq, name, None if ix.hashed else "A", None, None, None])
        return rows

    @staticmethod
    def column_row(t, col):
        st = col.type
        code = st.code
        if st.is_integer or code == wire.T_TIMESTAMP:
            size, radix = st.size_bytes * 8 - 1, 2
        elif code == wire.T_FLOAT:
            size, radix = 53, 2
        elif code == wire.T_DECIMAL:
            size, radix = 38, 10
        else:
            size, radix = st.length, None
        octet = st.length if code in (wire.T_STRING, wire.T_VARBINARY) else None
        remarks = "PARTITION_COLUMN" if t.partition_column is col else None
        return [None, None, t.name, col.name, st.jdbc, st.name, size, None,
                12 if code == wire.T_DECIMAL else None, radix,
                1 if col.nullable else 0, remarks, col.column_def(), None, None, octet,
                col.index + 1, "YES" if col.nullable else "NO", None, None, None, None, "NO"]

    # -- default procedures ----------------------------------------------

    def run_default(self, proc, params):
        table = proc.table
        # 1. routing of single-partition procedures (docs/voltdb-protocol.md section 5.3, exception)
        if proc.single_partition and proc.partition_param < len(params):
            pcol = table.partition_column
            p = params[proc.partition_param]
            if (pcol.type.is_integer and p is not None and not p.null_sigil
                    and p.cls == "java.lang.String" and convert.parse_java_long(p.value) is None):
                return _fail(wire.UNEXPECTED_FAILURE,
                             "Error sending procedure %s to the correct partition. Make sure parameter "
                             "values are correct. Parameter value %s, partition column %s type %d "
                             "Message: getHashedPartitionForParameter: Unable to convert string %s to "
                             "%s target parameter "
                             % (proc.name, p.value, pcol.name, pcol.type.code, p.value,
                                cat.JAVA_COMPATIBLE_NAMES[pcol.type.code]))
        # 2. parameter count
        cols = proc.param_columns()
        if len(params) != len(cols):
            return _fail(wire.GRACEFUL_FAILURE,
                         "VOLTDB ERROR: PROCEDURE %s EXPECTS %d PARAMS, BUT RECEIVED %d"
                         % (proc.name, len(cols), len(params)))
        # 3. parameter conversion
        values = []
        for i, (col, p) in enumerate(zip(cols, params)):
            try:
                values.append(convert.to_param(p, convert.target_for(col.type)))
            except convert.ConversionError as e:
                return _fail(wire.GRACEFUL_FAILURE,
                             "VOLTDB ERROR: PROCEDURE %s TYPE ERROR FOR PARAMETER %d: %s"
                             % (proc.name, i, e))
        status = wire.TABLE_STATUS_EE if proc.single_partition else wire.TABLE_STATUS_JAVA
        with self.lock:
            return getattr(self, "_" + proc.verb)(table, values, status)

    def _check_row(self, table, row):
        """EE checks on a full row; returns a failure Result or None."""
        for col in table.columns:
            try:
                convert.check_column(col, row[col.index])
            except convert.SqlError as e:
                return _fail(wire.GRACEFUL_FAILURE, "VOLTDB ERROR: SQL ERROR %s" % e)
        for col in table.columns:
            if not col.nullable and row[col.index] is None:
                return _fail(wire.GRACEFUL_FAILURE, constraint_message("NOT_NULL", table, [row]))
        return None

    @staticmethod
    def _duplicate(table, row, other):
        """VoltDB reports a duplicate primary key and a duplicate in any other unique index
        alike: Constraint Type UNIQUE, the new row then the one it collides with."""
        return _fail(wire.GRACEFUL_FAILURE, constraint_message("UNIQUE", table, [row, other]))

    def _unique_violation(self, table, td, row, partition, own_key):
        other = td.unique_conflict(row, partition, own_key)
        return None if other is None else self._duplicate(table, row, td.rows[other])

    def _insert(self, table, values, status, upsert=False, undo=None):
        td = self.data[table.name]
        row = list(values)
        err = self._check_row(table, row)
        if err:
            return err
        key = td.key_of(row)
        if not upsert and key in td.rows:
            return self._duplicate(table, row, td.rows[key])
        # an upsert replaces the row with its own primary key, so only other rows conflict
        partition = self.partition_of_row(table, row)
        err = self._unique_violation(table, td, row, partition, key)
        if err:
            return err
        # A new row into a full partition (LIMIT PARTITION ROWS): VoltDB/voltdb
        # src/ee/storage/persistenttable.cpp insertPersistentTuple, a ConstraintFailureException
        # of type PARTITIONING with its own message (src/ee/storage/ConstraintFailureException.cpp)
        if table.row_limit is not None and key not in td.rows \
                and td.counts[partition] >= table.row_limit:
            return _fail(wire.GRACEFUL_FAILURE, constraint_message(
                "PARTITIONING", table, [row],
                "Table %s exceeds table maximum row count %d" % (table.name, table.row_limit)))
        if undo is not None:
            undo.append((key, (td.rows[key], td.partition.get(key)) if key in td.rows else None))
        td.put(key, row, partition)
        self.rows_written += 1
        return Result(wire.SUCCESS, None, [modified_tuples_table(1, status)])

    def _upsert(self, table, values, status):
        return self._insert(table, values, status, upsert=True)

    def _find(self, table, key_values):
        if any(v is None for v in key_values):
            return None
        key = tuple(key_values)
        return key if key in self.data[table.name].rows else None

    def _update(self, table, values, status):
        td = self.data[table.name]
        n = len(table.columns)
        row, key_values = list(values[:n]), values[n:]
        old_key = self._find(table, key_values)
        if old_key is None:
            return Result(wire.SUCCESS, None, [modified_tuples_table(0, status)])
        err = self._check_row(table, row)
        if err:
            return err
        new_key = td.key_of(row)
        if new_key != old_key and new_key in td.rows:
            return self._duplicate(table, row, td.rows[new_key])
        # the row being updated does not conflict with itself
        partition = self.partition_of_row(table, row)
        err = self._unique_violation(table, td, row, partition, old_key)
        if err:
            return err
        if new_key != old_key:
            td.remove(old_key)
        td.put(new_key, row, partition)
        return Result(wire.SUCCESS, None, [modified_tuples_table(1, status)])

    def _delete(self, table, values, status):
        td = self.data[table.name]
        key = self._find(table, values)
        if key is None:
            return Result(wire.SUCCESS, None, [modified_tuples_table(0, status)])
        td.remove(key)
        return Result(wire.SUCCESS, None, [modified_tuples_table(1, status)])

    def _select(self, table, values, status):
        td = self.data[table.name]
        key = self._find(table, values)
        rows = [td.rows[key]] if key is not None else []
        cols = [(c.name, c.type.code) for c in table.columns]
        return Result(wire.SUCCESS, None, [wire.encode_table(cols, rows, status)])
