# What `cmake --install build` puts where (prefix /usr/local unless
# CMAKE_INSTALL_PREFIX says otherwise), and the Debian package `cpack -G DEB`
# builds from the same rules. Nothing here runs at install time: no service
# is enabled, started or reloaded (the admin enables the timer).
#
#   bin/domex                              the binary
#   share/domex/                           seed tables (found from bin/../share)
#   share/man/man1/domex.1                 the man page
#   share/bash-completion/completions/domex
#   share/doc/domex/examples/scan.toml     the annotated example config
#   lib/systemd/system/domex-scan.{service,timer}

install(TARGETS domex RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/seeds/resolver/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/domex)
install(FILES ${PROJECT_SOURCE_DIR}/docs/domex.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/domex.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME domex)
install(FILES ${PROJECT_SOURCE_DIR}/seeds/examples/scan.toml
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# The unit names the installed binary and the config under the prefix's
# sysconfdir (/etc for /usr, as in the Debian package). Written at install
# time, for the prefix actually installed to (`--prefix`, or cpack's /usr),
# so one build tree serves `cmake --install` and the package alike.
install(CODE "
  set(DOMEX_BINDIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(DOMEX_SYSCONFDIR /etc)
  else()
    set(DOMEX_SYSCONFDIR \"\${CMAKE_INSTALL_PREFIX}/etc\")
  endif()
  configure_file(${PROJECT_SOURCE_DIR}/packaging/domex-scan.service.in
    ${PROJECT_BINARY_DIR}/packaging/domex-scan.service @ONLY)
")
install(FILES ${PROJECT_BINARY_DIR}/packaging/domex-scan.service
  ${PROJECT_SOURCE_DIR}/packaging/domex-scan.timer
  DESTINATION lib/systemd/system)

# The Debian package: `cpack -G DEB` in the build tree (.ci/package), always
# for the /usr prefix. Depends come from
# the shared libraries the binary links (dpkg-shlibdeps), never from the
# -dev packages it was built with.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME domex)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "domex maintainers <domex@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "domain-exposure monitor: harvestable addresses and lookalike domains")
set(CPACK_PACKAGE_DESCRIPTION
  "domex crawls an institution's web sites as an address harvester would and
reports every e-mail address it exposes, in which form and on which page;
it also checks which lookalike domains of the institution's own exist and
can receive mail.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "publicsuffix")
set(CPACK_STRIP_FILES ON)
include(CPack)
