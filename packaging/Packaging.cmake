# Install layout and CPack configuration (Debian package). The demo corpus and the prompt styles are installed
# under share/cci-workbench (the demo is also embedded in the workbench), so `cci` users find them too.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/resources/demo/ DESTINATION ${CMAKE_INSTALL_DATADIR}/cci-workbench/demo
        COMPONENT cli FILES_MATCHING PATTERN "*.json")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/resources/prompts/ DESTINATION ${CMAKE_INSTALL_DATADIR}/cci-workbench/prompts
        COMPONENT cli FILES_MATCHING PATTERN "*.json")
if(CCI_WITH_QT)
  install(FILES ${CMAKE_SOURCE_DIR}/packaging/cci-workbench.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT gui)
  install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/cci-workbench.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT gui)
  install(FILES ${CMAKE_SOURCE_DIR}/packaging/cci-workbench.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo COMPONENT gui)
endif()

# The full build packages the workbench and the CLI; the headless build (CCI_WITH_QT=OFF) packages `cci` alone,
# without any Qt dependency, for GPU servers.
if(CCI_WITH_QT)
  set(CPACK_PACKAGE_NAME "cci-workbench")
else()
  set(CPACK_PACKAGE_NAME "cci-workbench-headless")
endif()
set(CPACK_PACKAGE_INSTALL_DIRECTORY "/usr")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_PACKAGE_VENDOR "CCI Workbench developers")
set(CPACK_PACKAGE_CONTACT "CCI Workbench developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_GENERATOR "DEB")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
# Not found by shlibdeps: the fast BLAS builds libtorch should resolve (the OpenMP one, which the RPATH prefers - see
# cmake/BlasThreading.cmake - and the pthread one as the system's libblas.so.3), and (for the workbench) a Hangul font and the SVG
# icon plugin.
if(CCI_WITH_QT)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-openmp, libopenblas0-pthread, fonts-nanum | fonts-noto-cjk, libqt6svg6")
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-openmp, libopenblas0-pthread")
endif()
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
include(CPack)
