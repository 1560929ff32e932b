# convanim_add_figures(TARGET <name> SCENES <scene.yaml>... [FORMATS <format>...]
#                      [OUTPUT_DIRECTORY <dir>] [OPTIONS <render option>...] [DEPENDS <file>...])
#
# Renders scene (or figure) files at build time: one build rule per scene and format, writing
# <OUTPUT_DIRECTORY>/<scene name without .yaml>.<format> with `convanim render`, depending on
# the scene file and on every file the render read (the scenes a figure file draws, fonts:
# `convanim render --depfile`), so make or ninja re-render only what changed. <name> is a target of the ALL build that makes them all.
#   FORMATS           the output extensions (`convanim render --help` lists them); default svg
#   OUTPUT_DIRECTORY  relative to the current binary folder; default <binary folder>/<name>
#   OPTIONS           passed to every render, e.g. --theme dark or --frame 3
#   DEPENDS           further files every render depends on
# Scenes are relative to the current source folder. Works after find_package(convanim) and
# with convanim as a subdirectory (both define the executable target convanim::convanim).
include_guard(GLOBAL)

function(convanim_add_figures)
  cmake_parse_arguments(PARSE_ARGV 0 FIG "" "TARGET;OUTPUT_DIRECTORY" "SCENES;FORMATS;OPTIONS;DEPENDS")
  if(FIG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "convanim_add_figures: unknown arguments: ${FIG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT FIG_TARGET)
    message(FATAL_ERROR "convanim_add_figures: TARGET <name> is required")
  endif()
  if(NOT FIG_SCENES)
    message(FATAL_ERROR "convanim_add_figures(${FIG_TARGET}): SCENES names no scene file")
  endif()
  if(NOT TARGET convanim::convanim)
    message(FATAL_ERROR "convanim_add_figures: no target convanim::convanim; call "
                        "find_package(convanim) or add_subdirectory(<convanim>) first")
  endif()
  if(NOT FIG_FORMATS)
    set(FIG_FORMATS svg)
  endif()
  if(NOT FIG_OUTPUT_DIRECTORY)
    set(FIG_OUTPUT_DIRECTORY ${FIG_TARGET})
  endif()
  get_filename_component(dir "${FIG_OUTPUT_DIRECTORY}" ABSOLUTE BASE_DIR
                         "${CMAKE_CURRENT_BINARY_DIR}")
  # The tool itself is a dependency: a new convanim re-renders. Built here (subdirectory):
  # the target; installed: its file.
  get_target_property(tool_imported convanim::convanim IMPORTED)
  if(tool_imported)
    set(tool_dependency "$<TARGET_FILE:convanim::convanim>")
  else()
    get_target_property(tool_dependency convanim::convanim ALIASED_TARGET)
  endif()
  set(outputs "")
  set(stems "")
  foreach(scene ${FIG_SCENES})
    get_filename_component(source "${scene}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(stem "${source}" NAME_WLE)
    if(stem IN_LIST stems)
      message(FATAL_ERROR "convanim_add_figures(${FIG_TARGET}): two scenes are named "
                          "'${stem}'; their outputs would overwrite each other")
    endif()
    list(APPEND stems "${stem}")
    foreach(format ${FIG_FORMATS})
      set(output "${dir}/${stem}.${format}")
      # The depfile names what the render read besides the scene (the scenes a figure file
      # draws, fonts), so editing those re-renders too.
      add_custom_command(
        OUTPUT "${output}"
        COMMAND convanim::convanim render "${source}" -o "${output}" --quiet
                --depfile "${output}.d" ${FIG_OPTIONS}
        DEPENDS "${source}" ${FIG_DEPENDS} ${tool_dependency}
        DEPFILE "${output}.d"
        COMMENT "convanim: ${stem}.${format}"
        VERBATIM)
      list(APPEND outputs "${output}")
    endforeach()
  endforeach()
  add_custom_target(${FIG_TARGET} ALL DEPENDS ${outputs})
endfunction()
