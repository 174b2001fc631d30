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
endif()

set(CPACK_PACKAGE_NAME "cci-workbench")
set(CPACK_PACKAGE_VENDOR "CCI Workbench developers")
set(CPACK_PACKAGE_CONTACT "CCI Workbench developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_GENERATOR "DEB")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
include(CPack)
