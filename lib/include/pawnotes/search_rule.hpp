// How a note search orders and counts its hits: one rule for every storage engine (SQLite today,
// PostgreSQL next), so the same request gives the same kind of answer everywhere.
//
// With the default order (sort "" or "relevance"):
//   1. Count the notes the request matches (text and every filter), but only up to kCountLimit + 1.
//   2. At most kRankedLimit matches: rank them all by relevance (SQLite: FTS5 bm25, lower rank first),
//      exactly as before this rule existed; the total is exact. Page.order = "relevance".
//   3. More than kRankedLimit: ranking every match would cost time in proportion to the matches (a word in
//      8.5 % of 1,000,000 notes: 161 ms), so the page lists the matches newest first instead (descending
//      id, i.e. creation order), which costs only the page. Page.order = "newest"; NoteHit.rank is still
//      the hit's relevance. The total is exact up to kCountLimit; beyond, it is a lower bound (at least
//      kCountLimit + 1) and Page.total_exact is false ("totalExact": false in JSON).
// With sort "createdAt" / "-createdAt" the order is the one asked for and the total is exact.
// The trade-off: for a very common word the best bm25 match may not be on the first page; a more specific
// query (another word, a filter) brings it back under kRankedLimit and ranks it.
#pragma once

#include <cstdint>

namespace pawnotes::note_search_rule {

inline constexpr std::int64_t kRankedLimit = 2000;
inline constexpr std::int64_t kCountLimit = 10000;
inline constexpr const char* kOrderRelevance = "relevance";
inline constexpr const char* kOrderNewest = "newest";

/// The rule's decision, shared by the engines: `count(limit)` counts the matches up to `limit`, `ranked()`
/// returns the page by relevance with its exact total, `newest()` the page newest first (total unset).
template <class Page, class Count, class Ranked, class Newest>
Page apply(Count count, Ranked ranked, Newest newest) {
  const std::int64_t matches = count(kCountLimit + 1);
  if (matches <= kRankedLimit) {
    Page page = ranked();
    page.order = kOrderRelevance;
    return page;
  }
  Page page = newest();
  page.total = matches;
  page.total_exact = matches <= kCountLimit;
  page.order = kOrderNewest;
  return page;
}

}  // namespace pawnotes::note_search_rule
