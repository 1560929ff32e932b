// Runs the built convanim binary as a user would, capturing its output.
#pragma once

#include <string>
#include <vector>

namespace convanim::testing {

struct RunResult {
  int exit_code = -1;  // the process's exit status; -1 if it did not exit normally
  std::string out;     // standard output
  std::string err;     // standard error
};

RunResult RunConvanim(const std::vector<std::string>& args);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& contents);
bool FileExists(const std::string& path);

}  // namespace convanim::testing
