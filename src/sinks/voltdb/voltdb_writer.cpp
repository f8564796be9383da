#include "sinks/voltdb/voltdb_writer.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <limits>

#include "kcql/projection.h"
#include "sinks/voltdb/column_value.h"
#include "sinks/voltdb/voltdb_plan.h"

namespace ksink::voltdb {

using std::chrono::milliseconds;
// The runtime's outcome of an item, not the client's outcome of a call.
using SinkOutcome = ksink::Outcome;

namespace {

uint64_t partition_key(const Record& r) {
  return std::hash<std::string_view>{}(r.topic) ^
         (static_cast<uint64_t>(static_cast<uint32_t>(r.partition)) * 0x9E3779B97F4A7C15ull);
}

std::string statement_text(const kcql::Statement& s) {
  return fmt::format("KCQL statement {}", s.number);
}

// VoltDB names a parameter by its 0-based index; the user knows the column.
std::string with_column_names(std::string text, const TableInfo& table) {
  static constexpr std::string_view kParameter = "FOR PARAMETER ";
  if (auto at = text.find(kParameter); at != std::string::npos) {
    size_t digits = at + kParameter.size(), end = digits;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    size_t index = 0;
    for (size_t k = digits; k < end; ++k) index = index * 10 + static_cast<size_t>(text[k] - '0');
    if (end > digits && index < table.columns.size())
      text.insert(end, " (column " + table.columns[index].name + ")");
  }
  if (text.find(" PARAMS, BUT RECEIVED ") != std::string::npos)
    text += " (table " + table.name +
            " changed since the task started: restart the connector "
            "so that it reads the table again)";
  return text;
}

bool is_unique_violation(const Response& r) {
  return is_constraint_violation(r) &&
         r.status_string->find("Constraint Type UNIQUE") != std::string::npos;
}

}  // namespace

// The server's words without what they quote of the record: constraint violations list the rows
// ("Relevant Tuples"), some SQL and conversion errors quote the value.
std::string without_values(std::string text) {
  if (auto cut = text.find("\nRelevant Tuples:"); cut != std::string::npos) text.resize(cut);
  auto remove_between = [&](std::string_view open, std::string_view close,
                            std::string_view replacement) {
    size_t from = 0;
    while ((from = text.find(open, from)) != std::string::npos) {
      size_t start = from + open.size();
      size_t end = text.find(close, start);
      if (end == std::string::npos) break;
      text.replace(start, end - start, replacement);
      from = start + replacement.size() + close.size();
    }
  };
  remove_between("of the value '", "' exceeds", "…");
  remove_between("Unable to convert string ", " to ", "(value withheld)");
  remove_between(" with value ", " can't be cast", " (value withheld)");
  remove_between("Parameter value ", ", partition column", "(withheld)");
  remove_between("The provided value: (", ") of type", "withheld");
  for (char& c : text)
    if (c == '\n') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.size() > 600) text = text.substr(0, 600) + "…";
  return text;
}

size_t VoltWriter::ItemIdHash::operator()(const ItemId& id) const {
  return std::hash<std::string>{}(id.topic) ^ (std::hash<int64_t>{}(id.offset) * 31) ^
         (static_cast<size_t>(id.partition) << 20) ^ static_cast<size_t>(id.statement);
}

VoltWriter::ItemId VoltWriter::id_of(const SinkItem& item) {
  return {item.record->topic, item.record->partition, item.record->offset, item.statement->number};
}

VoltWriter::VoltWriter(Client client, BulkSettings bulk,
                       const std::vector<kcql::Statement>& statements, const SinkContext& context)
    : client_(std::move(client)), statements_(statements), context_(context), bulk_(bulk) {}

VoltWriter::~VoltWriter() = default;

std::string VoltWriter::log_prefix() const {
  return fmt::format("[{}|task-{}]", context_.connector, context_.task_id);
}

