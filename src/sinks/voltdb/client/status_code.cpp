#include "sinks/voltdb/client/status_code.h"

namespace ksink::voltdb {

std::string_view status_name(int8_t status) {
  using namespace status_code;
  switch (status) {
    case kSuccess:
      return "SUCCESS";
    case kUserAbort:
      return "USER_ABORT";
    case kGracefulFailure:
      return "GRACEFUL_FAILURE";
    case kUnexpectedFailure:
      return "UNEXPECTED_FAILURE";
    case kConnectionLost:
      return "CONNECTION_LOST";
    case kServerUnavailable:
      return "SERVER_UNAVAILABLE";
    case kConnectionTimeout:
      return "CONNECTION_TIMEOUT";
    case kResponseUnknown:
      return "RESPONSE_UNKNOWN";
    case kTxnRestart:
      return "TXN_RESTART";
    case kOperationalFailure:
      return "OPERATIONAL_FAILURE";
    case kTxnMispartitioned:
      return "TXN_MISPARTITIONED";
    case kTxnMisrouted:
      return "TXN_MISROUTED";
    case kDrTableHashNotFound:
      return "DR_TABLE_HASH_NOT_FOUND";
    case kUnsupportedDynamicChange:
      return "UNSUPPORTED_DYNAMIC_CHANGE";
    case kClientErrorTxnNotSent:
      return "CLIENT_ERROR_TXN_NOT_SENT";
    case kClientRequestTimeout:
      return "CLIENT_REQUEST_TIMEOUT";
    case kClientResponseTimeout:
      return "CLIENT_RESPONSE_TIMEOUT";
    case kCompoundProcUserAbort:
      return "COMPOUND_PROC_USER_ABORT";
    case kCompoundProcTimeout:
      return "COMPOUND_PROC_TIMEOUT";
    case kCannotUpdateConfig:
      return "CANNOT_UPDATE_CONFIG";
    case kFailedConfigUpdate:
      return "FAILED_CONFIG_UPDATE";
    case kUserNoLongerValid:
      return "USER_NO_LONGER_VALID";
  }
  return "UNKNOWN";
}

}  // namespace ksink::voltdb
