// The animation model as JSON (docs/animation-model.md): the canvas, the shared layers,
// and one entry per step with that step's shapes. Streamed step by step, so a scene of
// thousands of steps never sits in memory as one tree.
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>

#include "exporters/export_common.h"
#include "exporters/output_file.h"
#include "renderer/fonts.h"

namespace convanim {
namespace {

using Json = nlohmann::ordered_json;

// Coordinates to 1/100 of a unit: exact enough for any reader, short in the file.
double Round(double value) { return std::round(value * 100.0) / 100.0; }

const char* KindName(ShapeKind kind) {
  switch (kind) {
    case ShapeKind::kRect:
      return "rect";
    case ShapeKind::kPolygon:
      return "polygon";
    case ShapeKind::kLine:
      return "line";
    case ShapeKind::kArrow:
      return "arrow";
    case ShapeKind::kText:
      return "text";
    case ShapeKind::kGroup:
      return "group";
  }
  return "?";
}

const char* CapName(LineCap cap) {
  switch (cap) {
    case LineCap::kButt:
      return "butt";
    case LineCap::kSquare:
      return "square";
    case LineCap::kRound:
      return "round";
  }
  return "butt";
}

Json PointsJson(const std::vector<Point>& points) {
  Json list = Json::array();
  for (const Point& p : points) list.push_back({Round(p.x), Round(p.y)});
  return list;
}

Json StrokeJson(const Stroke& stroke) {
  Json json = {{"width", Round(stroke.width)}, {"cap", CapName(stroke.cap)}};
  if (stroke.dash > 0) json["dash"] = Round(stroke.dash);
  if (stroke.dash_offset != 0) json["dash_offset"] = Round(stroke.dash_offset);
  if (stroke.crisp) json["crisp"] = true;
  return json;
}

Json ShapeJson(const Shape& shape, const char* layer) {
  Json json;
  json["id"] = shape.id;
  json["role"] = RoleName(shape.role);
  json["kind"] = KindName(shape.kind);
  if (layer != nullptr) json["layer"] = layer;
  switch (shape.kind) {
    case ShapeKind::kRect:
      json["x"] = Round(shape.x);
      json["y"] = Round(shape.y);
      json["width"] = Round(shape.width);
      json["height"] = Round(shape.height);
      break;
    case ShapeKind::kPolygon:
    case ShapeKind::kLine:
    case ShapeKind::kArrow:
      json["points"] = PointsJson(shape.points);
      if (!shape.breaks.empty()) json["breaks"] = shape.breaks;
      break;
    case ShapeKind::kText:
      json["text"] = shape.text;
      json["x"] = Round(shape.x);
      json["y"] = Round(shape.y);
      json["size"] = Round(shape.size);
      json["anchor"] = shape.anchor == TextAnchor::kStart    ? "start"
                       : shape.anchor == TextAnchor::kMiddle ? "middle"
                                                             : "end";
      json["baseline"] =
          shape.baseline == TextBaseline::kAlphabetic ? "alphabetic" : "digit-middle";
      break;
    case ShapeKind::kGroup: {
      json["x"] = Round(shape.x);
      json["y"] = Round(shape.y);
      if (shape.width > 0) {
        json["width"] = Round(shape.width);
        json["height"] = Round(shape.height);
      }
      Json children = Json::array();
      for (const Shape& child : shape.children) children.push_back(ShapeJson(child, nullptr));
      json["children"] = std::move(children);
      break;
    }
  }
  if (shape.kind == ShapeKind::kLine || shape.kind == ShapeKind::kArrow) {
    json["stroke"] = StrokeJson(shape.stroke);
  }
  if (shape.kind == ShapeKind::kArrow) json["head"] = Round(shape.head);
  if (shape.outline != Role::kCount) {
    json["outline"] = RoleName(shape.outline);
    json["stroke"] = StrokeJson(shape.stroke);
  }
  if (shape.from != 0 || shape.until != kAllSteps) {
    json["steps"] = {shape.from, shape.until == kAllSteps ? Json(nullptr) : Json(shape.until)};
  }
  if (shape.link_step >= 0) json["link_step"] = shape.link_step;
  if (shape.opacity < 1.0) json["opacity"] = Round(shape.opacity);
  return json;
}

}  // namespace

Status WriteJson(const Format&, const Animation& animation, const ExportOptions& options,
                 const std::string& path, ExportSummary* summary) {
  std::unique_ptr<OutputFile> file;
  Status status = OutputFile::Create(path, &file);
  if (!status.ok()) return status;
  Theme theme;
  status = ResolveTheme(animation, options, &theme);
  if (!status.ok()) return status;

  Json head;
  head["format"] = "convanim-animation";
  head["version"] = 1;
  head["width"] = Round(animation.width);
  head["height"] = Round(animation.height);
  head["title"] = animation.title;
  head["language"] = animation.language;  // of the words drawn (BCP 47)
  head["description"] = animation.description;
  head["step_count"] = animation.step_count;
  head["step_duration"] = StepDuration(animation, options);
  head["still_step"] = animation.still_step;
  head["transparent"] = ResolveTransparent(animation, options);
  Json colours;
  for (int r = 0; r < kRoleCount; ++r) {
    const Colour& colour = theme[static_cast<Role>(r)];
    colours[RoleName(static_cast<Role>(r))] = {colour.r, colour.g, colour.b, colour.alpha};
  }
  head["theme"] = {{"name", theme.name}, {"colours", std::move(colours)}};
  Json fonts = Json::array();
  if (animation.fonts) {
    for (int i = 0; i < animation.fonts->face_count(); ++i) {
      fonts.push_back(animation.fonts->face(i).name);
    }
  }
  head["fonts"] = std::move(fonts);
  Json layers = Json::array();
  for (const Layer& layer : animation.layers) {
    Json shapes = Json::array();
    for (const Shape& shape : layer.shapes) shapes.push_back(ShapeJson(shape, nullptr));
    layers.push_back({{"name", layer.name}, {"per_step", layer.per_step}, {"shapes", shapes}});
  }
  head["layers"] = std::move(layers);

  // Everything but the steps, then the steps one at a time: "...,"steps":[{..},{..}]}".
  std::string text = head.dump();
  text.pop_back();  // the closing brace
  text += ",\"steps\":[";
  status = file->Write(text);
  for (int64_t n = 0; n < animation.step_count && status.ok(); ++n) {
    const StepShapes step = animation.Step(n);
    Json entry;
    entry["index"] = n;
    entry["description"] = step.description;
    Json shapes = Json::array();
    for (std::size_t l = 0; l < step.layers.size() && l < animation.layers.size(); ++l) {
      for (const Shape& shape : step.layers[l]) {
        shapes.push_back(ShapeJson(shape, animation.layers[l].name.c_str()));
      }
    }
    entry["shapes"] = std::move(shapes);
    status = file->Write((n > 0 ? "," : "") + entry.dump());
  }
  if (status.ok()) status = file->Write(std::string("]}\n"));
  if (status.ok()) status = file->Commit();
  if (!status.ok()) return status;
  summary->frames = animation.step_count;
  summary->width_px = static_cast<int>(animation.width);
  summary->height_px = static_cast<int>(animation.height);
  return Status::Ok();
}

}  // namespace convanim
