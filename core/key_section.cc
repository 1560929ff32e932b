#include "core/key_section.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

#include "core/yaml_words.h"

namespace convanim {
namespace {

// "0.01", "3600": a bound as messages write it.
std::string Number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

}  // namespace

Status KeySection::Read(yaml::NodeId map, const std::string& where) {
  std::vector<std::string> names;
  for (const KeySpec* row : rows_) names.push_back(row->name);
  return r_.ReadMapping(map, where, names, &entries_);
}

std::size_t KeySection::Index(const char* name) const {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (rows_[i]->name == name) return i;
  }
  std::abort();  // a loader asked for a key its section lacks
}

Status KeySection::RefuseUnaccepted(Operation op) const {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (!entries_[i].present() || Accepts(*rows_[i], op)) continue;
    return r_.Error(entries_[i].key,
                    "'" + QualifiedName(*rows_[i]) + "' " + WithOperation(rows_[i]->refusal, op));
  }
  return Status::Ok();
}

const KeySpec* KeySection::FirstOutsideLayout(uint32_t layout_bit) const {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (entries_[i].present() && rows_[i]->layouts != 0 && (rows_[i]->layouts & layout_bit) == 0) {
      return rows_[i];
    }
  }
  return nullptr;
}

Status KeySection::Get(const char* name, int* out) const {
  const KeySpec& row = Row(name);
  if (!(*this)[name].present()) return Status::Ok();
  return r_.ReadInt((*this)[name].value, QualifiedName(row), static_cast<int>(row.min),
                    static_cast<int>(row.max), out);
}

Status KeySection::Get(const char* name, int64_t* out) const {
  const KeySpec& row = Row(name);
  if (!(*this)[name].present()) return Status::Ok();
  return r_.ReadInt((*this)[name].value, QualifiedName(row), static_cast<int64_t>(row.min),
                    static_cast<int64_t>(row.max), out);
}

Status KeySection::Get(const char* name, std::array<int, 2>* out) const {
  const KeySpec& row = Row(name);
  if (!(*this)[name].present()) return Status::Ok();
  return r_.ReadPair((*this)[name].value, QualifiedName(row), static_cast<int>(row.min),
                     static_cast<int>(row.max), out);
}

Status KeySection::Get(const char* name, bool* out) const {
  if (!(*this)[name].present()) return Status::Ok();
  return r_.ReadBool((*this)[name].value, QualifiedName(Row(name)), out);
}

Status KeySection::Get(const char* name, std::string* out) const {
  const KeySpec& row = Row(name);
  if (!(*this)[name].present()) return Status::Ok();
  const std::size_t max =
      row.max > 0 ? static_cast<std::size_t>(row.max) : std::numeric_limits<std::size_t>::max();
  return r_.ReadText((*this)[name].value, QualifiedName(row), max, out);
}

Status KeySection::Get(const char* name, double* out) const {
  const KeySpec& row = Row(name);
  const yaml::Entry& e = (*this)[name];
  if (!e.present()) return Status::Ok();
  Status status = r_.ReadNumber(e.value, QualifiedName(row), out);
  if (!status.ok()) return status;
  if (row.zero_allowed && *out == 0) return Status::Ok();
  if (*out < row.min || *out > row.max) {
    return r_.Error(e.value, QualifiedName(row) + " must be " +
                                 (row.zero_allowed ? "0 (automatic) or " : "") + "between " +
                                 Number(row.min) + " and " + Number(row.max) + " " + row.unit +
                                 ", got " + std::string(r_.doc().scalar(e.value)));
  }
  return Status::Ok();
}

Status KeySection::GetWord(const char* name, std::size_t* index) const {
  const KeySpec& row = Row(name);
  if (!(*this)[name].present()) return Status::Ok();
  return r_.ReadWord((*this)[name].value, QualifiedName(row), row.words(), index, row.any_case);
}

Status KeySection::GetIntegerOrWord(const char* name, int* out, std::size_t* word) const {
  const KeySpec& row = Row(name);
  const yaml::Entry& e = (*this)[name];
  if (!e.present()) return Status::Ok();
  const yaml::NodeId n = e.value;
  if (r_.Kind(n) == yaml::NodeKind::kScalar &&
      (!r_.doc().node(n).plain || yaml::Classify(r_.doc().scalar(n)) == yaml::ScalarClass::kWord)) {
    return r_.ReadWord(n, QualifiedName(row), row.words(), word);
  }
  const bool integer =
      r_.IsPlain(n) && (yaml::Classify(r_.doc().scalar(n)) == yaml::ScalarClass::kInteger ||
                        yaml::Classify(r_.doc().scalar(n)) == yaml::ScalarClass::kLeadingZero);
  if (!integer) {
    return r_.Error(n, QualifiedName(row) + " must be " + JoinWords(row.words()) +
                           " or an integer from " + Number(row.min) + " to " + Number(row.max) +
                           ", got " + r_.Describe(n));
  }
  return r_.ReadInt(n, QualifiedName(row), static_cast<int>(row.min), static_cast<int>(row.max),
                    out);
}

}  // namespace convanim
