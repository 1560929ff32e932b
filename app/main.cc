// convanim: thin entry point. Looks the subcommand up in the table and runs it.
// Every exception ends as a message and exit status 1 (never an abort), and standard
// output is flushed and checked before the exit status is returned.
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "app/cli_common.h"
#include "app/commands.h"
#include "core/status.h"
#include "core/text.h"
#include "core/version.h"
#include "core/yaml_words.h"

namespace {

void PrintUsage(FILE* out) {
  std::fprintf(out,
               "convanim %s: animated figures of convolution arithmetic\n\n"
               "usage: convanim <command> [options]\n\ncommands:\n",
               CONVANIM_VERSION);
  for (const auto& command : convanim::Commands()) {
    std::fprintf(out, "  %-9s %s\n", command.name, command.summary);
  }
  std::fprintf(out,
               "\n'convanim <command> --help' describes a command.\n"
               "exit status: 0 success, 1 I/O or internal failure, 2 invalid scene or usage\n");
}

int Run(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return convanim::kExitInvalid;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return convanim::kExitSuccess;
  }
  if (name == "--version" || name == "-V" || name == "version") {
    std::printf("convanim %s\n", CONVANIM_VERSION);
    return convanim::kExitSuccess;
  }
  std::vector<std::string> names;
  for (const auto& command : convanim::Commands()) {
    if (name == command.name) return command.run(argc - 1, argv + 1);
    names.push_back(command.name);
  }
  std::string hint = convanim::ClosestWord(name, names);
  std::fprintf(stderr, "convanim: unknown command '%s'%s\n",
               convanim::text::Printable(name, 64).c_str(),
               hint.empty() ? "" : (", did you mean '" + hint + "'?").c_str());
  std::fprintf(stderr, "run 'convanim --help' for the list of commands\n");
  return convanim::kExitInvalid;
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = convanim::kExitFailure;
  try {
    exit_code = Run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "convanim: error: out of memory\n");
    exit_code = convanim::kExitFailure;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "convanim: internal error: %s\n",
                 convanim::text::Printable(error.what(), 200).c_str());
    exit_code = convanim::kExitFailure;
  } catch (...) {
    std::fprintf(stderr, "convanim: internal error: an unknown exception\n");
    exit_code = convanim::kExitFailure;
  }
  return convanim::FinishStandardOutput(exit_code);
}
