// Reads a scene file (YAML, format v1, documented in docs/scene-format.md) into a
// validated Scene. Every fault comes back as Status::InvalidScene with the file name
// and, where the fault has a place in the file, its line and column. yaml-cpp
// exceptions never escape; nothing is allocated in proportion to a size the file
// claims until that size has been checked against core/limits.h.
#pragma once

#include <string>

#include "core/scene.h"
#include "core/status.h"

namespace convanim {

// Reads and validates the file at `path`. On failure *scene is unspecified.
// A missing or unreadable file is Status::IoError.
Status LoadSceneFile(const std::string& path, Scene* scene);

// Parses scene text; `source_name` is used in messages as the file name.
Status ParseScene(const std::string& text, const std::string& source_name, Scene* scene);

}  // namespace convanim
