#include "app/render_job.h"

#include <algorithm>

#include "core/figure_spec.h"
#include "exporters/output_file.h"
#include "renderer/fonts.h"

namespace convanim {

Status LoadAnimation(const std::string& path, const BuildOptions& options,
                     std::unique_ptr<LoadedAnimation>* out) {
  auto loaded = std::make_unique<LoadedAnimation>();
  SceneModelOptions model = options.model;
  if (!options.fonts.empty()) {
    Status status = Fonts::Load(options.fonts, &model.fonts);
    if (!status.ok()) return status;
  }
  if (model.words != nullptr) {
    // Every word of the language must have glyphs: else the picture would show boxes.
    const std::string& language = model.words->language();
    const auto covers = [&](const Fonts& fonts) {
      for (const auto& [key, text] : model.words->entries()) {
        Status covered = fonts.CheckCovered(text, "--language " + language);
        if (!covered.ok()) return covered;
      }
      return Status::Ok();
    };
    const std::shared_ptr<const Fonts> fonts = model.fonts ? model.fonts : Fonts::Embedded();
    if (fonts == nullptr) return Fonts::EmbeddedStatus();
    Status covered = covers(*fonts);
    // Else a font of this machine for the language (fontconfig: Debian's fonts-noto-cjk
    // for Chinese), after the --font files.
    Fonts::SystemFont system;
    if (!covered.ok() && Fonts::FindSystemFont(language, &system)) {
      std::shared_ptr<const Fonts> with_system;
      if (Fonts::Load(options.fonts, &with_system, {system}).ok() && covers(*with_system).ok()) {
        model.fonts = with_system;
        covered = Status::Ok();
      }
    }
    if (!covered.ok()) {
      return Status::InvalidScene(
          covered.message() +
          "; no installed font has it either (for Chinese, install Debian's fonts-noto-cjk, or "
          "give --font /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc)");
    }
  }
  Status status;
  if (LooksLikeFigureFile(path)) {
    loaded->figure = std::make_unique<LoadedFigure>();
    FigureModelOptions figure_options;
    figure_options.scene = model;
    figure_options.show_caption = options.show_caption;
    status = LoadFigure(path, figure_options, loaded->figure.get());
  } else {
    loaded->scene = std::make_unique<LoadedScene>();
    status = LoadAndSchedule(path, loaded->scene.get());
    if (status.ok()) {
      status = BuildSceneAnimation(loaded->scene->scene, loaded->scene->schedule, model,
                                   &loaded->animation);
    }
  }
  if (!status.ok()) return status;
  *out = std::move(loaded);
  return Status::Ok();
}

std::vector<std::string> LoadedAnimation::InputFiles(const std::string& path) const {
  std::vector<std::string> files{path};
  auto add = [&files](const std::string& file) {
    if (!file.empty() && std::find(files.begin(), files.end(), file) == files.end()) {
      files.push_back(file);
    }
  };
  if (figure) {
    for (const FigurePanel& panel : figure->spec.panels) add(panel.scene_path);
    for (const auto& drawn : figure->scenes) add(drawn->scene.style.font);
  } else if (scene) {
    add(scene->scene.style.font);
  }
  return files;
}

namespace {

// A name as Make and Ninja read it in a depfile: spaces, '#', '$' and ':' escaped.
std::string DepfileName(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '#' || c == '\\' || c == ':') out += '\\';
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

}  // namespace

Status RunRenderJob(const RenderJob& job, ExportSummary* summary, std::vector<std::string>* notes) {
  const Format* format = nullptr;
  Status status = FormatForPath(job.output_path, &format);
  if (!status.ok()) return status;
  std::unique_ptr<LoadedAnimation> loaded;
  status = LoadAnimation(job.input_path, job.build, &loaded);
  if (!status.ok()) return status;
  if (notes != nullptr) *notes = loaded->model().notes;
  status = Export(loaded->model(), job.output, job.output_path, summary);
  if (!status.ok() || job.depfile.empty()) return status;
  std::string rule = DepfileName(job.output_path) + ":";
  for (const std::string& file : loaded->InputFiles(job.input_path)) {
    rule += " " + DepfileName(file);
  }
  std::unique_ptr<OutputFile> file;
  status = OutputFile::Create(job.depfile, &file);
  if (status.ok()) status = file->Write(rule + "\n");
  if (status.ok()) status = file->Commit();
  return status;
}

}  // namespace convanim