Result<std::unique_ptr<VoltWriter>> VoltWriter::open(ClientOptions options, BulkSettings bulk,
                                                     const std::vector<kcql::Statement>& statements,
                                                     const SinkContext& context,
                                                     milliseconds wait) {
  std::string prefix = fmt::format("[{}|task-{}]", context.connector, context.task_id);
  options.on_event = [prefix](std::string_view event) {
    spdlog::info("{} VoltDB: {}", prefix, event);
  };
  auto client = Client::create(std::move(options));
  if (!client) return Error{"VoltDB sink: " + client.error().message};
  std::unique_ptr<VoltWriter> writer(new VoltWriter(std::move(*client), bulk, statements, context));
  WriteResult ready = writer->prepare(wait);
  if (ready.outcome == SinkOutcome::Fatal) return Error{ready.message};
  if (ready.outcome == SinkOutcome::Unavailable)
    spdlog::warn(
        "{} VoltDB is not reachable yet ({}); the sink keeps trying and checks the "
        "tables when it gets through",
        prefix, ready.message);
  return writer;
}

WriteResult VoltWriter::prepare(milliseconds wait) {
  // The client reconnects only while it is polled: with no connection left, give it the time
  // to try once before the calls would be refused.
  if (client_.live_connections() == 0) {
    Outcome o = client_.connect(wait);
    if (o.kind == OutcomeKind::Misconfiguration)
      return {SinkOutcome::Fatal,
              o.message + " (check connect.volt.username and connect.volt.password)"};
    if (client_.live_connections() == 0) return {SinkOutcome::Unavailable, o.message};
  }
  if (!plans_.empty()) return read_topology();
  auto read = [&](const char* selector, std::optional<VoltTable>& out) -> WriteResult {
    Param p = Param::string(selector);
    CallResult r = client_.call("@SystemCatalog", std::span<const Param>(&p, 1));
    if (r.outcome.ok() && r.response && !r.response->tables.empty()) {
      out = std::move(r.response->tables.front());
      return {};
    }
    std::string what =
        fmt::format("cannot read the VoltDB catalog (@SystemCatalog {}): {}", selector,
                    r.outcome.ok() ? "no result table" : r.outcome.message);
    if (r.outcome.kind == OutcomeKind::TargetUnavailable) return {SinkOutcome::Unavailable, what};
    return {SinkOutcome::Fatal, what};
  };
  std::optional<VoltTable> columns, keys;
  if (WriteResult r = read("COLUMNS", columns); r.outcome != SinkOutcome::Written) return r;
  if (WriteResult r = read("PRIMARYKEYS", keys); r.outcome != SinkOutcome::Written) return r;
  // Which unique indexes may refuse a row (docs/voltdb-sink.md "Order and replays"). A server
  // that cannot say is assumed to have any: the sink then only waits more under THROW.
  std::optional<VoltTable> indexes;
  if (WriteResult r = read("INDEXINFO", indexes); r.outcome == SinkOutcome::Unavailable)
    return r;
  else if (r.outcome != SinkOutcome::Written)  // `indexes` stays empty
    spdlog::warn("{} {}; every table is taken to have unique indexes besides its primary key",
                 log_prefix(), r.message);
  auto catalog = Catalog::from_tables(*columns, &*keys, indexes ? &*indexes : nullptr);
  if (!catalog) return {SinkOutcome::Fatal, catalog.error().message};
  catalog_ = std::move(*catalog);
  if (WriteResult r = build_plans(*catalog_); r.outcome != SinkOutcome::Written) return r;
  return read_topology();
}

WriteResult VoltWriter::read_topology() {
  if (!bulk_.enabled || !topology_stale_) return {};
  bool partitioned = false;
  for (const auto& p : plans_) partitioned |= !p->replicated;
  if (!partitioned) {  // replicated tables need no hashinator
    topology_stale_ = false;
    return {};
  }
  // As VoltDB's Java client learns it (docs/voltdb-protocol.md section 15).
  Param params[] = {Param::string("TOPO"), Param::integer(0)};
  CallResult r = client_.call("@Statistics", params);
  if (r.outcome.kind == OutcomeKind::TargetUnavailable)
    return {SinkOutcome::Unavailable,
            "cannot read the VoltDB topology (@Statistics TOPO): " + r.outcome.message};
  topology_stale_ = false;
  Result<Hashinator> h = r.outcome.ok() && r.response
                             ? Hashinator::from_topology(r.response->tables)
                             : Result<Hashinator>(Error{r.outcome.message});
  if (h) {
    hashinator_ = std::move(*h);
    return {};
  }
  // Loading needs the hashinator; without it every row of a partitioned table is its own call.
  hashinator_.reset();
  if (!warned_no_topology_) {
    warned_no_topology_ = true;
    spdlog::warn(
        "{} cannot read the VoltDB topology with @Statistics TOPO ({}); rows of partitioned "
        "tables are written one call per record",
        log_prefix(), h.error().message);
  }
  return {};
}

