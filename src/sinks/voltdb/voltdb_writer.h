// Writes routed records to VoltDB: each record becomes one call of the table's default procedure
// (`T.insert` or `T.upsert`) with one typed parameter per column, converted from the record's
// fields by name (case-insensitively) according to the catalog read at start.
//
// Calls are asynchronous: submit() converts and invokes as many as `connect.volt.batch.size`
// allows and pushes them out; complete() keeps polling the client, invoking the rest as answers
// free room, until every item has an outcome. A Kafka partition's records are invoked in offset
// order under one client key, so they travel on one connection and run in order.
//
// Order under failure. When a record of a partition comes back "unavailable" (SERVER_UNAVAILABLE,
// connection lost, timeout), the partition's later records of the batch are not sent; those
// already sent and written stay written for INSERT (their rows are distinct anyway) but are
// reported unavailable for UPSERT, so that the retry replays the partition in order and an older
// row can never overwrite a newer one with the same key (upserts are idempotent, replaying them is
// harmless).
//
// Calls whose outcome is unknown. A call cut off by a lost connection or a timeout may have run.
// Replaying an UPSERT is harmless. Replaying an INSERT of a row that did get in meets its own row
// as a UNIQUE constraint violation: such a violation, on an INSERT this writer had seen end with
// an unknown outcome, counts as written. (The one case this misjudges: the call did not run and a
// different row with the same key was inserted meanwhile by someone else; the record is then
// counted as written without its row. Without a unique key there is no violation to see, and the
// replay may duplicate the row: at-least-once delivery.)
//
// Bulk loads (connect.volt.bulk.enabled, the default; docs/voltdb-sink.md "How records become
// procedure calls"). Rows are converted into VoltTable cells and grouped per table and VoltDB
// partition, the partition computed with the cluster's hashinator (read with @Statistics TOPO).
// Each such "chain" has one call in flight at a time, so VoltDB runs a chain's groups in order;
// chains of different partitions run at once. A group is one @LoadSinglepartitionTable (or, for a
// replicated table, @LoadMultipartitionTable) call of up to connect.volt.bulk.rows rows, cut
// where the statement changes or a row can travel only as parameters (a TIMESTAMP as text). A
// group VoltDB refuses as a whole (a constraint violation, a value it rejects, a row the
// hashinator placed in the wrong partition after a topology change) ran as one transaction and
// wrote nothing: its rows are re-sent one call at a time through T.insert / T.upsert, so each
// record gets the outcome the per-row path gives it, and under THROW the rows after the failing
// one in its Kafka partition are not sent; those already written in other VoltDB partitions are
// deleted again when they were INSERTs into a table with a primary key (undo_after_refusals), and
// rows that could not be deleted (UPSERTs, INSERTs without a key) are held back while a row VoltDB
// may refuse is unanswered (must_wait), in both modes.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/result.h"
#include "pipeline/sink.h"
#include "sinks/voltdb/catalog.h"
#include "sinks/voltdb/client/client.h"
#include "sinks/voltdb/client/hashinator.h"
#include "sinks/voltdb/column_value.h"
#include "sinks/voltdb/voltdb_config.h"

namespace ksink::voltdb {

class VoltWriter : public SinkWriter {
 public:
  // Creates the client and tries to connect and read the catalog within `wait`. A problem the
  // catalog shows (unknown table, UPSERT without a primary key) or a rejected login is an
  // error; an unreachable server is not: the writer then connects when records arrive, and
  // reports them unavailable until it could.
  static Result<std::unique_ptr<VoltWriter>> open(ClientOptions options, BulkSettings bulk,
                                                  const std::vector<kcql::Statement>& statements,
                                                  const SinkContext& context,
                                                  std::chrono::milliseconds wait);
  ~VoltWriter() override;

  void write(std::span<const SinkItem> items, std::span<WriteResult> results) override;
  void submit(std::span<const SinkItem> items) override;
  void complete(std::span<WriteResult> results) override;

  struct Plan;

 private:
  VoltWriter(Client client, BulkSettings bulk, const std::vector<kcql::Statement>& statements,
             const SinkContext& context);

  // Connects (waiting at most `wait`) and reads the catalog unless that is done: Written when
  // ready, else Unavailable or Fatal with the reason.
  WriteResult prepare(std::chrono::milliseconds wait);
  WriteResult build_plans(const Catalog& catalog);
  Plan* plan_for(const kcql::Statement* s);
  // Encodes the item's parameters into args_ (one per column, or with `only` one per column
  // it lists, in its order), or returns false with the record error in `error`.
  bool encode(const SinkItem& item, Plan& plan, std::string& error,
              const std::vector<int>* only = nullptr);
  // The item's row as VoltTable cells appended to `out`; `partition_cell` gets the offset of the
  // partition column's cell in `out` (unchanged for a replicated table). ParameterOnly: the row
  // must go as parameters, but its cells (a NULL where a cell cannot hold the value) are there
  // to place it.
  CellStatus encode_cells(const SinkItem& item, Plan& plan, ByteWriter& out, size_t& partition_cell,
                          std::string& error);
  // Projects the record onto the plan's columns: the fields of the row, or nullptr with `error`.
  const Object* row_fields(const SinkItem& item, Plan& plan, Value& projected, std::string& error);
  std::string null_error(const Plan& plan, const TableColumn& col, bool has_field) const;
  void map_fields(Plan& plan, const Object& fields);
  // Invokes the next items while the client and the statements' BATCH limits allow.
  void send_more();
  void on_response(uint64_t tag, Response&& r);
  void settle(size_t i, WriteResult result);
  void block_partition(size_t i, const std::string& reason);
  // An item whose call the client would not take (no connection, not encodable, login refused).
  void settle_refused(size_t i, const Plan& plan, const Outcome& o);
  void reorder_upserts();
  // Reads @Statistics TOPO when the topology may have changed: Written, or Unavailable.
  WriteResult read_topology();

