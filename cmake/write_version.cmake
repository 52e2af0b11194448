# Writes generated/aquifer_version.hpp at BUILD time (the aquifer_version target runs it on
# every build), so `aquifer --version`, provenance.json and the heads.h5/heads.nc build info
# name the code that was actually compiled, not the commit of the last configure.
#
#   cmake -DSOURCE_DIR=<source tree> -DTEMPLATE=<app/version.hpp.in> -DOUTPUT=<header>
#         -DPROJECT_VERSION=<x.y.z> -DGIT_EXECUTABLE=<git or empty> -P write_version.cmake
#
# AQUIFER_GIT_COMMIT is
#   <12 hex digits>        HEAD, when no tracked file differs from it
#   <12 hex digits>-dirty  HEAD, when tracked files have uncommitted (staged or not) changes
#   unknown                git missing, or SOURCE_DIR is not the top of a git checkout
#                          (a source tarball, even one unpacked inside another repository)
# The header is rewritten only when its text changes (configure_file leaves an identical file
# untouched), so an unchanged commit recompiles nothing.

foreach(var SOURCE_DIR TEMPLATE OUTPUT PROJECT_VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "write_version.cmake: -D${var}=... is required")
  endif()
endforeach()

# Read-only: git must not take the index lock during a build (the developer may be running git).
set(ENV{GIT_OPTIONAL_LOCKS} 0)

function(aquifer_git_commit out_var)
  set(${out_var} "unknown" PARENT_SCOPE)
  if(NOT GIT_EXECUTABLE)
    return()
  endif()
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --show-toplevel
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE top
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT rc EQUAL 0)
    return()
  endif()
  file(REAL_PATH "${top}" top)
  file(REAL_PATH "${SOURCE_DIR}" source)
  if(NOT top STREQUAL source)
    return()  # the source tree sits inside some other repository
  endif()
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE commit
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT rc EQUAL 0 OR commit STREQUAL "")
    return()  # e.g. a repository with no commit yet
  endif()
  # Exit status 1: tracked files differ from HEAD (content, not timestamps; untracked ignored).
  execute_process(COMMAND ${GIT_EXECUTABLE} diff --quiet --no-ext-diff HEAD --
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(rc EQUAL 1)
    string(APPEND commit "-dirty")
  elseif(NOT rc EQUAL 0)
    return()
  endif()
  set(${out_var} "${commit}" PARENT_SCOPE)
endfunction()

aquifer_git_commit(AQUIFER_GIT_COMMIT)
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
