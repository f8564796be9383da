// What a control-plane operation (create, pause, restart...) answers: a value, or an error with
// the HTTP status Kafka Connect uses for it (400 invalid request or configuration, 404 unknown
// connector or task, 409 conflict, 500 internal), so the REST layer need not guess.
#pragma once

#include <string>
#include <utility>
#include <variant>

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

template <typename T>
class [[nodiscard]] Reply {
 public:
  Reply(T value) : v_(std::move(value)) {}
  Reply(ApiError e) : v_(std::move(e)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const ApiError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, ApiError> v_;
};

}  // namespace ksink
