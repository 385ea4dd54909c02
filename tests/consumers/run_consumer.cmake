# Builds and runs a consumer project of pawnotes (cmake -P). Variables:
#   MODE                find_package | add_subdirectory
#   PAWNOTES_SOURCE_DIR the pawnotes source tree
#   PAWNOTES_BUILD_DIR  (find_package) a configured and built pawnotes build tree to install
#   WORK_DIR            a scratch directory (emptied first)
#   GENERATOR, BUILD_TYPE, CXX_COMPILER, EXTRA_CXX_FLAGS  passed on to the consumer's configure
# find_package mode also builds the admin CLI (examples/cli) on its own against the install and runs it.
cmake_minimum_required(VERSION 3.16)

foreach(var MODE PAWNOTES_SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake: ${var} is required")
  endif()
endforeach()
if(NOT BUILD_TYPE)
  set(BUILD_TYPE Debug)
endif()

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${what} failed (${code}):\n${out}\n${err}")
  endif()
  message(STATUS "${what}: ok")
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

set(configure_args -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
if(GENERATOR)
  list(APPEND configure_args -G "${GENERATOR}")
endif()
if(CXX_COMPILER)
  list(APPEND configure_args -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
endif()
if(EXTRA_CXX_FLAGS)
  list(APPEND configure_args "-DCMAKE_CXX_FLAGS=${EXTRA_CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${EXTRA_CXX_FLAGS}")
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

if(MODE STREQUAL "find_package")
  if(NOT PAWNOTES_BUILD_DIR)
    message(FATAL_ERROR "run_consumer.cmake: PAWNOTES_BUILD_DIR is required for find_package")
  endif()
  set(prefix "${WORK_DIR}/prefix")
  run_step("install pawnotes" ${CMAKE_COMMAND} --install "${PAWNOTES_BUILD_DIR}" --prefix "${prefix}")
  foreach(file include/pawnotes/pawnotes.hpp)
    if(NOT EXISTS "${prefix}/${file}")
      message(FATAL_ERROR "the install lacks ${file}")
    endif()
  endforeach()
  file(GLOB_RECURSE config_files "${prefix}/*/pawnotesConfig.cmake")
  if(NOT config_files)
    message(FATAL_ERROR "the install lacks pawnotesConfig.cmake")
  endif()

  run_step("configure the find_package consumer" ${CMAKE_COMMAND} -S "${PAWNOTES_SOURCE_DIR}/tests/consumers/find_package"
           -B "${WORK_DIR}/consumer" ${configure_args} "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
  run_step("build the find_package consumer" ${CMAKE_COMMAND} --build "${WORK_DIR}/consumer" --parallel 2)
  run_step("run the find_package consumer" "${WORK_DIR}/consumer/consumer")
  message(STATUS "${step_output}")

  # The admin CLI, standalone against the installed package.
  run_step("configure the CLI against the install" ${CMAKE_COMMAND} -S "${PAWNOTES_SOURCE_DIR}/examples/cli"
           -B "${WORK_DIR}/cli" ${configure_args} "-DCMAKE_PREFIX_PATH=${prefix}" -DBUILD_TESTING=OFF
           -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
  run_step("build the CLI against the install" ${CMAKE_COMMAND} --build "${WORK_DIR}/cli" --parallel 2)
  run_step("run the CLI: init" "${WORK_DIR}/cli/pawnotes" init --db "${WORK_DIR}/cli-data/p.db" --org "Consumer Org")
  run_step("run the CLI: stats" "${WORK_DIR}/cli/pawnotes" stats --db "${WORK_DIR}/cli-data/p.db")
  if(NOT step_output MATCHES "owners: 0")
    message(FATAL_ERROR "unexpected stats output:\n${step_output}")
  endif()
elseif(MODE STREQUAL "add_subdirectory")
  run_step("configure the add_subdirectory consumer" ${CMAKE_COMMAND} -S "${PAWNOTES_SOURCE_DIR}/tests/consumers/add_subdirectory"
           -B "${WORK_DIR}/consumer" ${configure_args} "-DPAWNOTES_SOURCE_DIR=${PAWNOTES_SOURCE_DIR}")
  run_step("build the add_subdirectory consumer" ${CMAKE_COMMAND} --build "${WORK_DIR}/consumer" --parallel 2)
  run_step("run the add_subdirectory consumer" "${WORK_DIR}/consumer/consumer")
  message(STATUS "${step_output}")
else()
  message(FATAL_ERROR "run_consumer.cmake: unknown MODE '${MODE}'")
endif()
