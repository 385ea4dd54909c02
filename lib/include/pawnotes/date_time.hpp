// Calendar dates, UTC timestamps and the injected clock. The core never reads the system clock
// itself: "today" and "now" come from a Clock, so tests are exact and the browser passes its own time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pawnotes {

/// A proleptic Gregorian calendar date. Text form: "YYYY-MM-DD".
struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;

  /// Strict "YYYY-MM-DD" (real calendar dates only, years 0001-9999); nullopt otherwise.
  [[nodiscard]] static std::optional<Date> parse(std::string_view text) noexcept;
  [[nodiscard]] static Date from_days(std::int64_t days_since_epoch) noexcept;
  [[nodiscard]] std::int64_t days_since_epoch() const noexcept;
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] Date add_days(std::int64_t days) const noexcept { return from_days(days_since_epoch() + days); }
  /// Same month and day `years` earlier (Feb 29 -> Feb 28).
  [[nodiscard]] Date minus_years(int years) const noexcept;

  friend bool operator==(const Date& a, const Date& b) { return a.days_since_epoch() == b.days_since_epoch(); }
  friend bool operator!=(const Date& a, const Date& b) { return !(a == b); }
  friend bool operator<(const Date& a, const Date& b) { return a.days_since_epoch() < b.days_since_epoch(); }
  friend bool operator<=(const Date& a, const Date& b) { return !(b < a); }
  friend bool operator>(const Date& a, const Date& b) { return b < a; }
  friend bool operator>=(const Date& a, const Date& b) { return !(a < b); }
};

/// Milliseconds since 1970-01-01T00:00:00Z. Text form: "YYYY-MM-DDTHH:MM:SS.mmmZ" (sorts as text).
struct Timestamp {
  std::int64_t millis = 0;
  [[nodiscard]] static std::optional<Timestamp> parse(std::string_view text) noexcept;  // RFC 3339
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] Date date() const noexcept;
  friend bool operator==(const Timestamp& a, const Timestamp& b) { return a.millis == b.millis; }
  friend bool operator<(const Timestamp& a, const Timestamp& b) { return a.millis < b.millis; }
};

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual Timestamp now() const = 0;
  [[nodiscard]] Date today() const { return now().date(); }
};

/// The real clock (UTC).
class SystemClock final : public Clock {
 public:
  [[nodiscard]] Timestamp now() const override;
};

/// A clock that says what it is told; for tests and for callers that bring their own time.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp now) : now_(now) {}
  [[nodiscard]] Timestamp now() const override { return now_; }
  void set(Timestamp now) { now_ = now; }
  void advance_millis(std::int64_t millis) { now_.millis += millis; }

 private:
  Timestamp now_;
};

}  // namespace pawnotes