WriteResult VoltWriter::build_plans(const Catalog& catalog) {
  std::vector<std::unique_ptr<Plan>> plans;
  for (const auto& s : statements_) {
    auto plan = std::make_unique<Plan>();
    plan->statement = &s;
    bool ambiguous = false;
    plan->table = catalog.find(s.target, &ambiguous);
    if (!plan->table) {
      return {SinkOutcome::Fatal,
              ambiguous
                  ? fmt::format("{}: several VoltDB tables are named '{}' apart from case; write "
                                "the target exactly as the table is named (tables: {})\n  {}",
                                statement_text(s), s.target, catalog.table_names(), s.text)
                  : fmt::format("{}: VoltDB has no table '{}'; the {} INTO target must be one of "
                                "the tables: {}\n  {}",
                                statement_text(s), s.target,
                                s.operation == kcql::Operation::Upsert ? "UPSERT" : "INSERT",
                                catalog.table_names(), s.text)};
    }
    plan->upsert = s.operation == kcql::Operation::Upsert;
    if (plan->upsert && !plan->table->has_primary_key)
      return {
          SinkOutcome::Fatal,
          fmt::format("{}: UPSERT INTO {} needs a primary key on table {}, and it has none "
                      "(VoltDB generates {}.upsert only for tables with one): add a primary "
                      "key to the table or write INSERT INTO\n  {}",
                      statement_text(s), s.target, plan->table->name, plan->table->name, s.text)};
    plan->procedure = plan->table->name + (plan->upsert ? ".upsert" : ".insert");
    plan->may_refuse = plan->table->unique_key_may_refuse(plan->upsert);
    plan->undoable = !plan->upsert && !plan->table->primary_key.empty();
    plan->replicated = plan->table->partition_column < 0;
    plan->table_index = static_cast<size_t>(plan->table - catalog.tables().data());
    for (const auto& c : plan->table->columns) plan->load_columns.push_back({c.name, c.type});
    plan->identity = s.select_all && s.columns.empty() && s.ignore.empty();
    plan->reads_value = s.select_all;
    for (const auto& c : s.columns) plan->reads_value |= c.path.source == kcql::Source::Value;
    if (s.batch_size) plan->cap = static_cast<size_t>(*s.batch_size);
    plans.push_back(std::move(plan));
  }
  plans_ = std::move(plans);
  guard_order_ = false;
  for (const auto& p : plans_) guard_order_ |= context_.stop_at_error && !p->undoable;
  for (const auto& p : plans_) {
    if (bulk_.enabled)
      spdlog::info(
          "{} {} writes to VoltDB table {} with {} in groups of up to {} rows{}, and {} "
          "for the rows of a group VoltDB refuses ({} columns)",
          log_prefix(), statement_text(*p->statement), p->table->name,
          p->replicated ? "@LoadMultipartitionTable" : "@LoadSinglepartitionTable", bulk_.rows,
          p->replicated ? "" : " per partition", p->procedure, p->table->columns.size());
    else
      spdlog::info("{} {} writes to VoltDB table {} with {} ({} columns)", log_prefix(),
                   statement_text(*p->statement), p->table->name, p->procedure,
                   p->table->columns.size());
  }
  return {};
}

VoltWriter::Plan* VoltWriter::plan_for(const kcql::Statement* s) {
  size_t i = static_cast<size_t>(s->number - 1);
  if (i < plans_.size() && plans_[i]->statement == s) return plans_[i].get();
  for (auto& p : plans_)
    if (p->statement == s) return p.get();
  return nullptr;
}

