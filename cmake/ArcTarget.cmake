# Helpers for the i686 target tree.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)

# The kernel's published interface (kernel/api) is the one header set both sides
# of the system-call boundary include.
set(ARC_KERNEL_API_DIR ${CMAKE_SOURCE_DIR}/kernel)

# arc_stage(TARGET DEST): copy a linked program into the sysroot the image is made
# from, e.g. arc_stage(sigma0 boot) puts it at sysroot/boot/sigma0.
function(arc_stage target dest)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ARC_SYSROOT}/${dest}
    COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:${target}> ${ARC_SYSROOT}/${dest}/${target}
    VERBATIM)
endfunction()

# arc_program(NAME SOURCES... [DEST dir] [RUNTIME kind] [LINKER_SCRIPT file])
# A user-mode program linked against libs/l4 and libs/rt.
#   RUNTIME process  (default) started by a P3: libs/arc's hooks send output to
#                    the console and exit, heap growth and panics to the P3
#   RUNTIME bare     talks to the kernel only (sigma0, ktest): output on the
#                    kernel console, exit halts the thread
#   RUNTIME own      the program defines the rt hooks itself (ART, P3)
# DEST is the sysroot folder (default: system); LINKER_SCRIPT replaces user.ld.
function(arc_program name)
  cmake_parse_arguments(P "" "DEST;RUNTIME;LINKER_SCRIPT" "SOURCES" ${ARGN})
  add_executable(${name} ${P_SOURCES} ${P_UNPARSED_ARGUMENTS})
  if(NOT P_RUNTIME)
    set(P_RUNTIME process)
  endif()
  if(P_RUNTIME STREQUAL "process")
    target_link_libraries(${name} PRIVATE arc-process)
  elseif(P_RUNTIME STREQUAL "bare")
    target_link_libraries(${name} PRIVATE arc-l4-bare)
  elseif(NOT P_RUNTIME STREQUAL "own")
    message(FATAL_ERROR "arc_program(${name}): RUNTIME must be process, bare or own")
  endif()
  target_link_libraries(${name} PRIVATE arc-l4 arc-rt arc-crt0)
  if(NOT P_LINKER_SCRIPT)
    set(P_LINKER_SCRIPT ${CMAKE_SOURCE_DIR}/libs/rt/user.ld)
  endif()
  target_link_options(${name} PRIVATE -Wl,-T,${P_LINKER_SCRIPT})
  set_target_properties(${name} PROPERTIES LINK_DEPENDS ${P_LINKER_SCRIPT})
  if(NOT P_DEST)
    set(P_DEST system)
  endif()
  arc_stage(${name} ${P_DEST})
endfunction()
