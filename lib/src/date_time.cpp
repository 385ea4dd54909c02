// Dates and timestamps by plain arithmetic (no locale, no std::gmtime, thread-safe). The day-count
// conversions are Howard Hinnant's days_from_civil / civil_from_days for the proleptic Gregorian calendar.
#include "pawnotes/date_time.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace pawnotes {
namespace {

constexpr std::int64_t kMillisPerDay = 86'400'000;

bool is_leap(std::int64_t year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(std::int64_t year, int month) noexcept {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (month == 2 && is_leap(year)) ? 29 : kDays[month - 1];
}

std::int64_t days_from_civil(std::int64_t y, int m, int d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                   // [0, 399]
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
  return era * 146097 + doe - 719468;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

/// Reads `count` ASCII digits at text[pos]; false if any is not a digit.
bool digits(std::string_view text, std::size_t pos, std::size_t count, int& value) noexcept {
  if (text.size() < pos + count) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

}  // namespace

std::optional<Date> Date::parse(std::string_view text) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!digits(text, 0, 4, y) || !digits(text, 5, 2, m) || !digits(text, 8, 2, d)) return std::nullopt;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return Date{y, m, d};
}

Date Date::from_days(std::int64_t days_since_epoch) noexcept {
  const std::int64_t z = days_since_epoch + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                       // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return Date{static_cast<int>(y), m, d};
}

std::int64_t Date::days_since_epoch() const noexcept { return days_from_civil(year, month, day); }

std::string Date::to_string() const {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

Date Date::minus_years(int years) const noexcept {
  Date result{year - years, month, day};
  if (month == 2 && day == 29 && !is_leap(result.year)) result.day = 28;
  return result;
}

std::optional<Timestamp> Timestamp::parse(std::string_view text) noexcept {
  // full-date "T" partial-time [time-fraction] time-offset (RFC 3339, section 5.6).
  if (text.size() < 20) return std::nullopt;
  const auto date = Date::parse(text.substr(0, 10));
  if (!date) return std::nullopt;
  if (text[10] != 'T' && text[10] != 't') return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!digits(text, 11, 2, hh) || text[13] != ':' || !digits(text, 14, 2, mm) || text[16] != ':' ||
      !digits(text, 17, 2, ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  std::size_t pos = 19;
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t count = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (count < 3) millis = millis * 10 + (text[pos] - '0');
      ++count;
      ++pos;
    }
    if (count == 0 || count > 9) return std::nullopt;
    for (std::size_t k = count; k < 3; ++k) millis *= 10;  // ".5" is 500 ms; digits past ms are dropped
  }
  if (pos >= text.size()) return std::nullopt;
  std::int64_t offset_minutes = 0;
  const char zone = text[pos];
  if (zone == 'Z' || zone == 'z') {
    ++pos;
  } else if (zone == '+' || zone == '-') {
    int oh = 0, om = 0;
    if (!digits(text, pos + 1, 2, oh) || text.size() < pos + 6 || text[pos + 3] != ':' || !digits(text, pos + 4, 2, om))
      return std::nullopt;
    if (oh > 23 || om > 59) return std::nullopt;
    offset_minutes = (zone == '+' ? 1 : -1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const std::int64_t local =
      date->days_since_epoch() * kMillisPerDay + ((hh * 60 + mm) * 60 + ss) * std::int64_t{1000} + millis;
  return Timestamp{local - offset_minutes * 60'000};
}

std::string Timestamp::to_string() const {
  const std::int64_t days = floor_div(millis, kMillisPerDay);
  const std::int64_t in_day = millis - days * kMillisPerDay;
  const Date d = Date::from_days(days);
  const int ms = static_cast<int>(in_day % 1000);
  const int total_seconds = static_cast<int>(in_day / 1000);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month, d.day,
                total_seconds / 3600, (total_seconds / 60) % 60, total_seconds % 60, ms);
  return buffer;
}

Date Timestamp::date() const noexcept { return Date::from_days(floor_div(millis, kMillisPerDay)); }

Timestamp SystemClock::now() const {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp{std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count()};
}

}  // namespace pawnotes
