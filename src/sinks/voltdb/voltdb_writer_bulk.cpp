// The bulk path of VoltWriter (voltdb_writer.h, docs/voltdb-sink.md "How records become procedure
// calls"): rows grouped per table and VoltDB partition and loaded with @LoadSinglepartitionTable /
// @LoadMultipartitionTable as VoltDB's VoltBulkLoader does (docs/voltdb-protocol.md section 15),
// a refused group re-sent row by row.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <map>
#include <unordered_map>

#include "sinks/voltdb/client/murmur3.h"
#include "sinks/voltdb/client/table_encoder.h"
#include "sinks/voltdb/voltdb_plan.h"
#include "sinks/voltdb/voltdb_writer.h"

namespace ksink::voltdb {

using std::chrono::milliseconds;
using SinkOutcome = ksink::Outcome;

namespace {

// A group stops growing at this many bytes of rows, far below VoltDB's 50 MiB message limit
// (docs/voltdb-protocol.md section 2), whatever connect.volt.bulk.rows allows.
constexpr size_t kGroupBytes = 8 << 20;

// Without the hashinator, rows of a partitioned table are spread over this many chains by their
// key's hash (each row its own call): rows with one key stay in order on one chain.
constexpr uint32_t kChainsWithoutHashinator = 16;

int64_t read_be(const char* p, int n) {
  uint64_t v = 0;
  for (int k = 0; k < n; ++k) v = (v << 8) | static_cast<unsigned char>(p[k]);
  const int shift = 64 - 8 * n;  // sign-extend from n bytes
  return static_cast<int64_t>(v << shift) >> shift;
}

// The bytes VoltDB hashes for a partition value, read from its cell (VoltType.valueToBytes): an
// integer of any width as the 8 little-endian bytes of a long, a VARCHAR or VARBINARY as its
// bytes. Returns false for a NULL (VoltDB places it in partition 0).
bool partition_value(const char* cell, Type type, std::string& out) {
  out.clear();
  int width = 0;
  switch (type) {
    case Type::TinyInt:
      width = 1;
      break;
    case Type::SmallInt:
      width = 2;
      break;
    case Type::Integer:
      width = 4;
      break;
    case Type::BigInt:
      width = 8;
      break;
    default: {  // VARCHAR, VARBINARY: i32 length, then the bytes
      const int32_t n = static_cast<int32_t>(read_be(cell, 4));
      if (n < 0) return false;
      out.assign(cell + 4, static_cast<size_t>(n));
      return true;
    }
  }
  const auto v = static_cast<uint64_t>(read_be(cell, width));
  for (int k = 0; k < 8; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
  return true;
}

}  // namespace

void VoltWriter::submit_bulk() {
  const size_t n = items_.size();
  next_ = n;  // the per-row loop of complete() has nothing to send
  rows_.assign(n, Row{});
  cells_.clear();
  chains_.clear();
  std::unordered_map<uint64_t, size_t> chain_of;
  std::string error, value;
  for (size_t i = 0; i < n; ++i) {
    const SinkItem& item = items_[i];
    Plan* plan = plan_for(item.statement);
    if (!plan) {  // cannot happen: every statement has a plan once the catalog is read
      settle(i, {SinkOutcome::Fatal, "no VoltDB plan for the statement"});
      continue;
    }
    Row& row = rows_[i];
    const size_t start = cells_.size();
    size_t partition_cell = start;
    CellStatus st = encode_cells(item, *plan, cells_, partition_cell, error);
    if (st == CellStatus::Refused) {
      // THROW: the partition's later records are not sent (docs/voltdb-sink.md "Order and
      // replays").
      if (context_.stop_at_error) block_partition(i, "it cannot be converted");
      settle(i, {SinkOutcome::RecordError, std::move(error)});
      continue;
    }
    row.offset = static_cast<uint32_t>(start);
    row.size = static_cast<uint32_t>(cells_.size() - start);
    row.partition_cell = static_cast<uint32_t>(partition_cell - start);
    row.parameters_only = st == CellStatus::ParameterOnly;
    note_refusable(i, *plan);

    uint32_t partition = 0xffffffffu;  // replicated: one chain per table
    if (!plan->replicated) {
      const TableColumn& pcol =
          plan->table->columns[static_cast<size_t>(plan->table->partition_column)];
      const bool has_value =
          partition_value(cells_.view().data() + partition_cell, pcol.type, value);
      if (hashinator_) {
        partition = has_value ? static_cast<uint32_t>(hashinator_->partition_of_bytes(value)) : 0;
      } else {
        row.parameters_only = true;
        partition =
            has_value ? static_cast<uint32_t>(voltdb_hash(value)) % kChainsWithoutHashinator : 0;
      }
    }
    const uint64_t key = (static_cast<uint64_t>(plan->table_index) << 32) | partition;
    auto [it, fresh] = chain_of.try_emplace(key, chains_.size());
    if (fresh) {
      chains_.emplace_back();
      // Not a Kafka partition's key (those are hashes of the topic): a constant marks it apart.
      chains_.back().key = key ^ 0xB0B0000000000000ull;
    }
    chains_[it->second].items.push_back(i);
    row.chain = static_cast<uint32_t>(it->second);
  }
  send_more_bulk();
  client_.poll(milliseconds(0));  // put the calls on the wire before the task turns to Kafka
}

bool VoltWriter::bulk_done() const {
  if (outstanding_ > 0) return false;
  for (const Chain& c : chains_)
    if (c.busy || c.next < c.items.size() || c.fallback_next < c.fallback.size()) return false;
  return true;
}

void VoltWriter::send_more_bulk() {
  for (size_t c = 0; c < chains_.size(); ++c) {
    while (!chains_[c].busy) {
      if (client_.in_flight() >= client_.max_in_flight()) return;
      Chain& ch = chains_[c];
      // A refused group's rows first, one call at a time: they come before the chain's rest.
      if (ch.fallback_next < ch.fallback.size()) {
        const size_t i = ch.fallback[ch.fallback_next];
        if (must_wait(i, *plan_for(items_[i].statement), c)) break;  // after other chains' answers
        if (!send_row(c, i)) return;                                 // busy: after a poll
        ++chains_[c].fallback_next;
        continue;
      }
      if (ch.next >= ch.items.size()) break;
      // The next group: the chain's rows from `next` while they are of one statement.
      group_.clear();
      const size_t first_next = ch.next;
      Plan* plan = nullptr;
      size_t bytes = 0, single = SIZE_MAX;
      bool waiting = false;
      while (ch.next < ch.items.size()) {
        const size_t i = ch.items[ch.next];
        if (state_[i] == ItemState::Done) {  // a conversion error, settled at submit
          ++ch.next;
          continue;
        }
        if (settle_if_blocked(i)) {
          ++ch.next;
          continue;
        }
        Plan* p = plan_for(items_[i].statement);
        // THROW: a row that cannot be undone waits for its Kafka partition's earlier rows in
        // other chains that VoltDB may refuse; the group ends before it.
        if (must_wait(i, *p, c)) {
          waiting = group_.empty();
          break;
        }
        if (rows_[i].parameters_only) {
          if (group_.empty()) {
            single = i;
            ++ch.next;
          }
          break;
        }
        if (plan &&
            (p != plan || group_.size() >= bulk_.rows || bytes + rows_[i].size > kGroupBytes))
          break;
        plan = p;
        group_.push_back(i);
        bytes += rows_[i].size;
        ++ch.next;
      }
      bool sent = true;
      if (single != SIZE_MAX)
        sent = send_row(c, single);
      else if (!group_.empty())
        sent = send_group(c, group_);
      if (!sent) {  // the client is busy: take the same rows again after a poll
        chains_[c].next = first_next;
        return;
      }
      if (waiting) break;  // the next chain, until answers come
    }
  }
}

bool VoltWriter::settle_if_blocked(size_t i) {
  // Chains advance independently: only the records after the one that failed stay unsent.
  auto b = blocked_.empty() ? blocked_.end() : blocked_.find(keys_[i]);
  if (b == blocked_.end() || i <= b->second.first) return false;
  settle(i, {SinkOutcome::Unavailable,
             fmt::format("not sent, to keep partition order: an earlier record of {}-{} was not "
                         "written ({})",
                         items_[i].record->topic, items_[i].record->partition, b->second.reason)});
  return true;
}

bool VoltWriter::send_row(size_t c, size_t i) {
  const SinkItem& item = items_[i];
  if (state_[i] == ItemState::Done || settle_if_blocked(i)) return true;
  Plan& plan = *plan_for(item.statement);
  if (plan.in_flight >= plan.cap) return false;
  std::string error;
  if (!encode(item, plan, error)) {
    if (context_.stop_at_error) block_partition(i, "it cannot be converted");
    settle(i, {SinkOutcome::RecordError, std::move(error)});
    return true;
  }
  const uint64_t tag = (static_cast<uint64_t>(generation_) << 32) | static_cast<uint64_t>(i);
  const uint32_t generation = generation_;
  Submission sub = client_.invoke_encoded(
      chains_[c].key, plan.procedure, args_.view(),
      [this, tag, generation, c](Response&& r) {
        on_response(tag, std::move(r));
        if (generation == generation_) chains_[c].busy = false;
      },
      ResultTables::Skip);
  switch (sub.state) {
    case Submission::State::Accepted:
      state_[i] = ItemState::InFlight;
      ++outstanding_;
      ++plan.in_flight;
      chains_[c].busy = true;
      return true;
    case Submission::State::Busy:
      return false;
    case Submission::State::Refused:
      settle_refused(i, plan, sub.refusal);
      return true;
  }
  return true;
}

bool VoltWriter::send_group(size_t c, std::vector<size_t>& group) {
  Plan& plan = *plan_for(items_[group.front()].statement);
  if (plan.in_flight >= plan.cap) return false;
  const bool single_partition = !plan.replicated;
  // VoltBulkLoader's parameters (docs/voltdb-protocol.md section 15): [the first row's partition
  // value as bytes,] the table name, the upsert flag, the rows as a VoltTable.
  args_.clear();
  args_.i16(single_partition ? 4 : 3);
  if (single_partition) {
    const Row& first = rows_[group.front()];
    std::string value;
    const TableColumn& pcol =
        plan.table->columns[static_cast<size_t>(plan.table->partition_column)];
    partition_value(cells_.view().data() + first.offset + first.partition_cell, pcol.type, value);
    args_.i8(static_cast<int8_t>(Type::VarBinary));
    args_.string(value);
  }
  args_.i8(static_cast<int8_t>(Type::String));
  args_.string(plan.table->name);
  args_.i8(static_cast<int8_t>(Type::TinyInt));
  args_.i8(plan.upsert ? 1 : 0);
  args_.i8(static_cast<int8_t>(Type::VoltTable));
  TableEncoder table(args_, plan.load_columns);
  for (size_t i : group) table.add_row(cells_.view().substr(rows_[i].offset, rows_[i].size));
  table.finish();

  const uint32_t generation = generation_;
  Submission sub = client_.invoke_encoded(
      chains_[c].key, single_partition ? "@LoadSinglepartitionTable" : "@LoadMultipartitionTable",
      args_.view(),
      [this, generation, c](Response&& r) { on_group_response(generation, c, std::move(r)); },
      ResultTables::Skip);
  Chain& ch = chains_[c];
  switch (sub.state) {
    case Submission::State::Accepted:
      for (size_t i : group) state_[i] = ItemState::InFlight;
      ch.in_flight = group;
      ch.busy = true;
      ++outstanding_;
      ++plan.in_flight;
      return true;
    case Submission::State::Busy:
      return false;
    case Submission::State::Refused:
      if (sub.refusal.kind == OutcomeKind::TargetUnavailable) {
        settle_group_unavailable(group, sub.refusal.message, false);
      } else {  // e.g. a group too large for one message: its rows go one by one
        ch.fallback = group;
        ch.fallback_next = 0;
      }
      return true;
  }
  return true;
}

void VoltWriter::settle_group_unavailable(std::vector<size_t>& group, std::string reason,
                                          bool maybe_executed) {
  for (size_t i : group) {
    if (maybe_executed) maybe_executed_.insert(id_of(items_[i]));
    block_partition(i, reason);
    settle(i, {SinkOutcome::Unavailable, reason});
  }
}

void VoltWriter::on_group_response(uint32_t generation, size_t c, Response&& r) {
  if (generation != generation_) return;  // an abandoned write's call
  Chain& ch = chains_[c];
  std::vector<size_t> group = std::move(ch.in_flight);
  ch.in_flight.clear();
  ch.busy = false;
  --outstanding_;
  Plan& plan = *plan_for(items_[group.front()].statement);
  --plan.in_flight;
  if (r.success()) {
    for (size_t i : group) {
      if (!plan.upsert && !maybe_executed_.empty()) maybe_executed_.erase(id_of(items_[i]));
      settle(i, {});
    }
    return;
  }
  const Outcome o = classify(r);
  // A full table (LIMIT PARTITION ROWS) refuses the whole group, though some of its rows may fit:
  // they go one by one below, the first that does not fit is unavailable.
  if (o.kind == OutcomeKind::TargetUnavailable && !is_table_full(r)) {
    // A topology change shows as lost connections: read it again before the next write.
    topology_stale_ = true;
    settle_group_unavailable(group, without_values(o.message), o.maybe_executed && !plan.upsert);
    return;
  }
  // Refused as a whole: the group ran as one transaction and wrote nothing. Its rows go one call
  // each, in order, so that only the rows at fault are record errors (or, for a full table, only
  // the rows that do not fit are unavailable).
  const std::string text = r.status_string.value_or("");
  if (text.find("Mispartitioned") != std::string::npos) {
    // The hashinator changed (an elastic resize): the rows are routed by the server meanwhile.
    topology_stale_ = true;
    spdlog::info(
        "{} VoltDB refused a group of table {} as mispartitioned; reading the topology "
        "again",
        log_prefix(), plan.table->name);
  } else if (o.kind == OutcomeKind::Misconfiguration) {
    // No permission for the load procedures, or a server without them: per row from now on.
    spdlog::warn(
        "{} VoltDB refused {} for table {} ({}); writing one call per record from now "
        "on",
        log_prefix(), plan.replicated ? "@LoadMultipartitionTable" : "@LoadSinglepartitionTable",
        plan.table->name, without_values(o.message));
    bulk_.enabled = false;
  }
  for (size_t i : group) state_[i] = ItemState::NotSent;
  ch.fallback = std::move(group);
  ch.fallback_next = 0;
}

// THROW, both modes (docs/voltdb-sink.md "Order and replays"). A Kafka partition's rows spread
// over VoltDB partitions whose calls run at once, so when VoltDB refuses one of its records, later
// rows of that Kafka partition may already be written in other VoltDB partitions: VoltDB has no
// transaction across partitions for them (LoadMultipartitionTable refuses partitioned tables). An
// INSERT into a table with a primary key is undone with the table's T.delete: its INSERT
// succeeded, so no row with its key existed before, and deleting it leaves the table as if it had
// never been sent; after the fix and a restart it is written once. An UPSERT may have replaced a
// row, and a table without a key has no T.delete: such rows wait for the answers of the rows VoltDB
// may refuse (must_wait), so they are found here only after a refusal nobody foresaw; they stay,
// and a line says so.
void VoltWriter::undo_after_refusals() {
  struct Partition {
    size_t failed = 0;
    std::vector<size_t> undo;
    size_t kept = 0;
  };
  std::map<uint64_t, Partition> partitions;
  for (const auto& [key, b] : blocked_) {
    if (results_[b.first].outcome != SinkOutcome::RecordError) continue;
    Partition p{b.first, {}, 0};
    for (size_t j = b.first + 1; j < items_.size(); ++j) {
      if (keys_[j] != key || results_[j].outcome != SinkOutcome::Written) continue;
      const Plan& plan = *plan_for(items_[j].statement);
      if (!plan.upsert && !plan.table->primary_key.empty()) {
        p.undo.push_back(j);
      } else {
        ++p.kept;
      }
    }
    if (!p.undo.empty() || p.kept > 0) partitions.emplace(key, std::move(p));
  }
  for (auto& [key, p] : partitions) {
    const Record& failed = *items_[p.failed].record;
    const std::string where =
        fmt::format("{}-{}@{}", failed.topic, failed.partition, failed.offset);
    size_t pending = 0, undone = 0;
    std::string trouble;
    for (size_t j : p.undo) {
      Plan& plan = *plan_for(items_[j].statement);
      std::string error;
      if (!encode(items_[j], plan, error, &plan.table->primary_key)) {
        trouble = error;  // cannot happen: the row was written from these values
        continue;
      }
      const std::string procedure = plan.table->name + ".delete";
      for (;;) {
        Submission sub = client_.invoke_encoded(
            keys_[j], procedure, args_.view(),
            [&, j](Response&& r) {
              --pending;
              if (!r.success()) {
                trouble = without_values(classify(r).message);
                return;
              }
              ++undone;
              settle(j, {SinkOutcome::Unavailable,
                         fmt::format("not written: loaded after {} was refused, and deleted again "
                                     "(error policy THROW)",
                                     where)});
            },
            ResultTables::Skip);
        if (sub.state == Submission::State::Busy) {
          client_.poll(milliseconds(100));  // answers free room; args_ stays as encoded
          continue;
        }
        if (sub.state == Submission::State::Accepted) {
          ++pending;
        } else {
          trouble = without_values(sub.refusal.message);
        }
        break;
      }
    }
    while (pending > 0) client_.poll(milliseconds(100));  // every call is answered or times out
    if (undone > 0)
      spdlog::warn(
          "{} VoltDB refused {}; {} later row(s) of its Kafka partition were already written "
          "(calls run at once across VoltDB partitions) and are deleted again, so that the "
          "restart writes them once",
          log_prefix(), where, undone);
    if (undone < p.undo.size())
      spdlog::warn(
          "{} VoltDB refused {}; {} later row(s) of its Kafka partition already written could "
          "not be deleted again ({}): they stay, and after the restart their INSERTs meet them "
          "as UNIQUE violations",
          log_prefix(), where, p.undo.size() - undone, trouble);
    if (p.kept > 0)
      spdlog::warn(
          "{} VoltDB refused {}, a refusal ksink did not foresee; {} later row(s) of its Kafka "
          "partition were already written and stay: UPSERTs, written again harmlessly after the "
          "restart, or INSERTs into a table without a primary key, added again",
          log_prefix(), where, p.kept);
  }
}

}  // namespace ksink::voltdb
