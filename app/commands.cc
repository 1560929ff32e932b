#include "app/commands.h"

namespace convanim {

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {"render", "render a scene to GIF, MP4, PNG, PDF, SVG or numbered PNGs", RunRender},
      {"guide", "regenerate every animation and figure of the guide", RunGuide},
      {"eval", "print a scene's numbers (input, kernel, output, steps) as JSON", RunEval},
      {"check", "validate scene files (and folders of them)", RunCheck},
      {"explain", "output size, the guide's Relationship and its formula for i, k, s, p, d",
       RunExplain},
      {"schema", "the JSON Schema of scene files (--figure: of figure files) for editors",
       RunSchema},
  };
  return commands;
}

}  // namespace convanim
