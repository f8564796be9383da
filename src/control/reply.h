// What a control-plane operation (create, pause, restart...) answers: a value, or an error with
// the HTTP status Kafka Connect uses for it (400 invalid request or configuration, 404 unknown
// connector or task, 409 conflict, 500 internal), so the REST layer need not guess.
#pragma once

#include <string>
#include <utility>

#include "core/result.h"

namespace ksink {

struct ApiError {
  int status = 500;
  std::string message;
};

inline ApiError bad_request(std::string message) { return {400, std::move(message)}; }
inline ApiError not_found(std::string message) { return {404, std::move(message)}; }
inline ApiError conflict(std::string message) { return {409, std::move(message)}; }
inline ApiError internal_error(std::string message) { return {500, std::move(message)}; }

// For operations with nothing to return.
struct Done {};

// A value or an ApiError: core's Result with the HTTP status kept along.
template <typename T>
using Reply = Result<T, ApiError>;

}  // namespace ksink
