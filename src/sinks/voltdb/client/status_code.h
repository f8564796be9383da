// Procedure response status codes (docs/voltdb-protocol.md section 6.1). Some are synthesized by clients, never sent by a
// server: this client produces CONNECTION_LOST and CONNECTION_TIMEOUT itself.
#pragma once

#include <cstdint>
#include <string_view>

namespace ksink::voltdb {

namespace status_code {
inline constexpr int8_t kSuccess = 1;
inline constexpr int8_t kUserAbort = -1;
inline constexpr int8_t kGracefulFailure = -2;
inline constexpr int8_t kUnexpectedFailure = -3;
inline constexpr int8_t kConnectionLost = -4;
inline constexpr int8_t kServerUnavailable = -5;
inline constexpr int8_t kConnectionTimeout = -6;
inline constexpr int8_t kResponseUnknown = -7;
inline constexpr int8_t kTxnRestart = -8;
inline constexpr int8_t kOperationalFailure = -9;
inline constexpr int8_t kTxnMispartitioned = -10;
inline constexpr int8_t kTxnMisrouted = -11;
inline constexpr int8_t kDrTableHashNotFound = -12;
inline constexpr int8_t kUnsupportedDynamicChange = -13;
inline constexpr int8_t kClientErrorTxnNotSent = -14;
inline constexpr int8_t kClientRequestTimeout = -15;
inline constexpr int8_t kClientResponseTimeout = -16;
inline constexpr int8_t kCompoundProcUserAbort = -17;
inline constexpr int8_t kCompoundProcTimeout = -18;
inline constexpr int8_t kCannotUpdateConfig = -20;
inline constexpr int8_t kFailedConfigUpdate = -21;
inline constexpr int8_t kUserNoLongerValid = -22;
}  // namespace status_code

// "SUCCESS", "GRACEFUL_FAILURE", …; "UNKNOWN" for a code not in the table.
std::string_view status_name(int8_t status);

// The app status a response carries when the procedure did not set one.
inline constexpr int8_t kAppStatusUnset = -128;

}  // namespace ksink::voltdb