  // The bulk path (voltdb_writer_bulk.cpp).
  void submit_bulk();
  void send_more_bulk();
  bool bulk_done() const;
  bool send_group(size_t chain, std::vector<size_t>& group);
  bool send_row(size_t chain, size_t i);
  // Settles the item as not sent when an earlier record of its Kafka partition was not written.
  bool settle_if_blocked(size_t i);
  void on_group_response(uint32_t generation, size_t chain, Response&& r);
  void settle_group_unavailable(std::vector<size_t>& group, std::string reason,
                                bool maybe_executed);
  // THROW: deletes again the INSERTed rows loaded after a refused record of their Kafka
  // partition (voltdb_writer_bulk.cpp says when and why).
  void undo_after_refusals();
  // THROW: records the item as one VoltDB may still refuse, if it is (after its encoding).
  void note_refusable(size_t i, const Plan& plan);
  // THROW: whether item i, which cannot be undone, must wait for an earlier item of its Kafka
  // partition that VoltDB may still refuse and that is unanswered outside `chain` (kNoChain: the
  // per-row path, where VoltDB runs no two calls in a known order).
  bool must_wait(size_t i, const Plan& plan, size_t chain) const;
  static constexpr size_t kNoChain = SIZE_MAX;
  std::string log_prefix() const;

  struct ItemId {
    std::string topic;
    int32_t partition;
    int64_t offset;
    int statement;
    bool operator==(const ItemId&) const = default;
  };
  struct ItemIdHash {
    size_t operator()(const ItemId& id) const;
  };
  static ItemId id_of(const SinkItem& item);

  Client client_;
  const std::vector<kcql::Statement>& statements_;
  SinkContext context_;
  std::optional<Catalog> catalog_;
  std::vector<std::unique_ptr<Plan>> plans_;  // by statement number - 1; empty until ready

  // The write in progress.
  enum class ItemState : uint8_t { NotSent, InFlight, Done };
  std::span<const SinkItem> items_;
  std::vector<WriteResult> results_;
  std::vector<ItemState> state_;
  std::vector<uint64_t> keys_;  // per item: its partition's client key
  size_t next_ = 0;             // the next item to invoke
  size_t outstanding_ = 0;      // invoked items without an answer
  uint32_t generation_ = 0;     // tells answers of an abandoned write from this one's
  struct Blocked {
    size_t first;  // the earliest item of the partition that was not written
    std::string reason;
  };
  std::unordered_map<uint64_t, Blocked> blocked_;
  std::optional<WriteResult> not_ready_;  // the whole write's outcome when prepare() failed
  ByteWriter args_;  // the parameters of the item being encoded

  BulkSettings bulk_;
  bool bulk_write_ = false;  // the write in progress goes the bulk path
  std::optional<Hashinator> hashinator_;
  bool topology_stale_ = true;  // read @Statistics TOPO before the next write
  bool warned_no_topology_ = false;
  // Per item of a bulk write: where its cells are in cells_, and its chain.
  struct Row {
    uint32_t offset = 0;
    uint32_t size = 0;
    uint32_t partition_cell = 0;   // offset of the partition column's cell, from `offset`
    bool parameters_only = false;  // sent alone as T.insert / T.upsert
    uint32_t chain = 0;            // index into chains_
  };
  std::vector<Row> rows_;
  ByteWriter cells_;
  // The items of one table and VoltDB partition, in batch order; one call in flight at a time.
  struct Chain {
    uint64_t key = 0;  // client key: the chain's calls share a connection
    std::vector<size_t> items;
    size_t next = 0;                // the next item of `items` not yet taken into a call
    std::vector<size_t> in_flight;  // the items of the group in flight
    bool busy = false;
    std::vector<size_t> fallback;  // a refused group's items, re-sent one at a time
    size_t fallback_next = 0;
  };
  std::vector<Chain> chains_;
  std::vector<size_t> group_;  // scratch: the items of the group being built

  // Under THROW, nothing after a refused record of a Kafka partition may stay written (issue 15
  // point 6; docs/voltdb-sink.md "Order and replays"). Rows that can be undone are sent at once
  // and deleted again after a refusal; a row that cannot be undone (an UPSERT, an INSERT into a
  // table without a primary key) waits until every earlier row of its Kafka partition that VoltDB
  // may refuse is answered, unless VoltDB runs that row first anyway (the same chain).
  bool guard_order_ = false;        // THROW, and some statement's rows cannot be undone
  std::vector<uint8_t> refusable_;  // per item: VoltDB may refuse it for its own values
  // Per Kafka partition (client key): its refusable items without an outcome yet.
  std::unordered_map<uint64_t, std::set<size_t>> unanswered_;
  bool unchecked_ = false;  // set by encode(), encode_cells(): a value VoltDB still checks

  // INSERTs that ended with an unknown outcome and have not been written since.
  std::unordered_set<ItemId, ItemIdHash> maybe_executed_;
};

}  // namespace ksink::voltdb
