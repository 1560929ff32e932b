// The JSON Schema (draft 2020-12) of scene files and figure files, built from the key table
// (core/scene_keys.h): every key with its type, words, range, default and description,
// `additionalProperties: false`, and the keys an operation (a figure layout) does not take
// refused under `allOf`. `convanim schema` prints it; editors use it to complete and check
// scene files (docs/scene-format.md, "Editor support").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/scene_keys.h"

namespace convanim {

nlohmann::ordered_json FileSchema(KeyFile file);

// The keys and words of both formats, each once, as the libFuzzer dictionary
// fuzz/scene.dict lists them ("operation", "convolution", ..., "true", "false").
std::vector<std::string> FormatWords();

}  // namespace convanim
