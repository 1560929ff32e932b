// One mapping of a scene or figure file (the top level, input, kernel, style, a panel)
// read against the rows of its section of the key table (core/scene_keys.h): unknown keys
// with "did you mean", duplicates, the keys an operation does not take, and typed reads
// with each row's range and words. Shared by core/scene_loader.cc and core/figure_spec.cc.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/scene_keys.h"
#include "core/yaml_reader.h"

namespace convanim {

class KeySection {
 public:
  KeySection(const yaml::Reader& r, KeyFile file, const std::string& section)
      : r_(r), rows_(SectionKeys(file, section)) {}

  // Reads the mapping `map`; `where` names it in messages ("'input'", "the figure").
  Status Read(yaml::NodeId map, const std::string& where);

  // The entry of a key of this section (absent: !present()).
  const yaml::Entry& operator[](const char* name) const { return entries_[Index(name)]; }
  const KeySpec& Row(const char* name) const { return *rows_[Index(name)]; }

  // Refuses the first key given that `op` does not take ("'groups' applies to convolutions
  // only, not max_pooling").
  Status RefuseUnaccepted(Operation op) const;
  // The first key given whose row leaves out the figure layout `layout_bit` (nullptr: none).
  const KeySpec* FirstOutsideLayout(uint32_t layout_bit) const;

  // Typed reads of a key the file gives, with the row's range and words, named in messages
  // by QualifiedName; a key not given leaves *out as it is.
  Status Get(const char* name, int* out) const;
  Status Get(const char* name, int64_t* out) const;
  Status Get(const char* name, std::array<int, 2>* out) const;
  Status Get(const char* name, bool* out) const;
  Status Get(const char* name, std::string* out) const;  // text: at most row.max characters
  Status Get(const char* name, double* out) const;       // between min and max (or 0)
  // A word of the row's words; *index is its position.
  Status GetWord(const char* name, std::size_t* index) const;
  // kIntegerOrWord: an integer within the row's range (*out, *word left as it is) or one of
  // its words (*word is its position, *out left as it is).
  Status GetIntegerOrWord(const char* name, int* out, std::size_t* word) const;

 private:
  std::size_t Index(const char* name) const;

  const yaml::Reader& r_;
  std::vector<const KeySpec*> rows_;
  std::vector<yaml::Entry> entries_;
};

}  // namespace convanim
