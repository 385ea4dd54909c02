// Query requests and result pages. Every list is paged and sortable; sort keys are validated
// (an unknown key is a ValidationError on field "sort", code "invalid_sort").
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "pawnotes/model.hpp"

namespace pawnotes {

/// Offset paging: zero-based `page` of `size` items (1..1000). `sort` is a key of the query's sort
/// list, "-" in front for descending ("lastName", "-createdAt"); empty = the query's default order.
struct PageRequest {
  int page = 0;
  int size = 20;
  std::string sort;
};

template <class T>
struct Page {
  std::vector<T> items;
  int page = 0;
  int size = 20;
  std::int64_t total = 0;  // matching items in all pages
  /// Note search only (search_rule.hpp): false when `total` is a lower bound; the order that was applied
  /// ("relevance", "newest", "createdAt", "-createdAt"). Written to JSON only for note-search pages.
  bool total_exact = true;
  std::string order;
};

/// Cursor paging (timelines, sync): pass `next_cursor` back to get the following items.
template <class T>
struct CursorPage {
  std::vector<T> items;
  std::optional<std::string> next_cursor;  // absent on the last page
};

/// Any entity's plain listing. Sort keys: "id" and the entity's text/date fields.
struct ListRequest {
  PageRequest page;
};

/// Owners whose last name starts with the prefix (case-insensitive, Unicode; empty = all), each with
/// their dogs. Sort keys: lastName (default), firstName, city, id.
struct OwnerSearch {
  std::string last_name_prefix;
  PageRequest page;
};

/// Dogs filtered by any combination. Sort keys: name (default), birthDate, id, breed.
struct DogFilter {
  std::optional<std::string> name_prefix;  // case-insensitive
  std::optional<std::string> breed;        // exact, case-insensitive
  std::optional<Id> owner_id;
  std::optional<Id> type_id;
  std::optional<std::string> status;  // active | inactive | archived
  PageRequest page;
};

/// A dog's visits and notes merged, newest first.
struct TimelineRequest {
  Id dog_id = 0;
  int limit = 50;  // 1..500
  std::optional<std::string> cursor;
  bool include_deleted_notes = false;
};

struct TimelineEntry {
  std::string kind;  // "visit" | "note"
  std::string at;    // the sort key: a visit's date, a note's createdAt
  std::optional<Visit> visit;
  std::optional<Note> note;
};

/// Full-text search of notes (FTS5 query syntax of plain words; quotes for phrases), with filters.
/// Sort keys: relevance (default), createdAt.
struct NoteSearch {
  std::string text;
  std::optional<std::string> category;
  std::optional<std::string> tag;
  std::optional<Id> dog_id;
  std::optional<std::string> visibility;
  std::optional<Date> from;  // createdAt date on or after
  std::optional<Date> to;    // createdAt date on or before
  PageRequest page;
};

struct NoteHit {
  Note note;
  std::string dog_name;
  std::string snippet;  // matched words wrapped in <mark>...</mark>, other text HTML-escaped
  double rank = 0;      // lower is better (bm25)
};

/// Vaccinations already expired or expiring within `within_days` of today.
/// Sort keys: expiresOn (default), dogName.
struct VaccinationDueRequest {
  int within_days = 30;
  bool include_expired = true;
  PageRequest page;
};

struct VaccinationDue {
  Vaccination vaccination;
  std::string dog_name;
  Id owner_id = 0;
};

/// A trainer's visits: upcoming (date >= today, soonest first) or recent (date < today, newest first).
struct TrainerVisitsRequest {
  Id trainer_id = 0;
  bool upcoming = true;
  PageRequest page;
};

/// An entity's change history, newest first.
struct HistoryRequest {
  Entity entity = Entity::Owner;
  Id id = 0;
  PageRequest page;
};

struct Stats {
  std::int64_t owners = 0, dogs = 0, trainers = 0, visits = 0, notes = 0, care_flags = 0, vaccinations = 0, changes = 0;
  int schema_version = 0;
};

void to_json(nlohmann::json& j, const TimelineEntry& v);
void to_json(nlohmann::json& j, const NoteHit& v);
void to_json(nlohmann::json& j, const VaccinationDue& v);
void to_json(nlohmann::json& j, const Stats& v);

template <class T>
void to_json(nlohmann::json& j, const Page<T>& p) {
  j = nlohmann::json{{"items", p.items},
                     {"page", p.page},
                     {"size", p.size},
                     {"total", p.total},
                     {"totalPages", p.size > 0 ? (p.total + p.size - 1) / p.size : 0}};
  if constexpr (std::is_same_v<T, NoteHit>) {
    j["totalExact"] = p.total_exact;
    j["order"] = p.order;
  }
}

template <class T>
void to_json(nlohmann::json& j, const CursorPage<T>& p) {
  j = nlohmann::json{{"items", p.items}, {"nextCursor", nullptr}};
  if (p.next_cursor) j["nextCursor"] = *p.next_cursor;
}

}  // namespace pawnotes
