// Fuzz target: a figure file with the scene it draws, loaded and built as `render` and
// `check` do (app/render_job.h). The input is the figure's text, then a line "%%%", then
// the scene's text; the scene is written to scene.yaml in a private folder that the
// figure's relative paths resolve against. A refusal must be an invalid scene or an I/O
// error with a printable message, and an accepted figure's text must pass the text gate.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "app/figure_job.h"
#include "app/render_job.h"
#include "core/limits.h"
#include "core/text.h"
#include "fuzz/fuzz_checks.h"

namespace {

const std::string& Folder() {
  static const std::string folder = [] {
    char pattern[] = "/tmp/convanim-fuzz-XXXXXX";
    if (mkdtemp(pattern) == nullptr) convanim::fuzz::Fail("cannot make a temporary folder");
    return std::string(pattern);
  }();
  return folder;
}

void Write(const std::string& path, const std::string& text) {
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) convanim::fuzz::Fail("cannot write " + path);
  std::fwrite(text.data(), 1, text.size(), file);
  std::fclose(file);
}

void CheckText(const std::string& text, const char* what) {
  const convanim::text::TextRule rule{convanim::limits::kMaxCaptionChars, true};
  if (!convanim::text::TextFault(text, rule).empty()) {
    convanim::fuzz::Fail(std::string("accepted a ") + what +
                         " the text gate refuses: " + convanim::text::Printable(text, 80));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find("\n%%%\n");
  const std::string figure = input.substr(0, split);
  const std::string scene = split == std::string::npos ? std::string() : input.substr(split + 5);
  const std::string figure_path = Folder() + "/figure.yaml";
  Write(figure_path, figure);
  Write(Folder() + "/scene.yaml", scene);
  std::unique_ptr<convanim::LoadedAnimation> loaded;
  const convanim::Status status =
      convanim::LoadAnimation(figure_path, convanim::BuildOptions(), &loaded);
  if (status.code() == convanim::Status::Code::kIoError) {
    if (!convanim::text::IsPrintable(status.ToString())) {
      convanim::fuzz::Fail("unprintable message: " + convanim::text::Printable(status.ToString()));
    }
    return 0;
  }
  convanim::fuzz::CheckRefusal(status);
  if (!status.ok() || !loaded) return 0;
  if (loaded->is_figure()) {
    const convanim::FigureSpec& spec = loaded->figure->spec;
    CheckText(spec.caption, "figure caption");
    for (const convanim::FigurePanel& panel : spec.panels) CheckText(panel.caption, "caption");
    for (const auto& drawn : loaded->figure->scenes) {
      CheckText(drawn->scene.caption, "scene caption");
      CheckText(drawn->scene.style.title, "title");
    }
  } else {
    convanim::fuzz::CheckScene(loaded->scene->scene);
  }
  return 0;
}
