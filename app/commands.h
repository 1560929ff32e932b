// The subcommands of the convanim tool. Each takes the arguments after its name
// (argv[0] is the subcommand name) and returns an ExitCode (core/status.h).
#pragma once

#include <string>
#include <vector>

namespace convanim {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);
};

int RunEval(int argc, char** argv);
int RunCheck(int argc, char** argv);
int RunExplain(int argc, char** argv);
int RunRender(int argc, char** argv);
int RunGuide(int argc, char** argv);
int RunSchema(int argc, char** argv);

// The table main() dispatches on, in the order --help lists them.
const std::vector<Command>& Commands();

}  // namespace convanim
