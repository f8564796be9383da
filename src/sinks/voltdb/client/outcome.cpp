#include "sinks/voltdb/client/outcome.h"

namespace ksink::voltdb {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }

bool is_missing_procedure(std::string_view text) {
  // Exact server wording: "Procedure T.upsert was not found".
  return starts_with(text, "Procedure ") && text.ends_with(" was not found");
}

bool is_permission_denied(std::string_view text) {
  // "User sink does not have admin permission"
  return starts_with(text, "User ") && text.find(" does not have ") != std::string_view::npos &&
         text.find("permission") != std::string_view::npos;
}

// A table at its LIMIT PARTITION ROWS: "CONSTRAINT VIOLATION Table T exceeds table maximum row
// count 2" (VoltDB/voltdb src/ee/storage/persistenttable.cpp insertPersistentTuple). The table
// is full, like a server out of memory: a condition of the target, whatever row comes.
bool is_table_full_text(std::string_view text) {
  return text.starts_with("VOLTDB ERROR: CONSTRAINT VIOLATION Table ") &&
         text.find(" exceeds table maximum row count ") != std::string_view::npos;
}

}  // namespace

bool is_table_full(const Response& r) {
  return r.status == status_code::kGracefulFailure && r.status_string &&
         is_table_full_text(*r.status_string);
}

std::string_view outcome_kind_name(OutcomeKind k) {
  switch (k) {
    case OutcomeKind::Success:
      return "success";
    case OutcomeKind::RecordError:
      return "record error";
    case OutcomeKind::TargetUnavailable:
      return "target unavailable";
    case OutcomeKind::Misconfiguration:
      return "misconfiguration";
  }
  return "unknown";
}

Outcome classify(const Response& r) {
  using namespace status_code;
  Outcome o;
  o.status = r.status;
  o.message = r.message();
  std::string_view text = r.status_string ? std::string_view(*r.status_string) : "";
  switch (r.status) {
    case kSuccess:
      o.kind = OutcomeKind::Success;
      break;
    case kUnexpectedFailure:
      o.kind = is_missing_procedure(text) || is_permission_denied(text)
                   ? OutcomeKind::Misconfiguration
                   : OutcomeKind::RecordError;
      break;
    case kUserNoLongerValid:
      o.kind = OutcomeKind::Misconfiguration;
      break;
    // Not executed, or outcome unknown because of the connection or the cluster, not the
    // record: retry the batch.
    case kConnectionLost:
    case kConnectionTimeout:
    case kResponseUnknown:
    case kClientResponseTimeout:
      o.maybe_executed = true;
      o.kind = OutcomeKind::TargetUnavailable;
      break;
    case kServerUnavailable:
    case kClientErrorTxnNotSent:
    case kClientRequestTimeout:
    // Internal routing states that should not reach a client; if one does, it is transient.
    case kTxnRestart:
    case kTxnMispartitioned:
    case kTxnMisrouted:
      o.kind = OutcomeKind::TargetUnavailable;
      break;
    case kGracefulFailure:
      o.kind = OutcomeKind::RecordError;
      if (is_table_full_text(text)) {
        o.kind = OutcomeKind::TargetUnavailable;
        // The first line names the table; the rest quotes the row, which is not the problem.
        o.message = std::string(text.substr(0, text.find('\n'))) +
                    " (the table is full: delete rows or raise its LIMIT PARTITION ROWS)";
      }
      break;
    // USER_ABORT, OPERATIONAL_FAILURE and the rest: the call ran and failed.
    default:
      o.kind = OutcomeKind::RecordError;
      break;
  }
  return o;
}

bool is_constraint_violation(const Response& r) {
  return r.status == status_code::kGracefulFailure && r.status_string &&
         r.status_string->starts_with("VOLTDB ERROR: CONSTRAINT VIOLATION");
}

}  // namespace ksink::voltdb
