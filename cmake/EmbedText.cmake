# Run as a script: writes OUTPUT, a C++ file defining `const char* const NAME` with the text of INPUT.
# Used to embed the SQL migrations in the library, so no file has to ship beside it.
if(NOT NAMESPACE)
  set(NAMESPACE pawnotes::sqlite_detail)
endif()
file(READ "${INPUT}" content)
string(FIND "${content}" ")pawnotes_sql\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by cmake/EmbedText.cmake. Do not edit.\nnamespace ${NAMESPACE} {\nextern const char* const ${NAME};\nconst char* const ${NAME} = R\"pawnotes_sql(${content})pawnotes_sql\";\n}  // namespace ${NAMESPACE}\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
