# Installation: `cmake --install BUILD --prefix P` (or `make install PREFIX=P`)
# puts the tools and checkers in P/bin, libnoflat.a in P/lib, the headers
# under P/include/noflat/ (umbrella header noflat/noflat.hpp), the CMake
# package (find_package(noflat) -> noflat::noflat), noflat.pc for pkg-config
# and a man page per tool (generated from --help and --version by help2man).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The umbrella header must include every public header (checked here, so the
# two cannot drift apart).  lib/mpi/ is not part of the installed library: it
# is built into nf_mpi for prove-minimal only (NF_MPI).
file(GLOB_RECURSE NF_PUBLIC_HEADERS RELATIVE ${PROJECT_SOURCE_DIR}/lib CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/lib/*/*.hpp)
list(FILTER NF_PUBLIC_HEADERS EXCLUDE REGEX "^mpi/")
file(READ ${PROJECT_SOURCE_DIR}/lib/noflat.hpp NF_UMBRELLA)
foreach(header ${NF_PUBLIC_HEADERS})
  string(FIND "${NF_UMBRELLA}" "#include \"${header}\"" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "lib/noflat.hpp does not include ${header}")
  endif()
endforeach()

install(TARGETS nf EXPORT noflatTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} ${CMAKE_INSTALL_INCLUDEDIR}/noflat)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/noflat
        FILES_MATCHING PATTERN "*.hpp" PATTERN "mpi" EXCLUDE)
install(TARGETS ${NF_TOOLS} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT noflatTargets NAMESPACE noflat:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/noflat)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/noflatConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/noflatConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/noflat)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/noflatConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/noflatConfig.cmake ${PROJECT_BINARY_DIR}/noflatConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/noflat)

string(JOIN " " NF_PKG_LIBS_TEXT ${NF_PKG_LIBS})
file(RELATIVE_PATH NF_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(${PROJECT_SOURCE_DIR}/cmake/noflat.pc.in ${PROJECT_BINARY_DIR}/noflat.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/noflat.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Man pages from each tool's --help and --version.
find_program(HELP2MAN help2man)
set(NF_SUMMARY_rank-check "check network files against x1...xn: the identities (A2)/(A3) and the rank of A (A7)")
set(NF_SUMMARY_verify-product "verify the paper's product gate (A4) exactly")
set(NF_SUMMARY_verify-monomial "verify the grid gate for a monomial x^r exactly")
set(NF_SUMMARY_prove-minimal "exhaustive minimality proofs for product gates over a finite weight domain")
set(NF_SUMMARY_check-proof "independent checker of prove-minimal certificates (GMP only)")
set(NF_SUMMARY_check-rank "independent checker of rank certificates of A (A7) (GMP only)")
set(NF_SUMMARY_evaluate-gate "a product gate at finite scale, with certified errors")
set(NF_SUMMARY_certify-approx "the certified worst-case error of a real network against x^r on a box")
set(NF_SUMMARY_deep-product "the deep binary-tree product network of section 3.8")
set(NF_SUMMARY_audit-paper "check every quantitative statement of the paper")
if(HELP2MAN)
  set(NF_MAN_PAGES)
  foreach(tool ${NF_TOOLS})
    set(summary "${NF_SUMMARY_${tool}}")
    if(summary STREQUAL "")
      set(summary "a noflat tool")
    endif()
    set(page ${PROJECT_BINARY_DIR}/man/${tool}.1)
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
      COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section=1 --source=noflat
              --name=${summary} --output=${page} $<TARGET_FILE:${tool}>
      DEPENDS ${tool} VERBATIM)
    list(APPEND NF_MAN_PAGES ${page})
  endforeach()
  add_custom_target(man ALL DEPENDS ${NF_MAN_PAGES})
  install(FILES ${NF_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man pages")
endif()
