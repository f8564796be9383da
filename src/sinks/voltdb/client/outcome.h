// What a call's result means for a sink, in the terms of docs/architecture.md "Errors": the record was
// written; the record is at fault (error policy applies); the target is unavailable (retry the
// batch with backoff, never skip); or the configuration is wrong (fail the task at once).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sinks/voltdb/client/response.h"

namespace ksink::voltdb {

enum class OutcomeKind { Success, RecordError, TargetUnavailable, Misconfiguration };

std::string_view outcome_kind_name(OutcomeKind k);  // "success", "record error", …

struct Outcome {
  OutcomeKind kind = OutcomeKind::Success;
  // The response status the outcome was derived from; 0 for outcomes the client states without
  // a response (login rejected, no connection, a call that cannot be encoded).
  int8_t status = status_code::kSuccess;
  std::string message;  // the server's status string, or the client's words
  // The call may have run although it did not report success (connection lost, timeout,
  // RESPONSE_UNKNOWN): retrying an insert may then meet its own row as a duplicate key.
  bool maybe_executed = false;

  bool ok() const { return kind == OutcomeKind::Success; }
};

// Classifies by status code (docs/voltdb-protocol.md section 6.1, 10). Text is consulted only where
// one code covers causes of different kinds: UNEXPECTED_FAILURE is a record error except for
// "Procedure … was not found" and missing permissions, which no retry can fix; GRACEFUL_FAILURE
// is a record error except for a table at its LIMIT PARTITION ROWS, a full table that takes
// rows again once some are deleted: unavailable, retried, never skipped.
Outcome classify(const Response& r);

// Whether a failed response is a table at its LIMIT PARTITION ROWS (classified unavailable): a
// group refused so may still hold rows that fit one by one.
bool is_table_full(const Response& r);

// Whether a failed response is a constraint violation (duplicate key, NULL in a NOT NULL
// column): the one failure a sink may want to tell apart, e.g. after an unknown outcome.
bool is_constraint_violation(const Response& r);

}  // namespace ksink::voltdb
