# The python engine's interpreters. GILBENCH_PYTHONS lists the CPython
# executables (>= 3.11, built with --enable-shared) the engine can run; each
# gets a module, build/engines/gilbench_python_<tag>.so, compiled against
# that interpreter's headers and linked to its libpython. `gilbench serve
# --python PATH` picks the module whose interpreter PATH resolves to and
# loads it at run time, so one binary runs every listed interpreter (one per
# process: two libpythons cannot share a process).
#
# Adding an interpreter: scripts/build.sh -DGILBENCH_PYTHONS="/usr/bin/python3.11;/opt/py/bin/python3.14t"
# (docs/python-engine.md, "Where interpreters come from").
set(GILBENCH_PYTHONS "/usr/bin/python3.11" CACHE STRING
  "CPython executables (';'-separated, the first is the default) the python engine can run")

# version;include dir;libpython path;libdir;free-threaded;build flags;real path
set(_gilbench_python_probe [=[
import os, sys, sysconfig as s
v = s.get_config_var
args = (v("CONFIG_ARGS") or "") + " " + (v("PY_CFLAGS_NODIST") or "") + " " + (v("PY_LDFLAGS_NODIST") or "")
flags = [n for n, k in (("pgo", "--enable-optimizations"), ("lto", "--with-lto")) if k in args]
if "-flto" in args and "lto" not in flags: flags.append("lto")
lib = os.path.join(v("LIBDIR") or "", v("LDLIBRARY") or "")
print(";".join([".".join(map(str, sys.version_info[:3])), s.get_path("include"), lib, v("LIBDIR") or "",
                "1" if v("Py_GIL_DISABLED") else "0", "+".join(flags) or "none recorded",
                os.path.realpath(sys.executable), str(v("Py_ENABLE_SHARED") or 0)]))
]=])

function(_gilbench_probe_python exe out)
  execute_process(COMMAND ${exe} -I -c "${_gilbench_python_probe}"
    OUTPUT_VARIABLE info RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "GILBENCH_PYTHONS: ${exe} does not run (${rc})")
  endif()
  set(${out} "${info}" PARENT_SCOPE)
endfunction()

# Makes one module per interpreter and the table the core reads
# (generated/engines/python/interpreters.h); `core` gets both headers.
function(gilbench_python_modules core)
  set(GILBENCH_WORKLOADS_PY ${CMAKE_SOURCE_DIR}/src/engines/python/gilbench_workloads.py)
  file(READ ${GILBENCH_WORKLOADS_PY} GILBENCH_WORKLOADS_PY_SOURCE)
  set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${GILBENCH_WORKLOADS_PY})
  set(gen ${CMAKE_BINARY_DIR}/generated)
  configure_file(${CMAKE_SOURCE_DIR}/src/engines/python/workloads_source.h.in
    ${gen}/engines/python/workloads_source.h @ONLY)
  set(rows "")
  set(modules "")
  foreach(exe IN LISTS GILBENCH_PYTHONS)
    _gilbench_probe_python(${exe} info)
    list(GET info 0 version)
    list(GET info 1 include)
    list(GET info 2 libpython)
    list(GET info 3 libdir)
    list(GET info 4 ft)
    list(GET info 5 flags)
    list(GET info 6 real)
    list(GET info 7 shared)
    if(version VERSION_LESS 3.11 OR NOT shared OR NOT EXISTS ${include}/Python.h OR NOT EXISTS ${libpython})
      message(FATAL_ERROR "GILBENCH_PYTHONS: ${exe} (${version}) needs CPython >= 3.11 built with "
        "--enable-shared and its headers (${include}/Python.h, ${libpython})")
    endif()
    string(REGEX MATCH "^[0-9]+\\.[0-9]+" minor ${version})
    set(tag ${minor})
    if(ft)
      set(tag ${minor}t)
    endif()
    string(REPLACE "." "_" id ${tag})
    set(target gilbench_python_${id})
    if(NOT TARGET ${target})
      add_library(${target} MODULE ${CMAKE_SOURCE_DIR}/src/engines/python/module/python_module.cpp)
      target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR}/src ${gen} ${include})
      target_link_libraries(${target} PRIVATE ${libpython})
      set_target_properties(${target} PROPERTIES PREFIX "" POSITION_INDEPENDENT_CODE ON
        LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/engines
        BUILD_RPATH ${libdir} CXX_VISIBILITY_PRESET hidden)
      list(APPEND modules ${target})
    endif()
    string(APPEND rows "    {\"${exe}\", \"${real}\", \"${version}\", \"${tag}\", ${ft}, \"${flags}\", \"${target}.so\"},\n")
  endforeach()
  set(GILBENCH_PYTHON_ROWS "${rows}")
  configure_file(${CMAKE_SOURCE_DIR}/src/engines/python/interpreters.h.in
    ${gen}/engines/python/interpreters.h @ONLY)
  target_include_directories(${core} PRIVATE ${gen})
  target_compile_definitions(${core} PRIVATE GILBENCH_ENGINE_DIR="${CMAKE_BINARY_DIR}/engines")
  add_dependencies(${core} ${modules})
endfunction()