// Which field fills each column: the first whose name matches it, ignoring case.
void VoltWriter::map_fields(Plan& plan, const Object& fields) {
  const TableInfo& table = *plan.table;
  plan.field_of.assign(table.columns.size(), -1);
  plan.shape.clear();
  for (size_t f = 0; f < fields.size(); ++f) {
    const std::string& field = fields[f].first;
    plan.shape.push_back(field);
    int c = plan.column_of(field);
    if (c < 0) {
      if (!plan.warned_unmatched) {
        plan.warned_unmatched = true;
        spdlog::warn(
            "{} {}: field '{}' matches no column of table {} ({}) and is ignored (this "
            "warning is shown once per statement)",
            log_prefix(), statement_text(*plan.statement), field, table.name, plan.column_names());
      }
      continue;
    }
    int& source = plan.field_of[static_cast<size_t>(c)];
    if (source >= 0) {
      if (!plan.warned_duplicate) {
        plan.warned_duplicate = true;
        spdlog::warn(
            "{} {}: several fields match column {} of table {} ignoring case; the first "
            "is written, field '{}' is ignored (shown once per statement)",
            log_prefix(), statement_text(*plan.statement),
            table.columns[static_cast<size_t>(c)].name, table.name, field);
      }
      continue;
    }
    source = static_cast<int>(f);
  }
  plan.shape_known = true;
}

const Object* VoltWriter::row_fields(const SinkItem& item, Plan& plan, Value& projected,
                                     std::string& error) {
  const Record& rec = *item.record;
  const TableInfo& table = *plan.table;
  if (plan.reads_value && !rec.value.is_object()) {
    error = fmt::format(
        "{}: the record value is {}, not a record with fields; table {} needs "
        "fields named like its columns ({})",
        statement_text(*plan.statement),
        rec.value.is_null() ? "null" : "a " + std::string(kind_name(rec.value.kind())), table.name,
        plan.column_names());
    return nullptr;
  }
  const Value* row = &rec.value;
  if (!plan.identity) {
    projected = kcql::project(*plan.statement, rec);
    row = &projected;
  }
  if (!row->is_object()) {
    error = fmt::format("{}: the selected value is a {}, not fields for table {}",
                        statement_text(*plan.statement), kind_name(row->kind()), table.name);
    return nullptr;
  }
  const Object& fields = row->as_object();
  if (!plan.same_shape(fields)) map_fields(plan, fields);
  return &fields;
}

std::string VoltWriter::null_error(const Plan& plan, const TableColumn& col, bool has_field) const {
  const std::string& table = plan.table->name;
  return has_field ? fmt::format(
                         "{}: column {} of table {} is NOT NULL but the record's field "
                         "for it is null",
                         statement_text(*plan.statement), col.name, table)
                   : fmt::format(
                         "{}: column {} of table {} is NOT NULL but the record has no "
                         "field for it (select a field named {} or rename one with AS {})",
                         statement_text(*plan.statement), col.name, table, col.name, col.name);
}

bool VoltWriter::encode(const SinkItem& item, Plan& plan, std::string& error,
                        const std::vector<int>* only) {
  Value projected;
  const Object* row = row_fields(item, plan, projected, error);
  if (!row) return false;
  const Object& fields = *row;
  const TableInfo& table = *plan.table;
  const size_t ncols = table.columns.size();
  const std::vector<int>& field_of = plan.field_of;
  // One parameter per column, in column order, straight into the call's parameter set.
  const size_t nparams = only ? only->size() : ncols;
  args_.clear();
  args_.i16(static_cast<int16_t>(nparams));
  std::string problem;
  unchecked_ = false;
  for (size_t k = 0; k < nparams; ++k) {
    const size_t c = only ? static_cast<size_t>((*only)[k]) : k;
    const TableColumn& col = table.columns[c];
    const int f = field_of[c];
    const Value* value = f >= 0 ? &fields[static_cast<size_t>(f)].second : nullptr;
    if (!value || value->is_null()) {
      if (col.nullable) {
        args_.i8(static_cast<int8_t>(Type::Null));
        continue;
      }
      error = null_error(plan, col, value != nullptr);
      return false;
    }
    if (!encode_column_value(*value, col, args_, problem, &unchecked_)) {
      error = fmt::format("{}: field '{}' does not fit column {} {} of table {}: {}",
                          statement_text(*plan.statement), fields[static_cast<size_t>(f)].first,
                          col.name, column_type_text(col), table.name, problem);
      return false;
    }
  }
  return true;
}

