// The one error shape of the HTTP API: {"error": {"code", "message"}} with an HTTP status.
// Request parsing returns these as values; query backends throw QueryFailure (below) for the
// errors only the database can discover (a time budget spent, an unreadable index).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

namespace linklens::api {

struct ApiError {
  int status = 400;
  std::string code;     // machine-readable: "unknown_parameter", "bad_parameter", ...
  std::string message;  // says what is wrong and what would be right; never a path or a stack
};

using MaybeError = std::optional<ApiError>;

inline ApiError bad_parameter(const std::string& message) { return {400, "bad_parameter", message}; }

class QueryFailure : public std::runtime_error {
 public:
  QueryFailure(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  int status_;
  std::string code_;
};

}  // namespace linklens::api
