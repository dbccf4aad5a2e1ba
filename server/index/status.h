// The one error style of server/: an error is a value, a Status with a code and a message
// (simdjson's and abseil's model), and a function that can fail returns Status, or StatusOr<T>
// (shared/'s Result with a Status for its error) when it also makes something.
//
// The code is machine-readable ("bad_parameter", "index_busy", "io_error", ...) and carries the
// HTTP status the API answers with, so one value serves the CLI (which prints the message and
// exits non-zero) and the API (which sends {"error": {"code", "message"}} with that status). The
// message says what is wrong and what would be right; never a path of ours or a stack.
//
// Exceptions: a backend that discovers a failure deep inside a row loop (a time budget spent, a
// locked file) throws StatusError; Index::read and ThreadReader::read catch it and return its
// Status, so no exception crosses the index's interface.
#pragma once

#include <exception>
#include <functional>
#include <string>
#include <utility>

#include "linklens/result.h"

namespace linklens {

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(int http_status, std::string code, std::string message)
      : http_status_(http_status), code_(std::move(code)), message_(std::move(message)) {}

  // A failure with no more to say than its message (a file, a database, a configuration):
  // what the CLI prints; the API answers it as a 500 internal error.
  static Status failure(std::string message) { return {500, "internal", std::move(message)}; }

  bool ok() const { return code_.empty(); }
  int http_status() const { return ok() ? 200 : http_status_; }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }

  // The same failure with `context` in front of its message ("reading x.warc: ...").
  Status with_context(const std::string& context) const {
    return ok() ? *this : Status(http_status_, code_, context + ": " + message_);
  }

 private:
  int http_status_ = 200;
  std::string code_;  // empty: ok
  std::string message_;
};

// A value, or the Status that says why there is none.
template <class T>
using StatusOr = Result<T, Status>;

inline Status bad_parameter(std::string message) { return {400, "bad_parameter", std::move(message)}; }

// Thrown only inside a backend, caught where its reads begin (see the top of this file).
class StatusError : public std::exception {
 public:
  explicit StatusError(Status status) : status_(std::move(status)) {}
  StatusError(int http_status, std::string code, std::string message)
      : status_(http_status, std::move(code), std::move(message)) {}
  const Status& status() const { return status_; }
  const char* what() const noexcept override { return status_.message().c_str(); }

 private:
  Status status_;
};

// Where a backend's reads begin: runs `fn` and returns what it threw as a value, a StatusError as
// its Status and the backend's own exception type (`BackendError`) as `translate(e)` says.
template <class BackendError, class Translate>
Status catch_status(const std::function<void()>& fn, Translate translate) {
  try {
    fn();
    return {};
  } catch (const StatusError& e) {
    return e.status();
  } catch (const BackendError& e) {
    return translate(e);
  }
}

}  // namespace linklens

// Returns the Status of `expr` from the enclosing function when it is not ok.
#define LINKLENS_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    ::linklens::Status linklens_status_ = (expr);        \
    if (!linklens_status_.ok()) return linklens_status_; \
  } while (0)
