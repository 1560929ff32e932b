#include "app/render_job.h"

#include <algorithm>

#include "core/figure_spec.h"
#include "core/scene_keys.h"
#include "exporters/output_file.h"
#include "renderer/fonts.h"

namespace convanim {

namespace {

// The reader's language: --language, else the one the scenes name (a figure's scenes must
// agree), else English. `where` is where a scene names it (unset: not named by a scene).
Status ChooseLanguage(const std::vector<const Scene*>& scenes, SceneModelOptions* model,
                      SourceLocation* where) {
  if (model->words != nullptr) return Status::Ok();
  const Scene* named = nullptr;
  for (const Scene* scene : scenes) {
    if (scene->style.language_where.line == 0) continue;
    if (named == nullptr) {
      named = scene;
    } else if (scene->style.language != named->style.language) {
      return Status::InvalidScene("style.language: this scene asks for '" + scene->style.language +
                                      "', but " + named->style.language_where.ToString() +
                                      " of the same figure asks for '" + named->style.language +
                                      "'; a figure has one language",
                                  scene->style.language_where);
    }
  }
  if (named == nullptr) return Status::Ok();
  model->words = Words::Find(named->style.language);
  *where = named->style.language_where;
  if (model->words == nullptr) {  // the loader accepts only the catalogs' languages
    return Status::Internal("no catalog for language '" + named->style.language + "'");
  }
  return Status::Ok();
}

// Every word of the language must have glyphs, else the picture would show boxes: the
// --font files (else the scene's style.font) and the embedded fonts, else also a font of
// this machine for the language (fontconfig: Debian's fonts-noto-cjk for Chinese).
Status CheckLanguageFonts(const BuildOptions& options, const std::string& scene_font,
                          const SourceLocation& where, SceneModelOptions* model) {
  if (model->words == nullptr || model->words == &Words::English()) return Status::Ok();
  const std::string& language = model->words->language();
  const std::string asked =
      where.line > 0 ? "style.language " + language : "--language " + language;
  const auto covers = [&](const Fonts& fonts) {
    for (const auto& [key, text] : model->words->entries()) {
      Status covered = fonts.CheckCovered(text, asked);
      if (!covered.ok()) return covered;
    }
    return Status::Ok();
  };
  std::vector<std::string> files = options.fonts;
  if (files.empty() && !scene_font.empty()) files.push_back(scene_font);
  std::shared_ptr<const Fonts> fonts = model->fonts ? model->fonts : Fonts::Embedded();
  if (!files.empty() && !model->fonts) {
    Status status = Fonts::Load(files, &fonts);
    if (!status.ok()) return status;
  }
  if (fonts == nullptr) return Fonts::EmbeddedStatus();
  Status covered = covers(*fonts);
  Fonts::SystemFont system;
  if (!covered.ok() && Fonts::FindSystemFont(language, &system)) {
    std::shared_ptr<const Fonts> with_system;
    if (Fonts::Load(files, &with_system, {system}).ok() && covers(*with_system).ok()) {
      model->fonts = with_system;
      covered = Status::Ok();
    }
  }
  if (covered.ok()) return Status::Ok();
  return Status::InvalidScene(
      covered.message() +
          "; no installed font has it either (for Chinese, install Debian's fonts-noto-cjk, or "
          "give --font /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc)",
      where);
}

}  // namespace

Status LoadAnimation(const std::string& path, const BuildOptions& options,
                     std::unique_ptr<LoadedAnimation>* out) {
  auto loaded = std::make_unique<LoadedAnimation>();
  SceneModelOptions model = options.model;
  if (!options.fonts.empty()) {
    Status status = Fonts::Load(options.fonts, &model.fonts);
    if (!status.ok()) return status;
  }
  // The scenes first: they may name the language the words are chosen from.
  std::vector<const Scene*> scenes;
  Status status;
  if (LooksLikeFigureFile(path)) {
    loaded->figure = std::make_unique<LoadedFigure>();
    status = LoadFigureScenes(path, loaded->figure.get());
    if (status.ok()) {
      for (const auto& scene : loaded->figure->scenes) scenes.push_back(&scene->scene);
    }
  } else {
    loaded->scene = std::make_unique<LoadedScene>();
    status = LoadAndSchedule(path, loaded->scene.get());
    if (status.ok()) scenes.push_back(&loaded->scene->scene);
  }
  if (!status.ok()) return status;
  SourceLocation language_where;
  status = ChooseLanguage(scenes, &model, &language_where);
  if (!status.ok()) return status;
  const std::string scene_font = scenes.empty() ? std::string() : scenes.front()->style.font;
  status = CheckLanguageFonts(options, scene_font, language_where, &model);
  if (!status.ok()) return status;
  if (loaded->figure) {
    FigureModelOptions figure_options;
    figure_options.scene = model;
    figure_options.show_caption = options.show_caption;
    status = BuildFigure(figure_options, loaded->figure.get());
  } else {
    status = BuildSceneAnimation(loaded->scene->scene, loaded->scene->schedule, model,
                                 &loaded->animation);
  }
  if (!status.ok()) return status;
  *out = std::move(loaded);
  return Status::Ok();
}

std::vector<std::string> LoadedAnimation::Notes(const std::string& path) const {
  std::vector<std::string> lines;
  std::vector<const Scene*> scenes;
  if (figure) {
    for (const auto& one : figure->scenes) scenes.push_back(&one->scene);
  } else if (scene) {
    scenes.push_back(&scene->scene);
  }
  for (const Scene* one : scenes) {
    for (const SceneNote& note : one->notes) {
      lines.push_back(note.where.ToString() + ": note: " + note.text);
    }
  }
  for (const std::string& note : model().notes) lines.push_back(path + ": note: " + note);
  return lines;
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
  if (notes != nullptr) {
    *notes = loaded->Notes(job.input_path);
    // --layout, like style.layout, changes only the pictures its row of the key table names.
    const KeySpec& layout = FindKey(KeyFile::kScene, "style", "layout");
    if (job.build.model.layout >= 0 && loaded->scene && !layout.applies(loaded->scene->scene)) {
      notes->push_back(job.input_path +
                       ": note: --layout changes nothing in this picture: it is for " +
                       layout.applies_to);
    }
  }
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