CellStatus VoltWriter::encode_cells(const SinkItem& item, Plan& plan, ByteWriter& out,
                                    size_t& partition_cell, std::string& error) {
  Value projected;
  const Object* row = row_fields(item, plan, projected, error);
  if (!row) return CellStatus::Refused;
  const Object& fields = *row;
  const TableInfo& table = *plan.table;
  const size_t start = out.size();
  std::string problem;
  static const Value kNull;
  bool parameters_only = false;
  unchecked_ = false;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const TableColumn& col = table.columns[c];
    const int f = plan.field_of[c];
    const Value* value = f >= 0 ? &fields[static_cast<size_t>(f)].second : nullptr;
    if ((!value || value->is_null()) && !col.nullable) {
      out.truncate(start);
      error = null_error(plan, col, value != nullptr);
      return CellStatus::Refused;
    }
    if (static_cast<int>(c) == table.partition_column) partition_cell = out.size();
    CellStatus st = encode_column_cell(value ? *value : kNull, col, out, problem, &unchecked_);
    if (st == CellStatus::Written) continue;
    if (st == CellStatus::ParameterOnly) {
      // The row goes as parameters, but its partition cell is still needed to place it: keep
      // the cells going with a NULL in this one. VoltDB parses that value (a TIMESTAMP as text).
      parameters_only = true;
      unchecked_ = true;
      encode_column_cell(kNull, col, out, problem);
      continue;
    }
    out.truncate(start);
    error = fmt::format("{}: field '{}' does not fit column {} {} of table {}: {}",
                        statement_text(*plan.statement), fields[static_cast<size_t>(f)].first,
                        col.name, column_type_text(col), table.name, problem);
    return st;
  }
  return parameters_only ? CellStatus::ParameterOnly : CellStatus::Written;
}

void VoltWriter::write(std::span<const SinkItem> items, std::span<WriteResult> results) {
  submit(items);
  complete(results);
}

void VoltWriter::submit(std::span<const SinkItem> items) {
  ++generation_;
  items_ = items;
  const size_t n = items.size();
  results_.assign(n, WriteResult{});
  state_.assign(n, ItemState::NotSent);
  keys_.resize(n);
  for (size_t i = 0; i < n; ++i) keys_[i] = partition_key(*items[i].record);
  next_ = 0;
  outstanding_ = 0;
  blocked_.clear();
  refusable_.assign(n, 0);
  unanswered_.clear();
  not_ready_.reset();
  bulk_write_ = false;
  chains_.clear();
  for (auto& p : plans_) p->in_flight = 0;

  WriteResult ready = prepare(milliseconds(2000));
  if (ready.outcome != SinkOutcome::Written) {
    not_ready_ = std::move(ready);
    return;
  }
  bulk_write_ = bulk_.enabled;
  if (bulk_write_) {
    submit_bulk();
    return;
  }
  send_more();
  client_.poll(milliseconds(0));  // put the calls on the wire before the task turns to Kafka
}

void VoltWriter::complete(std::span<WriteResult> results) {
  if (not_ready_) {
    for (auto& r : results) r = *not_ready_;
    return;
  }
  if (bulk_write_) {
    while (!bulk_done()) {
      send_more_bulk();
      if (bulk_done()) break;
      client_.poll(milliseconds(100));
    }
  }
  while (next_ < items_.size() || outstanding_ > 0) {
    send_more();
    if (next_ >= items_.size() && outstanding_ == 0) break;
    client_.poll(milliseconds(100));
  }
  if (context_.stop_at_error && !blocked_.empty()) undo_after_refusals();
  reorder_upserts();
  for (size_t i = 0; i < results.size() && i < results_.size(); ++i)
    results[i] = std::move(results_[i]);
}

