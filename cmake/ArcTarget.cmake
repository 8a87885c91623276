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

# arc_program(NAME SOURCES... [DEST dir]): a user-mode program linked against
# libs/l4 and libs/rt with the common user linker script.
function(arc_program name)
  cmake_parse_arguments(P "" "DEST" "SOURCES" ${ARGN})
  add_executable(${name} ${P_SOURCES} ${P_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE arc-l4 arc-rt arc-crt0)
  set(script ${CMAKE_SOURCE_DIR}/libs/rt/user.ld)
  target_link_options(${name} PRIVATE -Wl,-T,${script})
  set_target_properties(${name} PROPERTIES LINK_DEPENDS ${script})
  if(NOT P_DEST)
    set(P_DEST system)
  endif()
  arc_stage(${name} ${P_DEST})
endfunction()
