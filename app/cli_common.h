// Helpers the subcommands share: argument parsing with CLI11 and error reporting.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/scene.h"
#include "core/schedule.h"
#include "core/status.h"

namespace convanim {

// Parses argv with `app`. Returns an exit code when the command must stop here
// (--help printed: 0; a usage error, reported on stderr: 2), std::nullopt to go on.
std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv);

// CLI::Range(min, max) for a floating-point option that also refuses NaN and the
// infinities (a NaN compares false with both bounds, so CLI::Range lets it through).
CLI::Validator FiniteRange(double min, double max);

// Prints "convanim: <status>" on stderr and returns the matching exit code.
int Report(const Status& status);

// Flushes standard output and checks that everything written reached it: returns
// `exit_code`, or kExitFailure with a message on stderr after a write error (a full
// disk, /dev/full, a closed pipe).
int FinishStandardOutput(int exit_code);

// A loaded scene with its schedule; the schedule points into the scene, so the two
// live together and never move once loaded.
struct LoadedScene {
  Scene scene;
  Schedule schedule;
};

// The *.yaml and *.yml files in `dir` (and below it when `recursive`), sorted so runs
// are stable. An unreadable folder is Status::IoError.
Status YamlFilesIn(const std::string& dir, bool recursive, std::vector<std::string>* files);

// Loads, validates and schedules the scene at `path`.
Status LoadAndSchedule(const std::string& path, LoadedScene* loaded);

}  // namespace convanim
