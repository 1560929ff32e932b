# `cmake --install build --prefix P` installs the tool, the licences of the fonts compiled
# into it, and a CMake package: find_package(convanim) gives the imported executable
# convanim::convanim and convanim_add_figures() (cmake/ConvanimFigures.cmake).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(CONVANIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/convanim)
install(TARGETS convanim EXPORT convanimTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/assets/fonts/LICENSE-latin-modern.txt
              ${PROJECT_SOURCE_DIR}/assets/fonts/LICENSE-dejavu.txt
              ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(EXPORT convanimTargets NAMESPACE convanim:: DESTINATION ${CONVANIM_CMAKE_DIR})
file(WRITE ${PROJECT_BINARY_DIR}/convanimConfig.cmake
     "include(\"\${CMAKE_CURRENT_LIST_DIR}/convanimTargets.cmake\")\n"
     "include(\"\${CMAKE_CURRENT_LIST_DIR}/ConvanimFigures.cmake\")\n")
write_basic_package_version_file(${PROJECT_BINARY_DIR}/convanimConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/convanimConfig.cmake
              ${PROJECT_BINARY_DIR}/convanimConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/ConvanimFigures.cmake
        DESTINATION ${CONVANIM_CMAKE_DIR})