void VoltWriter::settle(size_t i, WriteResult result) {
  results_[i] = std::move(result);
  state_[i] = ItemState::Done;
  if (refusable_[i]) {
    auto it = unanswered_.find(keys_[i]);
    if (it != unanswered_.end() && it->second.erase(i) && it->second.empty()) unanswered_.erase(it);
  }
}

void VoltWriter::note_refusable(size_t i, const Plan& plan) {
  if (!guard_order_ || !(plan.may_refuse || unchecked_)) return;
  refusable_[i] = 1;
  unanswered_[keys_[i]].insert(i);
}

bool VoltWriter::must_wait(size_t i, const Plan& plan, size_t chain) const {
  if (unanswered_.empty() || plan.undoable) return false;
  auto it = unanswered_.find(keys_[i]);
  if (it == unanswered_.end()) return false;
  for (size_t j : it->second) {
    if (j >= i) return false;
    // In one chain VoltDB runs the groups in order: a refusal there stops the rows after it.
    if (chain == kNoChain || rows_[j].chain != chain) return true;
  }
  return false;
}

void VoltWriter::block_partition(size_t i, const std::string& reason) {
  auto [it, inserted] = blocked_.try_emplace(keys_[i], Blocked{i, reason});
  if (!inserted && i < it->second.first) it->second.first = i;
}

void VoltWriter::send_more() {
  const size_t n = items_.size();
  while (next_ < n) {
    const size_t i = next_;
    const SinkItem& item = items_[i];
    if (auto b = blocked_.empty() ? blocked_.end() : blocked_.find(keys_[i]);
        b != blocked_.end()) {
      settle(i, {SinkOutcome::Unavailable,
                 fmt::format("not sent, to keep partition order: an earlier record of {}-{} was "
                             "not written ({})",
                             item.record->topic, item.record->partition, b->second.reason)});
      ++next_;
      continue;
    }
    Plan* plan = plan_for(item.statement);
    if (!plan) {  // cannot happen: every statement has a plan once the catalog is read
      settle(i, {SinkOutcome::Fatal, fmt::format("{}: no VoltDB plan for the statement",
                                                 statement_text(*item.statement))});
      ++next_;
      continue;
    }
    if (plan->in_flight >= plan->cap || client_.in_flight() >= client_.max_in_flight()) return;
    // Calls run at once across VoltDB partitions: a row that cannot be undone waits for the
    // answers of its Kafka partition's earlier rows that VoltDB may refuse (THROW).
    if (must_wait(i, *plan, kNoChain)) return;
    std::string error;
    if (!encode(item, *plan, error)) {
      // THROW: the partition's later records are not sent (docs/voltdb-sink.md "Order and
      // replays").
      if (context_.stop_at_error) block_partition(i, "it cannot be converted");
      settle(i, {SinkOutcome::RecordError, std::move(error)});
      ++next_;
      continue;
    }
    note_refusable(i, *plan);  // before the call: its answer erases it
    const uint64_t tag = (static_cast<uint64_t>(generation_) << 32) | static_cast<uint64_t>(i);
    // Only the status matters: the modified_tuples table is not decoded.
    Submission sub = client_.invoke_encoded(
        keys_[i], plan->procedure, args_.view(),
        [this, tag](Response&& r) { on_response(tag, std::move(r)); }, ResultTables::Skip);
    switch (sub.state) {
      case Submission::State::Accepted:
        state_[i] = ItemState::InFlight;
        ++outstanding_;
        ++plan->in_flight;
        break;
      case Submission::State::Busy:
        return;  // try again after a poll
      case Submission::State::Refused:
        settle_refused(i, *plan, sub.refusal);
        break;
    }
    ++next_;
  }
}

