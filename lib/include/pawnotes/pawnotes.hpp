// Everything a program needs: #include <pawnotes/pawnotes.hpp>
#pragma once

#include "pawnotes/database.hpp"
#include "pawnotes/datasets.hpp"
#include "pawnotes/date_time.hpp"
#include "pawnotes/entity.hpp"
#include "pawnotes/errors.hpp"
#include "pawnotes/json_text.hpp"
#include "pawnotes/model.hpp"
#include "pawnotes/postgres.hpp"
#include "pawnotes/query.hpp"
#include "pawnotes/scope.hpp"
#include "pawnotes/search_rule.hpp"
#include "pawnotes/sqlite.hpp"
#include "pawnotes/storage.hpp"
#include "pawnotes/text.hpp"
#include "pawnotes/validation.hpp"
#include "pawnotes/version.hpp"
