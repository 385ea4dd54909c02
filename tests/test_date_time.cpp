// date_time.hpp: strict dates, day arithmetic, RFC 3339 timestamps and the clocks.
#include <catch2/catch.hpp>

#include <string>

#include "pawnotes/date_time.hpp"

using namespace pawnotes;

TEST_CASE("Date::parse accepts strict real calendar dates", "[date_time]") {
  auto d = Date::parse("2026-11-24");
  REQUIRE(d);
  CHECK(d->year == 2026);
  CHECK(d->month == 11);
  CHECK(d->day == 24);
  CHECK(Date::parse("2024-02-29"));
  CHECK(Date::parse("2000-02-29"));
  CHECK(Date::parse("0001-01-01"));
  CHECK(Date::parse("9999-12-31"));
}

TEST_CASE("Date::parse rejects everything else", "[date_time]") {
  for (const char* text : {"", "2026-1-24", "2026-11-4", "26-11-24", "2026/11/24", "2026-11-24T00:00:00Z",
                           " 2026-11-24", "2026-11-24 ", "2026-13-01", "2026-00-10", "2026-11-00", "2026-11-31",
                           "2023-02-29", "1900-02-29", "0000-01-01", "2026-1a-01", "+026-11-24", "２０２６-11-24"}) {
    INFO(text);
    CHECK_FALSE(Date::parse(text));
  }
}

TEST_CASE("Date day counts match the civil calendar", "[date_time]") {
  CHECK(Date{1970, 1, 1}.days_since_epoch() == 0);
  CHECK(Date{1970, 1, 2}.days_since_epoch() == 1);
  CHECK(Date{1969, 12, 31}.days_since_epoch() == -1);
  CHECK(Date{2000, 3, 1}.days_since_epoch() == 11017);
  CHECK(Date{2026, 11, 24}.days_since_epoch() == 20781);
  CHECK(Date{1, 1, 1}.days_since_epoch() == -719162);
  CHECK(Date::from_days(20781) == Date{2026, 11, 24});
  CHECK(Date::from_days(-719162).to_string() == "0001-01-01");
  // Every day of 1600..2400 round-trips and is one more than the day before.
  std::int64_t prev = Date{1599, 12, 31}.days_since_epoch();
  for (std::int64_t n = prev + 1; n < Date{2401, 1, 1}.days_since_epoch(); ++n) {
    const Date d = Date::from_days(n);
    REQUIRE(d.days_since_epoch() == n);
    REQUIRE(Date::parse(d.to_string()) == d);
  }
}

TEST_CASE("Date arithmetic and comparisons", "[date_time]") {
  const Date today{2026, 11, 24};
  CHECK(today.add_days(30).to_string() == "2026-12-24");
  CHECK(today.add_days(38).to_string() == "2027-01-01");
  CHECK(Date{2024, 2, 28}.add_days(1).to_string() == "2024-02-29");
  CHECK(Date{2023, 2, 28}.add_days(1).to_string() == "2023-03-01");
  CHECK(today.minus_years(50).to_string() == "1976-11-24");
  CHECK(Date{2024, 2, 29}.minus_years(1).to_string() == "2023-02-28");
  CHECK(Date{2024, 2, 29}.minus_years(4).to_string() == "2020-02-29");
  CHECK(Date{2026, 1, 5}.to_string() == "2026-01-05");
  CHECK(Date{2026, 1, 5} < Date{2026, 1, 6});
  CHECK(Date{2026, 1, 5} <= Date{2026, 1, 5});
  CHECK(Date{2027, 1, 1} > Date{2026, 12, 31});
  CHECK(Date{2026, 1, 5} != Date{2026, 1, 6});
}

TEST_CASE("Timestamp::parse reads RFC 3339", "[date_time]") {
  CHECK(Timestamp::parse("1970-01-01T00:00:00Z")->millis == 0);
  CHECK(Timestamp::parse("2026-11-24T12:00:00.000Z")->millis == 1795521600000);
  CHECK(Timestamp::parse("2026-11-24T12:00:00Z")->millis == 1795521600000);
  CHECK(Timestamp::parse("2026-11-24t12:00:00z")->millis == 1795521600000);
  CHECK(Timestamp::parse("2026-11-24T13:30:00+01:30")->millis == 1795521600000);
  CHECK(Timestamp::parse("2026-11-24T07:00:00-05:00")->millis == 1795521600000);
  CHECK(Timestamp::parse("2026-11-24T12:00:00.5Z")->millis == 1795521600500);
  CHECK(Timestamp::parse("2026-11-24T12:00:00.12Z")->millis == 1795521600120);
  CHECK(Timestamp::parse("2026-11-24T12:00:00.123456789Z")->millis == 1795521600123);
  CHECK(Timestamp::parse("1969-12-31T23:59:59.999Z")->millis == -1);
  CHECK(Timestamp::parse("2026-11-24T00:30:00+01:00")->to_string() == "2026-11-23T23:30:00.000Z");
}

TEST_CASE("Timestamp::parse rejects malformed text", "[date_time]") {
  for (const char* text :
       {"", "2026-11-24", "2026-11-24T12:00:00", "2026-11-24 12:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T12:60:00Z",
        "2026-11-24T12:00:60Z", "2026-11-24T12:00:00.Z", "2026-11-24T12:00:00.1234567890Z", "2026-11-24T12:00:00+0100",
        "2026-11-24T12:00:00+1", "2026-11-24T12:00:00+24:00", "2026-11-24T12:00:00Zx", "2026-02-30T12:00:00Z",
        "2026-11-24T1:00:00Z", "2026-11-24T12:00:00.123+01:00x"}) {
    INFO(text);
    CHECK_FALSE(Timestamp::parse(text));
  }
}

TEST_CASE("Timestamp::to_string is always millisecond UTC", "[date_time]") {
  CHECK(Timestamp{0}.to_string() == "1970-01-01T00:00:00.000Z");
  CHECK(Timestamp{1795521600123}.to_string() == "2026-11-24T12:00:00.123Z");
  CHECK(Timestamp{-1}.to_string() == "1969-12-31T23:59:59.999Z");
  CHECK(Timestamp{-1}.date().to_string() == "1969-12-31");
  CHECK(Timestamp{1795521600123}.date() == Date{2026, 11, 24});
  for (std::int64_t ms :
       {std::int64_t{0}, std::int64_t{-86400001}, std::int64_t{951782400000}, std::int64_t{253402300799999}}) {
    CHECK(Timestamp::parse(Timestamp{ms}.to_string())->millis == ms);
  }
}

TEST_CASE("Clocks give now and today", "[date_time]") {
  FixedClock clock(*Timestamp::parse("2026-11-24T23:59:59.999Z"));
  CHECK(clock.today() == Date{2026, 11, 24});
  clock.advance_millis(1);
  CHECK(clock.today() == Date{2026, 11, 25});
  const SystemClock system;
  const Timestamp now = system.now();
  CHECK(now.millis > Timestamp::parse("2024-01-01T00:00:00Z")->millis);
  CHECK(now.to_string().size() == 24);
}
