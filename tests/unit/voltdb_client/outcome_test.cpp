// Classification of responses into the error kinds of docs/architecture.md "Errors", using the status codes
// and texts of doc sections 6.1, 10 and 13.4.
#include "sinks/voltdb/client/outcome.h"

#include <gtest/gtest.h>

namespace ksink::voltdb {
namespace {

Response response(int8_t status, std::optional<std::string> text = std::nullopt) {
  Response r;
  r.status = status;
  r.status_string = std::move(text);
  return r;
}

OutcomeKind kind(int8_t status, std::optional<std::string> text = std::nullopt) {
  return classify(response(status, std::move(text))).kind;
}

TEST(Outcome, Success) {
  EXPECT_EQ(kind(1), OutcomeKind::Success);
  EXPECT_TRUE(classify(response(1)).ok());
}

TEST(Outcome, RecordErrors) {
  EXPECT_EQ(kind(-1, "VOLTDB ERROR: USER ABORT x"), OutcomeKind::RecordError);
  EXPECT_EQ(kind(-2,
                 "VOLTDB ERROR: CONSTRAINT VIOLATION Attempted violation of constraint\n"
                 "Constraint Type NOT_NULL, Table CatalogId T\n"),
            OutcomeKind::RecordError);
  EXPECT_EQ(kind(-2, "VOLTDB ERROR: PROCEDURE T.insert TYPE ERROR FOR PARAMETER 2: x"),
            OutcomeKind::RecordError);
  EXPECT_EQ(kind(-2, "VOLTDB ERROR: PROCEDURE T.insert EXPECTS 3 PARAMS, BUT RECEIVED 1"),
            OutcomeKind::RecordError);
  // The partitioning parameter that does not convert: -3, but the record's fault.
  EXPECT_EQ(kind(-3,
                 "Error sending procedure T.insert to the correct partition. Make sure "
                 "parameter values are correct."),
            OutcomeKind::RecordError);
  EXPECT_EQ(kind(-9), OutcomeKind::RecordError);
  EXPECT_EQ(kind(-17), OutcomeKind::RecordError);
  EXPECT_EQ(kind(-100), OutcomeKind::RecordError);  // unknown codes
  Outcome o = classify(response(-2, "VOLTDB ERROR: SQL ERROR too long"));
  EXPECT_EQ(o.message, "VOLTDB ERROR: SQL ERROR too long");
  EXPECT_EQ(o.status, -2);
}

TEST(Outcome, TargetUnavailable) {
  EXPECT_EQ(kind(-5,
                 "Server is paused and is available in read-only mode - please try again "
                 "later."),
            OutcomeKind::TargetUnavailable);
  EXPECT_FALSE(classify(response(-5)).maybe_executed);
  for (int8_t s : {-4, -6, -7, -16}) {
    Outcome o = classify(response(s));
    EXPECT_EQ(o.kind, OutcomeKind::TargetUnavailable) << int{s};
    EXPECT_TRUE(o.maybe_executed) << int{s};
  }
  for (int8_t s : {-8, -10, -11, -14, -15}) EXPECT_EQ(kind(s), OutcomeKind::TargetUnavailable);
  // Without a status string the message is the status name.
  EXPECT_EQ(classify(response(-4)).message, "CONNECTION_LOST");
  // A table at its LIMIT PARTITION ROWS is full, not the record at fault (VoltDB/voltdb
  // tests/frontend/org/voltdb/regressionsuites/TestSQLFeaturesNewSuite.java
  // testTableLimitAndPercentage: "CONSTRAINT VIOLATION\s*Table CAPPED2 exceeds table maximum row
  // count 2").
  Outcome full = classify(response(-2,
                                   "VOLTDB ERROR: CONSTRAINT VIOLATION Table CAPPED2 exceeds table "
                                   "maximum row count 2\nConstraint Type PARTITIONING, Table "
                                   "CatalogId CAPPED2\nRelevant Tuples:\n"));
  EXPECT_EQ(full.kind, OutcomeKind::TargetUnavailable);
  EXPECT_FALSE(full.maybe_executed);  // the transaction rolled back
  EXPECT_EQ(full.message,
            "VOLTDB ERROR: CONSTRAINT VIOLATION Table CAPPED2 exceeds table maximum row count 2 "
            "(the table is full: delete rows or raise its LIMIT PARTITION ROWS)");
}

TEST(Outcome, Misconfiguration) {
  EXPECT_EQ(kind(-3, "Procedure NOPK.upsert was not found"), OutcomeKind::Misconfiguration);
  EXPECT_EQ(kind(-3, "Procedure NOPE.insert was not found"), OutcomeKind::Misconfiguration);
  EXPECT_EQ(kind(-3, "User sink does not have admin permission"), OutcomeKind::Misconfiguration);
  EXPECT_EQ(kind(-22), OutcomeKind::Misconfiguration);
  EXPECT_EQ(kind(-3, "Unknown ProcedureInvocationType 5"), OutcomeKind::RecordError);
}

TEST(Outcome, ConstraintViolation) {
  EXPECT_TRUE(is_constraint_violation(
      response(-2, "VOLTDB ERROR: CONSTRAINT VIOLATION Attempted violation of constraint")));
  EXPECT_FALSE(is_constraint_violation(response(-2, "VOLTDB ERROR: SQL ERROR x")));
  EXPECT_FALSE(is_constraint_violation(response(-3, "VOLTDB ERROR: CONSTRAINT VIOLATION")));
}

TEST(Outcome, Names) {
  EXPECT_EQ(outcome_kind_name(OutcomeKind::TargetUnavailable), "target unavailable");
  EXPECT_EQ(status_name(-2), "GRACEFUL_FAILURE");
  EXPECT_EQ(status_name(-6), "CONNECTION_TIMEOUT");
  EXPECT_EQ(status_name(42), "UNKNOWN");
}

}  // namespace
}  // namespace ksink::voltdb
