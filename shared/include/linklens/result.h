// Result<T>: a value or an error code, never an exception.
//
// The core (shared/) must build with -fno-exceptions for WebAssembly, so every fallible public
// function returns Result<T>. Callers test `ok()` (or `if (result)`) before reading `value()`.
// Thread-safety: a Result is a plain value; copy or move it freely.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace linklens {

template <class T, class E>
class Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  Result(E error) : data_(std::in_place_index<1>, error) {}             // NOLINT: implicit on purpose

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  const T& value() const& {
    assert(ok());
    return std::get<0>(data_);
  }
  T& value() & {
    assert(ok());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(data_));
  }
  // Non-const too, so `std::move(result->field)` moves instead of copying a const field.
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }

  // REQUIRES: !ok()
  E error() const {
    assert(!ok());
    return std::get<1>(data_);
  }

 private:
  std::variant<T, E> data_;
};

}  // namespace linklens
