// Fuzz target: the gallery writer (app/gallery.h) with arbitrary bytes in every text it
// takes from scenes, figures and file names (even bytes the loader's text gate refuses:
// the writer must be safe on its own). The input's fields are separated by NUL bytes:
// scene caption, scene name, figure number, figure caption, a file link, the scene link.
// Invariants: every '<', '>', '"' and line break of the page is the writer's own (the page
// has as many as with harmless text), and no field reaches the page as a javascript: link.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/gallery.h"
#include "core/scene_loader.h"
#include "core/schedule.h"
#include "fuzz/fuzz_checks.h"

namespace {

struct Loaded {
  convanim::Scene scene;
  convanim::Schedule schedule;
};

const Loaded& Base() {
  static const Loaded* loaded = [] {
    auto* l = new Loaded;
    const convanim::Status status = convanim::ParseScene(
        "operation: convolution\ninput: {size: 5}\nkernel: {size: 3}\n", "base.yaml", &l->scene);
    if (!status.ok()) convanim::fuzz::Fail(status.ToString());
    if (!convanim::Schedule::Build(l->scene, &l->schedule).ok()) convanim::fuzz::Fail("schedule");
    return l;
  }();
  return *loaded;
}

std::string Gallery(const std::vector<std::string>& field) {
  const Loaded& base = Base();
  convanim::Scene scene = base.scene;
  scene.caption = field[0];
  convanim::GalleryAnimation animation;
  animation.name = field[1];
  animation.scene = &scene;
  animation.schedule = &base.schedule;
  animation.figure = field[2];
  animation.files["svg"] = field[4];
  animation.files["gif"] = field[4] + ".gif";
  animation.scene_link = field[5];
  convanim::FigureSpec spec;
  spec.figure = field[2];
  spec.caption = field[3];
  convanim::GalleryFigure figure;
  figure.spec = &spec;
  figure.files["svg"] = field[4];
  // The animation's schedule must point at its own scene: rebuild it.
  convanim::Schedule schedule;
  if (!convanim::Schedule::Build(scene, &schedule).ok()) convanim::fuzz::Fail("schedule");
  animation.schedule = &schedule;
  return convanim::GalleryMarkdown({animation}, {figure}, "convanim guide " + field[1]);
}

std::size_t Count(const std::string& text, char c) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), c));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> field(6);
  std::size_t n = 0;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0 && n + 1 < field.size()) {
      ++n;
    } else {
      field[n] += static_cast<char>(data[i]);
    }
  }
  const std::string page = Gallery(field);
  // The same page with harmless text of the same shape ("x" in every non-empty field).
  std::vector<std::string> plain(field.size());
  for (std::size_t i = 0; i < field.size(); ++i) plain[i] = field[i].empty() ? "" : "x";
  const std::string reference = Gallery(plain);
  for (char c : {'<', '>', '"', '\n', '\r'}) {
    if (Count(page, c) != Count(reference, c)) {
      convanim::fuzz::Fail(std::string("text reached the page as markup ('") + c +
                           "'): " + convanim::text::Printable(page, 2000));
    }
  }
  std::string lower = page;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  if (lower.find("](javascript:") != std::string::npos ||
      lower.find("=\"javascript:") != std::string::npos) {
    convanim::fuzz::Fail("a javascript: link: " + convanim::text::Printable(page, 2000));
  }
  return 0;
}