void VoltWriter::settle_refused(size_t i, const Plan& plan, const Outcome& o) {
  if (o.kind == OutcomeKind::TargetUnavailable) {
    settle(i, {SinkOutcome::Unavailable, o.message});
    block_partition(i, o.message);
  } else if (o.kind == OutcomeKind::Misconfiguration) {
    settle(i, {SinkOutcome::Fatal,
               o.message + " (check connect.volt.username and connect.volt.password)"});
  } else {
    settle(i, {SinkOutcome::RecordError,
               fmt::format("{}: {} call cannot be sent: {}", statement_text(*plan.statement),
                           plan.procedure, o.message)});
  }
}

void VoltWriter::on_response(uint64_t tag, Response&& r) {
  if (static_cast<uint32_t>(tag >> 32) != generation_) return;  // an abandoned write's call
  const size_t i = static_cast<size_t>(tag & 0xffffffffu);
  if (i >= items_.size() || state_[i] != ItemState::InFlight) return;
  const SinkItem& item = items_[i];
  Plan& plan = *plan_for(item.statement);
  --outstanding_;
  --plan.in_flight;
  const bool insert = !plan.upsert;
  auto resolved = [&] {
    if (insert && !maybe_executed_.empty()) maybe_executed_.erase(id_of(item));
  };
  // Nearly every answer is a success, which needs no classifying in words.
  const Outcome o = r.success() ? Outcome{} : classify(r);
  switch (o.kind) {
    case OutcomeKind::Success:
      resolved();
      settle(i, {});
      return;
    case OutcomeKind::RecordError:
      if (insert && is_unique_violation(r) && maybe_executed_.erase(id_of(item))) {
        // Its own row from the attempt whose answer was lost (see the header).
        spdlog::info(
            "{} {}-{}@{}: {} met a row with its key after an earlier attempt of unknown "
            "outcome; counted as written",
            log_prefix(), item.record->topic, item.record->partition, item.record->offset,
            plan.procedure);
        settle(i, {});
        return;
      }
      resolved();
      // THROW: the partition's records not sent yet stay unsent; those already in flight that
      // ran are deleted again if they can be (undo_after_refusals), and those that cannot be
      // were not sent (must_wait; docs/voltdb-sink.md "Order and replays").
      if (context_.stop_at_error) block_partition(i, "VoltDB refused it");
      settle(i, {SinkOutcome::RecordError,
                 fmt::format("{}: VoltDB {} failed: {}", statement_text(*item.statement),
                             plan.procedure,
                             with_column_names(without_values(o.message), *plan.table))});
      return;
    case OutcomeKind::TargetUnavailable: {
      if (insert && o.maybe_executed) maybe_executed_.insert(id_of(item));
      std::string reason = without_values(o.message);
      block_partition(i, reason);
      settle(i, {SinkOutcome::Unavailable, std::move(reason)});
      return;
    }
    case OutcomeKind::Misconfiguration: {
      std::string hint =
          o.message.find("was not found") != std::string::npos
              ? plan.upsert ? " (does table " + plan.table->name + " still have a primary key?)"
                            : " (does table " + plan.table->name + " still exist?)"
              : " (grant the VoltDB user the permission to call " + plan.procedure + ")";
      settle(i, {SinkOutcome::Fatal,
                 fmt::format("{}: VoltDB refused {}: {}{}", statement_text(*item.statement),
                             plan.procedure, without_values(o.message), hint)});
      return;
    }
  }
}

void VoltWriter::reorder_upserts() {
  if (blocked_.empty()) return;
  for (size_t i = 0; i < items_.size(); ++i) {
    if (results_[i].outcome != SinkOutcome::Written) continue;
    auto b = blocked_.find(keys_[i]);
    if (b == blocked_.end() || i < b->second.first) continue;
    Plan* plan = plan_for(items_[i].statement);
    if (!plan || !plan->upsert) continue;
    results_[i] = {
        SinkOutcome::Unavailable,
        fmt::format("written, but written again after the earlier record of {}-{} "
                    "that was not ({}), to keep the partition's order",
                    items_[i].record->topic, items_[i].record->partition, b->second.reason)};
  }
}

}  // namespace ksink::voltdb
