# Install rules: headers, the exported targets, and a relocatable package config.
include(CMakePackageConfigHelpers)

if(POLYLLM_FETCHED_DEPENDENCIES)
    message(WARNING "polyllm: ${POLYLLM_FETCHED_DEPENDENCIES} were downloaded, not found installed; an installed "
                    "polyllm package will need them installed too")
endif()

set(POLYLLM_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/polyllm")

install(TARGETS polyllm EXPORT polyllmTargets)
install(DIRECTORY include/polyllm DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
# The offline way to make vocabularies (from the npm packages' forms), named for the package on a shared PATH.
install(PROGRAMS tools/tiktoken-convert DESTINATION "${CMAKE_INSTALL_BINDIR}" RENAME polyllm-tiktoken-convert)
if(POLYLLM_INSTALL_VOCABULARIES)  # checked in polyllmVocabularies.cmake
    install(FILES ${POLYLLM_VOCABULARY_FILES} DESTINATION "${POLYLLM_VOCABULARY_INSTALL_DIR}")
endif()
install(EXPORT polyllmTargets NAMESPACE polyllm:: DESTINATION "${POLYLLM_CMAKE_DIR}")

configure_package_config_file(cmake/polyllmConfig.cmake.in
    "${CMAKE_CURRENT_BINARY_DIR}/polyllmConfig.cmake"
    INSTALL_DESTINATION "${POLYLLM_CMAKE_DIR}")
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/polyllmConfigVersion.cmake"
    COMPATIBILITY SameMinorVersion
    ARCH_INDEPENDENT)
install(FILES
    "${CMAKE_CURRENT_BINARY_DIR}/polyllmConfig.cmake"
    "${CMAKE_CURRENT_BINARY_DIR}/polyllmConfigVersion.cmake"
    cmake/FindAsio.cmake
    DESTINATION "${POLYLLM_CMAKE_DIR}")
