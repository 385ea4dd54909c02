# Emscripten builds (PAWNOTES_BUILD_WASM): SQLite, SQLiteCpp and nlohmann_json as targets built from
# sources fetched at build time (wasm/fetch_deps.sh downloads them into the build tree; nothing
# third-party is committed). Defines the same target names the native find_package() calls give, so
# lib/CMakeLists.txt builds unchanged: nlohmann_json::nlohmann_json, SQLite::SQLite3, SQLiteCpp.
include_guard(GLOBAL)

set(PAWNOTES_WASM_DEPS_DIR "${CMAKE_BINARY_DIR}/_deps" CACHE PATH "Where wasm/fetch_deps.sh put the sources")
set(sqlitecpp_dir "${PAWNOTES_WASM_DEPS_DIR}/src/SQLiteCpp-3.2.1")
if(NOT EXISTS "${sqlitecpp_dir}/src/Database.cpp" OR NOT EXISTS "${sqlitecpp_dir}/sqlite3/sqlite3.c")
  message(FATAL_ERROR "SQLiteCpp/SQLite sources not found in ${sqlitecpp_dir}: run "
                      "wasm/fetch_deps.sh ${PAWNOTES_WASM_DEPS_DIR} (wasm/build.sh does) first.")
endif()

# nlohmann_json is header-only: a private copy, because emcc must never see /usr/include as a whole.
set(PAWNOTES_NLOHMANN_SOURCE "/usr/include/nlohmann" CACHE PATH "nlohmann_json headers to copy")
if(NOT EXISTS "${PAWNOTES_NLOHMANN_SOURCE}/json.hpp")
  message(FATAL_ERROR "nlohmann/json.hpp not found in ${PAWNOTES_NLOHMANN_SOURCE} (apt-get install nlohmann-json3-dev)")
endif()
file(COPY "${PAWNOTES_NLOHMANN_SOURCE}" DESTINATION "${CMAKE_BINARY_DIR}/include")
add_library(nlohmann_json INTERFACE)
target_include_directories(nlohmann_json SYSTEM INTERFACE "${CMAKE_BINARY_DIR}/include")
add_library(nlohmann_json::nlohmann_json ALIAS nlohmann_json)

# SQLite: FTS5 on (the note search needs it), no threads (one Database per module instance),
# no loadable extensions (no dlopen in the browser).
add_library(pawnotes_sqlite3 STATIC "${sqlitecpp_dir}/sqlite3/sqlite3.c")
target_include_directories(pawnotes_sqlite3 SYSTEM PUBLIC "${sqlitecpp_dir}/sqlite3")
target_compile_definitions(pawnotes_sqlite3
  PUBLIC SQLITE_ENABLE_FTS5 SQLITE_THREADSAFE=0 SQLITE_OMIT_LOAD_EXTENSION
  PRIVATE SQLITE_DEFAULT_MEMSTATUS=0 SQLITE_OMIT_DEPRECATED SQLITE_OMIT_SHARED_CACHE)
set_target_properties(pawnotes_sqlite3 PROPERTIES LINKER_LANGUAGE C)
target_compile_options(pawnotes_sqlite3 PRIVATE -w)
add_library(SQLite::SQLite3 ALIAS pawnotes_sqlite3)

file(GLOB sqlitecpp_sources CONFIGURE_DEPENDS "${sqlitecpp_dir}/src/*.cpp")
add_library(SQLiteCpp STATIC ${sqlitecpp_sources})
target_include_directories(SQLiteCpp SYSTEM PUBLIC "${sqlitecpp_dir}/include")
target_compile_features(SQLiteCpp PUBLIC cxx_std_17)
target_compile_options(SQLiteCpp PRIVATE -w)
target_link_libraries(SQLiteCpp PUBLIC SQLite::SQLite3)

# Emscripten's prebuilt libc++ declares std::string & co. as extern templates, so every append or
# push_back is an out-of-line call into its library copy, which is far slower than the same code inlined
# into ours (measured: a page of owners as JSON text 77 -> 20 us). Instantiating them in our own -O2
# translation units costs ~13 KB of gzipped .wasm.
add_compile_definitions(_LIBCPP_DISABLE_EXTERN_TEMPLATE)

# C++ exceptions are the core's error channel: on for every target (Emscripten disables them by default).
# OFF only for measuring what JS-based exception handling costs (a throw then aborts: not a usable build).
option(PAWNOTES_WASM_EXCEPTIONS "Catchable C++ exceptions (-fexceptions)" ON)
if(PAWNOTES_WASM_EXCEPTIONS)
  add_compile_options(-fexceptions)
  add_link_options(-fexceptions)
endif()
