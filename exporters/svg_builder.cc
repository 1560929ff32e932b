#include "exporters/svg_builder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "exporters/font_subset.h"
#include "renderer/fonts.h"

namespace convanim {
namespace {

// Coordinates in 1/100 of a unit: exact to the eye at any zoom, short in the file.
int64_t Hundredths(double value) { return std::llround(value * 100.0); }

std::string NumHundredths(int64_t v) {
  std::string text;
  if (v < 0) {
    text = "-";
    v = -v;
  }
  const int64_t whole = v / 100, fraction = v % 100;
  if (whole != 0 || fraction == 0) text += std::to_string(whole);
  if (fraction != 0) {
    char digits[4];
    std::snprintf(digits, sizeof digits, "%02d", static_cast<int>(fraction));
    std::string f = digits;
    if (f.back() == '0') f.pop_back();
    text += "." + f;
  }
  return text;
}

std::string Num(double value) { return NumHundredths(Hundredths(value)); }

// Appends numbers to path data with the fewest separators SVG allows.
void AppendNumber(std::string* out, int64_t hundredths) {
  const std::string number = NumHundredths(hundredths);
  if (!out->empty()) {
    const char last = out->back();
    const bool letter = (last >= 'A' && last <= 'Z') || (last >= 'a' && last <= 'z');
    if (!letter && number[0] != '-') *out += ' ';
  }
  *out += number;
}

std::string Colours(const Colour& colour, const char* property) {
  std::string css = std::string(property) + ":" + HexColour(colour);
  if (colour.alpha < 1.0) css += std::string(";") + property + "-opacity:" + Num(colour.alpha);
  return css;
}

// A key time (fraction of the loop) with enough digits to tell steps apart.
std::string KeyTime(int64_t step, int64_t count) {
  char text[32];
  std::snprintf(text, sizeof text, "%.7g", static_cast<double>(step) / static_cast<double>(count));
  return text;
}

// Stands for the prefix while the markup is written; the prefix is a hash of that markup.
constexpr char kPrefixMark = '\x1f';

uint32_t Fnv1a(const std::string& bytes) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

class SvgWriter {
 public:
  SvgWriter(const Animation& animation, const SvgOptions& options)
      : animation_(animation), options_(options), p_(options.id_prefix) {}

  Status Build(std::string* out) {
    std::string body;
    switch (options_.mode) {
      case SvgMode::kStill:
        for (const Shape& shape : FlattenStep(animation_, options_.step)) Element(shape, "", &body);
        break;
      case SvgMode::kSmil:
      case SvgMode::kScripted:
        Animated(&body);
        break;
    }
    std::string head;
    if (options_.xml_declaration) head += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    head += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Num(animation_.width) +
            "\" height=\"" + Num(animation_.height) + "\" viewBox=\"0 0 " + Num(animation_.width) +
            " " + Num(animation_.height) + "\" role=\"img\" aria-labelledby=\"" + p_ + "t " + p_ +
            "d\"";
    // Inline in a page the style sheet is the page's: every rule is scoped by this class
    // or by classes that start with it.
    head += " class=\"" + p_ + "\"";
    // The language of its words (title, description, labels): screen readers pick a voice.
    head += " lang=\"" + EscapeMarkup(animation_.language) + "\"";
    head += ">";
    head += "<title id=\"" + p_ + "t\">" + EscapeMarkup(animation_.title) + "</title>";
    const std::string description = options_.mode == SvgMode::kStill
                                        ? StillDescription(animation_, options_.step)
                                        : animation_.description;
    head += "<desc id=\"" + p_ + "d\">" + EscapeMarkup(description) + "</desc>";
    std::string style;
    Status status = Style(&style);
    if (!status.ok()) return status;
    head += "<style>" + style + "</style>";
    if (!defs_.empty()) head += "<defs>" + defs_ + "</defs>";
    *out = head + body + "</svg>\n";
    return Status::Ok();
  }

 private:
  // --- the whole animation -----------------------------------------------------------

  struct Track {            // one id of a per-step layer, across the steps
    std::string signature;  // kind, role, style: what must not change to morph
    ShapeKind kind = ShapeKind::kRect;
    std::vector<std::string> values;  // per step: path data, or "x y" of text
    std::vector<std::string> elements;
    std::vector<Point> anchors;       // per step: the first point, or the text's position
    std::vector<std::string> shapes;  // per step: the geometry with its anchor at (0, 0)
    int64_t present = 0;
    bool same_signature = true;
    bool one_element = true;  // every step's shape is one element (SMIL can morph it)
  };

  void Animated(std::string* body) {
    const int64_t count = animation_.step_count;
    const std::size_t layer_count = animation_.layers.size();
    // Per-step layers, gathered across every step (the file holds them all anyway).
    std::vector<std::vector<std::string>> track_order(layer_count);
    std::vector<std::map<std::string, Track>> tracks(layer_count);
    std::vector<std::vector<std::string>> step_elements(layer_count);  // per step, non-morphing
    std::vector<std::string> descriptions;
    bool any_per_step = false;
    for (const Layer& layer : animation_.layers) any_per_step = any_per_step || layer.per_step;
    std::vector<StepShapes> steps;
    if (any_per_step) {
      for (int64_t n = 0; n < count; ++n) {
        StepShapes step = animation_.Step(n);
        descriptions.push_back(step.description);
        for (std::size_t l = 0; l < layer_count; ++l) {
          if (!animation_.layers[l].per_step) continue;
          for (const Shape& shape : step.layers[l]) {
            auto [it, inserted] = tracks[l].try_emplace(shape.id);
            Track& track = it->second;
            const std::string signature = Signature(shape);
            if (inserted) {
              track_order[l].push_back(shape.id);
              track.signature = signature;
              track.kind = shape.kind;
              track.values.resize(static_cast<std::size_t>(count));
              track.elements.resize(static_cast<std::size_t>(count));
              track.anchors.resize(static_cast<std::size_t>(count));
              track.shapes.resize(static_cast<std::size_t>(count));
            } else if (signature != track.signature) {
              track.same_signature = false;
            }
            track.values[static_cast<std::size_t>(n)] = MorphValue(shape);
            Anchored(shape, &track.anchors[static_cast<std::size_t>(n)],
                     &track.shapes[static_cast<std::size_t>(n)]);
            std::string element;
            Element(shape, "", &element);
            track.elements[static_cast<std::size_t>(n)] = std::move(element);
            track.one_element = track.one_element && OneElement(shape);
            ++track.present;
          }
        }
      }
    }
    for (std::size_t l = 0; l < layer_count; ++l) {
      const Layer& layer = animation_.layers[l];
      SharedShapes(layer, body);
      if (!layer.per_step) continue;
      std::string animated, still;
      std::vector<std::string> per_step(static_cast<std::size_t>(count));
      auto morphs = [&](const Track& track) {
        return options_.mode == SvgMode::kSmil && track.present == count && track.same_signature &&
               track.one_element && Morphable(track.kind);
      };
      // When everything that morphs only moves, and all of it together (the window with
      // its grid and weights), one translation moves the group.
      std::vector<const Track*> moving;
      for (const std::string& id : track_order[l]) {
        if (morphs(tracks[l][id])) moving.push_back(&tracks[l][id]);
      }
      const bool translated = TranslatesTogether(moving);
      if (translated) animated += Translated(moving);
      for (const std::string& id : track_order[l]) {
        Track& track = tracks[l][id];
        if (morphs(track)) {
          if (!translated) animated += Morph(track);
          continue;
        }
        for (int64_t n = 0; n < count; ++n) {
          per_step[static_cast<std::size_t>(n)] += track.elements[static_cast<std::size_t>(n)];
        }
      }
      for (int64_t n = 0; n < count; ++n) {
        const std::string& elements = per_step[static_cast<std::size_t>(n)];
        if (elements.empty()) continue;
        animated += Visible(n, n + 1, elements);
      }
      if (options_.mode == SvgMode::kSmil) {
        // Reduced motion: the still step's own shapes, shown instead of the animated ones.
        for (const std::string& id : track_order[l]) {
          still += tracks[l][id].elements[static_cast<std::size_t>(options_.step)];
        }
        *body += "<g class=\"" + p_ + "a\">" + animated + "</g>";
        *body += "<g class=\"" + p_ + "z\">" + still + "</g>";
      } else {
        *body += animated;
      }
    }
  }

  // A layer's shared shapes: runs of shapes with the same steps, shown while visible.
  void SharedShapes(const Layer& layer, std::string* body) {
    std::size_t i = 0;
    while (i < layer.shapes.size()) {
      const Shape& first = layer.shapes[i];
      std::string elements, still;
      std::size_t j = i;
      for (; j < layer.shapes.size() && layer.shapes[j].from == first.from &&
             layer.shapes[j].until == first.until;
           ++j) {
        Element(layer.shapes[j], "", &elements);
      }
      const bool always = first.from <= 0 && first.until >= animation_.step_count;
      if (always) {
        *body += elements;
      } else if (options_.mode == SvgMode::kSmil) {
        *body += "<g class=\"" + p_ + "a\">" + Visible(first.from, first.until, elements) + "</g>";
        if (first.VisibleAt(options_.step)) {
          *body += "<g class=\"" + p_ + "z\">" + elements + "</g>";
        }
      } else {
        *body += Visible(first.from, first.until, elements);
      }
      i = j;
    }
  }

  // `elements` shown for steps [from, until) of the loop.
  std::string Visible(int64_t from, int64_t until, const std::string& elements) const {
    const int64_t count = animation_.step_count;
    from = std::max<int64_t>(0, from);
    until = std::min(until, count);
    const bool shown_still = options_.step >= from && options_.step < until;
    if (options_.mode == SvgMode::kScripted) {
      return "<g data-from=\"" + std::to_string(from) + "\" data-until=\"" + std::to_string(until) +
             "\"" + (shown_still ? "" : " visibility=\"hidden\"") + ">" + elements + "</g>";
    }
    if (from >= until) return "";
    if (from == 0 && until == count) return elements;
    std::string values, times;
    if (from == 0) {
      values = "visible;hidden";
      times = "0;" + KeyTime(until, count);
    } else if (until == count) {
      values = "hidden;visible";
      times = "0;" + KeyTime(from, count);
    } else {
      values = "hidden;visible;hidden";
      times = "0;" + KeyTime(from, count) + ";" + KeyTime(until, count);
    }
    // Viewers without SMIL show the still step.
    return "<g" + std::string(shown_still ? "" : " visibility=\"hidden\"") +
           "><animate attributeName=\"visibility\" values=\"" + values + "\" keyTimes=\"" + times +
           "\" " + Timing() + "/>" + elements + "</g>";
  }

  std::string Timing() const {
    return "dur=\"" + Num(options_.step_duration * static_cast<double>(animation_.step_count)) +
           "s\" calcMode=\"discrete\" repeatCount=\"indefinite\"";
  }

  // The shape's anchor (first point, or the text's position) and its geometry moved so the
  // anchor is at (0, 0): equal geometries mean a pure translation.
  void Anchored(const Shape& shape, Point* anchor, std::string* geometry) const {
    if (shape.kind == ShapeKind::kText) {
      *anchor = TextPosition(shape);
      *geometry = shape.text;
      return;
    }
    if (shape.points.empty()) {
      *anchor = {shape.x, shape.y};
      *geometry = Num(shape.width) + "x" + Num(shape.height);
      return;
    }
    *anchor = shape.points.front();
    Shape moved = shape;
    for (Point& p : moved.points) p = {p.x - anchor->x, p.y - anchor->y};
    *geometry = PathData(moved);
  }

  bool TranslatesTogether(const std::vector<const Track*>& tracks) const {
    if (tracks.empty()) return false;
    const int64_t count = animation_.step_count;
    for (const Track* track : tracks) {
      for (int64_t n = 1; n < count; ++n) {
        if (track->shapes[static_cast<std::size_t>(n)] != track->shapes[0]) return false;
      }
    }
    const Track& first = *tracks.front();
    for (const Track* track : tracks) {
      for (int64_t n = 1; n < count; ++n) {
        const std::size_t i = static_cast<std::size_t>(n);
        const double dx = track->anchors[i].x - track->anchors[0].x;
        const double dy = track->anchors[i].y - track->anchors[0].y;
        const double fx = first.anchors[i].x - first.anchors[0].x;
        const double fy = first.anchors[i].y - first.anchors[0].y;
        if (Hundredths(dx) != Hundredths(fx) || Hundredths(dy) != Hundredths(fy)) return false;
      }
    }
    return true;
  }

  // The tracks drawn as in step 0 inside a group whose translation SMIL switches.
  std::string Translated(const std::vector<const Track*>& tracks) const {
    const Track& first = *tracks.front();
    auto offset = [&first](int64_t n) {
      const std::size_t i = static_cast<std::size_t>(n);
      return Num(first.anchors[i].x - first.anchors[0].x) + " " +
             Num(first.anchors[i].y - first.anchors[0].y);
    };
    std::string values;
    for (int64_t n = 0; n < animation_.step_count; ++n) {
      values += (n > 0 ? ";" : "") + offset(n);
    }
    std::string group = "<g transform=\"translate(" + offset(options_.step) +
                        ")\"><animateTransform attributeName=\"transform\" type=\"translate\" "
                        "values=\"" +
                        values + "\" " + Timing() + "/>";
    for (const Track* track : tracks) group += track->elements[0];
    return group + "</g>";
  }

  static bool Morphable(ShapeKind kind) {
    return kind == ShapeKind::kPolygon || kind == ShapeKind::kLine || kind == ShapeKind::kText;
  }

  // What may not change from step to step for one element to stand for every step.
  static std::string Signature(const Shape& shape) {
    std::string s = std::to_string(static_cast<int>(shape.kind)) + "/" +
                    std::to_string(static_cast<int>(shape.role)) + "/" +
                    std::to_string(static_cast<int>(shape.outline)) + "/" +
                    Num(shape.stroke.width) + "/" + Num(shape.stroke.dash) + "/" +
                    Num(shape.stroke.dash_offset) + "/" +
                    std::to_string(static_cast<int>(shape.stroke.cap)) + "/" + Num(shape.opacity) +
                    (shape.stroke.crisp ? "c" : "");
    if (shape.kind == ShapeKind::kText) {
      s += "/" + shape.text + "/" + Num(shape.size) + "/" +
           std::to_string(static_cast<int>(shape.anchor));
    }
    return s;
  }

  std::string MorphValue(const Shape& shape) const {
    if (shape.kind == ShapeKind::kText) {
      const Point at = TextPosition(shape);
      return Num(at.x) + " " + Num(at.y);
    }
    const std::string edges = UnionOfEdges(shape);
    return edges.empty() ? PathData(shape) : edges;
  }

  // One element for every step, its geometry switched by SMIL.
  std::string Morph(const Track& track) const {
    const std::string& still = track.elements[static_cast<std::size_t>(options_.step)];
    bool constant = true;
    for (const std::string& value : track.values) constant = constant && value == track.values[0];
    if (constant) return still;
    const std::size_t close = still.find('>');
    const bool self_closing = still[close - 1] == '/';
    std::string animate;
    if (track.kind == ShapeKind::kText) {
      std::string xs, ys;
      for (const std::string& value : track.values) {
        const std::size_t space = value.find(' ');
        xs += (xs.empty() ? "" : ";") + value.substr(0, space);
        ys += (ys.empty() ? "" : ";") + value.substr(space + 1);
      }
      animate = "<animate attributeName=\"x\" values=\"" + xs + "\" " + Timing() + "/>" +
                "<animate attributeName=\"y\" values=\"" + ys + "\" " + Timing() + "/>";
    } else {
      std::string values;
      for (const std::string& value : track.values) values += (values.empty() ? "" : ";") + value;
      animate = "<animate attributeName=\"d\" values=\"" + values + "\" " + Timing() + "/>";
    }
    if (self_closing) {
      // <path .../> -> <path ...>animate</path>
      const std::size_t space = still.find(' ');
      const std::string tag = still.substr(1, space - 1);
      return still.substr(0, close - 1) + ">" + animate + "</" + tag + ">";
    }
    return still.substr(0, close + 1) + animate + still.substr(close + 1);
  }

  // --- elements ------------------------------------------------------------------------

  std::string FillClass(Role role) {
    fill_roles_.insert(static_cast<int>(role));
    return p_ + "f" + std::to_string(static_cast<int>(role));
  }
  std::string TextClass(const Shape& shape) {
    const std::string key = Num(shape.size) + "/" + std::to_string(static_cast<int>(shape.anchor));
    auto [it, inserted] = text_classes_.try_emplace(key, text_classes_.size());
    if (inserted) {
      text_rules_ +=
          "." + p_ + "t" + std::to_string(it->second) + "{font-size:" + Num(shape.size) + "px";
      if (shape.anchor == TextAnchor::kMiddle) text_rules_ += ";text-anchor:middle";
      if (shape.anchor == TextAnchor::kEnd) text_rules_ += ";text-anchor:end";
      text_rules_ += "}";
    }
    return p_ + "t" + std::to_string(it->second);
  }

  std::string StrokeClass(Role role) {
    stroke_roles_.insert(static_cast<int>(role));
    return p_ + "s" + std::to_string(static_cast<int>(role));
  }

  // The shape's own opacity (heat maps), on top of its class's colour: it multiplies the
  // fill's alpha only, as the painter does (an outline keeps its colour).
  static std::string Opacity(const Shape& shape) {
    return shape.opacity < 1.0 ? " opacity=\"" + Num(shape.opacity) + "\"" : "";
  }

  // A filled shape with its own opacity and an outline is two elements: the fill with the
  // opacity, then the outline alone.
  static bool OneElement(const Shape& shape) {
    return !(shape.opacity < 1.0 && shape.outline != Role::kCount &&
             (shape.kind == ShapeKind::kRect || shape.kind == ShapeKind::kPolygon));
  }

  // A line made of closed, axis-aligned subpaths that share edges (a grid drawn as one
  // rectangle per cell), as the union of its edges: each shared edge once, collinear
  // edges joined, square caps standing for the corners' miter joins. Cairo strokes the
  // union of a path's subpaths, but Skia adds the coverage of overlapping subpaths, so the
  // shared edges would come out darker in a browser than in the PNG. Empty when the line
  // is not such a line (dashes, diagonals, open subpaths or no shared edge).
  static std::string UnionOfEdges(const Shape& shape) {
    if (shape.kind != ShapeKind::kLine || shape.stroke.dash > 0 || shape.breaks.empty()) return "";
    std::map<int64_t, std::vector<std::pair<int64_t, int64_t>>> rows, columns;
    std::set<std::tuple<int64_t, int64_t, int64_t, int64_t>> seen;
    bool shared = false;
    const std::size_t count = shape.points.size();
    std::size_t start = 0;
    for (std::size_t b = 0; b <= shape.breaks.size(); ++b) {
      const std::size_t end = b < shape.breaks.size() ? shape.breaks[b] : count;
      if (end > count || end < start + 4) return "";
      const Point& first = shape.points[start];
      const Point& last = shape.points[end - 1];
      if (Hundredths(first.x) != Hundredths(last.x) || Hundredths(first.y) != Hundredths(last.y)) {
        return "";
      }
      for (std::size_t i = start + 1; i < end; ++i) {
        int64_t x0 = Hundredths(shape.points[i - 1].x), y0 = Hundredths(shape.points[i - 1].y);
        int64_t x1 = Hundredths(shape.points[i].x), y1 = Hundredths(shape.points[i].y);
        if (x0 > x1 || (x0 == x1 && y0 > y1)) {
          std::swap(x0, x1);
          std::swap(y0, y1);
        }
        if (x0 == x1 && y0 == y1) continue;
        if (x0 != x1 && y0 != y1) return "";
        shared = !seen.insert({x0, y0, x1, y1}).second || shared;
        if (y0 == y1) {
          rows[y0].push_back({x0, x1});
        } else {
          columns[x0].push_back({y0, y1});
        }
      }
      start = end;
    }
    if (!shared) return "";
    std::string d;
    for (auto* lines : {&rows, &columns}) {
      const bool horizontal = lines == &rows;
      for (auto& [at, spans] : *lines) {
        std::sort(spans.begin(), spans.end());
        for (std::size_t i = 0; i < spans.size();) {
          int64_t from = spans[i].first, until = spans[i].second;
          for (++i; i < spans.size() && spans[i].first <= until; ++i) {
            until = std::max(until, spans[i].second);
          }
          d += "M";
          AppendNumber(&d, horizontal ? from : at);
          AppendNumber(&d, horizontal ? at : from);
          d += horizontal ? "h" : "v";
          AppendNumber(&d, until - from);
        }
      }
    }
    return d;
  }

  std::string StrokeAttributes(const Stroke& stroke) const {
    std::string a = " stroke-width=\"" + Num(stroke.width) + "\"";
    if (stroke.cap == LineCap::kSquare) a += " stroke-linecap=\"square\"";
    if (stroke.cap == LineCap::kRound) a += " stroke-linecap=\"round\"";
    if (stroke.dash > 0) a += " stroke-dasharray=\"" + Num(stroke.dash) + "\"";
    if (stroke.dash_offset != 0) a += " stroke-dashoffset=\"" + Num(stroke.dash_offset) + "\"";
    if (stroke.crisp) a += " shape-rendering=\"crispEdges\"";
    return a;
  }

  static std::string PathData(const Shape& shape) {
    std::string d;
    int64_t px = 0, py = 0;
    const std::size_t count = shape.points.size();
    std::size_t start = 0;
    for (std::size_t b = 0; b <= shape.breaks.size(); ++b) {
      const std::size_t end = b < shape.breaks.size() ? shape.breaks[b] : count;
      if (end <= start || end > count) continue;
      std::size_t last = end;  // one past the last point written
      bool close = shape.kind == ShapeKind::kPolygon;
      const Point& a = shape.points[start];
      const Point& z = shape.points[end - 1];
      if (!close && end - start > 2 && Hundredths(a.x) == Hundredths(z.x) &&
          Hundredths(a.y) == Hundredths(z.y)) {
        close = true;  // a closed polyline: "z" instead of the repeated point
        last = end - 1;
      }
      for (std::size_t i = start; i < last; ++i) {
        const int64_t x = Hundredths(shape.points[i].x), y = Hundredths(shape.points[i].y);
        if (i == start) {
          d += "M";
          AppendNumber(&d, x);
          AppendNumber(&d, y);
        } else if (y == py) {
          d += "h";
          AppendNumber(&d, x - px);
        } else if (x == px) {
          d += "v";
          AppendNumber(&d, y - py);
        } else {
          d += "l";
          AppendNumber(&d, x - px);
          AppendNumber(&d, y - py);
        }
        px = x;
        py = y;
      }
      if (close) d += "z";
      start = end;
    }
    return d;
  }

  Point TextPosition(const Shape& shape) const {
    double y = shape.y;
    if (shape.baseline == TextBaseline::kDigitMiddle && animation_.fonts) {
      y -= animation_.fonts->digit_middle_em() * shape.size;
    }
    return {shape.x, y};
  }

  void Element(const Shape& shape, const std::string& inner, std::string* out) {
    if (shape.role == Role::kBackground && options_.transparent &&
        shape.kind != ShapeKind::kGroup) {
      return;
    }
    switch (shape.kind) {
      case ShapeKind::kRect:
        *out += "<rect x=\"" + Num(shape.x) + "\" y=\"" + Num(shape.y) + "\" width=\"" +
                Num(shape.width) + "\" height=\"" + Num(shape.height) + "\"" + Link(shape) +
                Opacity(shape) + " class=\"" + FillClass(shape.role);
        if (!OneElement(shape)) {
          // The outline alone (its class list starts with the stroke class: no fill).
          *out += "\"/><rect x=\"" + Num(shape.x) + "\" y=\"" + Num(shape.y) + "\" width=\"" +
                  Num(shape.width) + "\" height=\"" + Num(shape.height) + "\" class=\"" +
                  StrokeClass(shape.outline) + "\"" + StrokeAttributes(shape.stroke);
        } else if (shape.outline != Role::kCount) {
          *out += " " + StrokeClass(shape.outline) + "\"" + StrokeAttributes(shape.stroke);
        } else {
          *out += "\"";
        }
        *out += inner.empty() ? "/>" : ">" + inner + "</rect>";
        break;
      case ShapeKind::kPolygon:
        *out += "<path d=\"" + PathData(shape) + "\"" + Link(shape) + Opacity(shape) + " class=\"" +
                FillClass(shape.role);
        if (!OneElement(shape)) {
          *out += "\"/><path d=\"" + PathData(shape) + "\" class=\"" + StrokeClass(shape.outline) +
                  "\"" + StrokeAttributes(shape.stroke);
        } else if (shape.outline != Role::kCount) {
          *out += " " + StrokeClass(shape.outline) + "\"" + StrokeAttributes(shape.stroke);
        } else {
          *out += "\"";
        }
        *out += inner.empty() ? "/>" : ">" + inner + "</path>";
        break;
      case ShapeKind::kLine: {
        const std::string edges = UnionOfEdges(shape);
        Stroke stroke = shape.stroke;
        if (!edges.empty()) stroke.cap = LineCap::kSquare;
        *out += "<path d=\"" + (edges.empty() ? PathData(shape) : edges) + "\"" + Link(shape) +
                " class=\"" + StrokeClass(shape.role) + "\"" + StrokeAttributes(stroke) +
                (inner.empty() ? "/>" : ">" + inner + "</path>");
        break;
      }
      case ShapeKind::kArrow: {
        if (shape.points.size() < 2) break;
        Shape line = shape;
        line.kind = ShapeKind::kLine;
        line.points.resize(2);
        *out += "<path d=\"" + PathData(line) + "\"" + Link(shape) + " class=\"" +
                StrokeClass(shape.role) + "\"" + StrokeAttributes(shape.stroke) + "/>";
        const std::vector<Point> points = ArrowHead(shape);
        if (!points.empty()) {
          Shape head = line;
          head.points = points;
          head.breaks.clear();
          Stroke stroke = shape.stroke;
          stroke.cap = LineCap::kRound;
          stroke.dash = 0;
          *out += "<path d=\"" + PathData(head) + "\" class=\"" + StrokeClass(shape.role) + "\"" +
                  StrokeAttributes(stroke) + " stroke-linejoin=\"round\"/>";
        }
        break;
      }
      case ShapeKind::kText: {
        if (shape.text.empty() || shape.size <= 0) break;
        NoteText(shape.text);
        const Point at = TextPosition(shape);
        // Size and anchor in a class: texts repeat a few of them many times.
        *out += "<text x=\"" + Num(at.x) + "\" y=\"" + Num(at.y) + "\" class=\"" +
                FillClass(shape.role) + " " + TextClass(shape) + "\"";
        *out += Link(shape);
        *out += ">" + inner + EscapeMarkup(shape.text) + "</text>";
        break;
      }
      case ShapeKind::kGroup: {
        *out += "<g" + Link(shape);
        if (shape.x != 0 || shape.y != 0) {
          *out += " transform=\"translate(" + Num(shape.x) + " " + Num(shape.y) + ")\"";
        }
        if (shape.width > 0 && shape.height > 0) {
          const std::string id = p_ + "k" + std::to_string(clip_count_++);
          defs_ += "<clipPath id=\"" + id + "\"><rect width=\"" + Num(shape.width) +
                   "\" height=\"" + Num(shape.height) + "\"/></clipPath>";
          *out += " clip-path=\"url(#" + id + ")\"";
        }
        *out += ">" + inner;
        for (const Shape& child : shape.children) Element(child, "", out);
        *out += "</g>";
        break;
      }
    }
  }

  // Pages that follow links (the HTML player) jump to the step a shape links to.
  static std::string Link(const Shape& shape) {
    if (shape.link_step < 0) return "";
    return " data-link=\"" + std::to_string(shape.link_step) + "\"";
  }

  void NoteText(const std::string& text) {
    if (!animation_.fonts) return;
    std::vector<Fonts::Glyph> glyphs;
    double advance = 0;
    animation_.fonts->Layout(text, &glyphs, &advance);
    for (const Fonts::Glyph& glyph : glyphs) used_[glyph.face].insert(glyph.codepoint);
  }

  // --- style ---------------------------------------------------------------------------

  // The role colours of a theme.
  std::string RoleRules(const Theme& theme) const {
    std::string css;
    for (int role : fill_roles_) {
      css += "." + p_ + "f" + std::to_string(role) + "{" +
             Colours(theme[static_cast<Role>(role)], "fill") + "}";
    }
    for (int role : stroke_roles_) {
      css += "." + p_ + "s" + std::to_string(role) + "{" +
             Colours(theme[static_cast<Role>(role)], "stroke") + "}";
    }
    return css;
  }

  // Whether a role's colour is translucent in a theme the file holds.
  bool Translucent(int role) const {
    return options_.light[static_cast<Role>(role)].alpha < 1.0 ||
           (options_.has_dark && options_.dark[static_cast<Role>(role)].alpha < 1.0);
  }

  // The role colours of a theme as the <svg>'s custom properties.
  std::string RoleVariables(const Theme& theme) const {
    std::string css;
    for (const auto& [kind, roles] :
         {std::make_pair('f', &fill_roles_), std::make_pair('s', &stroke_roles_)}) {
      for (int role : *roles) {
        const Colour& colour = theme[static_cast<Role>(role)];
        const std::string name = "--" + std::string(1, kind) + std::to_string(role);
        css += name + ":" + HexColour(colour) + ";";
        if (Translucent(role)) css += name + "o:" + Num(colour.alpha) + ";";
      }
    }
    if (!css.empty()) css.pop_back();  // the last ";"
    return css;
  }

  // Rules that take the colours from RoleVariables: after RoleRules', so they win where
  // custom properties are known; elsewhere their declarations are dropped.
  std::string VariableRules() const {
    std::string css;
    for (const auto& [kind, roles] :
         {std::make_pair('f', &fill_roles_), std::make_pair('s', &stroke_roles_)}) {
      const std::string property = kind == 'f' ? "fill" : "stroke";
      for (int role : *roles) {
        const std::string name = std::string(1, kind) + std::to_string(role);
        css += "." + p_ + name + "{" + property + ":var(--" + name + ")";
        if (Translucent(role)) css += ";" + property + "-opacity:var(--" + name + "o)";
        css += "}";
      }
    }
    return css;
  }

  Status Style(std::string* css) const {
    for (const auto& [face, codepoints] : used_) {
      FontSubset subset;
      Status status = SubsetFont(animation_.fonts->face(face), codepoints, &subset);
      if (!status.ok()) return status;
      *css += "@font-face{font-family:" + p_ + std::to_string(face) +
              ";src:url(data:" + subset.mime + ";base64," + subset.base64 + ")}";
    }
    if (!used_.empty()) {
      std::string families;
      for (const auto& entry : used_) {
        families += (families.empty() ? "" : ",") + p_ + std::to_string(entry.first);
      }
      *css += "." + p_ + " text{font-family:" + families + ";font-kerning:none;white-space:pre}";
    }
    *css += text_rules_;
    // Lines never fill: their class list starts with a stroke class.
    if (!stroke_roles_.empty()) *css += "." + p_ + " [class^=" + p_ + "s]{fill:none}";
    // Plain colours, for every viewer; with a dark theme too, viewers that know custom
    // properties take the colours from variables of the <svg> (--f3: role 3's fill, --f3o
    // its opacity; --s for strokes) that the reader's scheme, then the page's own toggle
    // (inline SVG, kLightHooks and kDarkHooks), set.
    *css += RoleRules(options_.light);
    if (options_.has_dark) {
      const std::string svg = "." + p_;
      *css += svg + "{" + RoleVariables(options_.light) + "}";
      *css +=
          "@media (prefers-color-scheme:dark){" + svg + "{" + RoleVariables(options_.dark) + "}}";
      *css += std::string(":is(") + kLightHooks + ") " + svg + "{" + RoleVariables(options_.light) +
              "}";
      *css +=
          std::string(":is(") + kDarkHooks + ") " + svg + "{" + RoleVariables(options_.dark) + "}";
      *css += VariableRules();
    }
    if (options_.mode == SvgMode::kSmil) {
      *css += "." + p_ + "z{display:none}@media (prefers-reduced-motion:reduce){." + p_ +
              "a{display:none}." + p_ + "z{display:inline}}";
    }
    return Status::Ok();
  }

  const Animation& animation_;
  const SvgOptions& options_;
  const std::string p_;
  std::set<int> fill_roles_, stroke_roles_;
  std::map<int, std::set<uint32_t>> used_;           // face -> code points drawn with it
  std::map<std::string, std::size_t> text_classes_;  // size/anchor -> class number
  std::string text_rules_;
  std::string defs_;
  int clip_count_ = 0;
};

}  // namespace

std::string EscapeMarkup(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        // XML has no other C0 control characters (and the prefix mark is one of them).
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
          out += c;
        }
    }
  }
  return out;
}

std::string StillDescription(const Animation& animation, int64_t step) {
  if (animation.step_count <= 1) return animation.description;
  const std::string text = animation.Step(step).description;
  if (text.empty()) return animation.description;
  if (animation.description.empty()) return text;
  return animation.description + " " + text;
}

Status BuildSvg(const Animation& animation, const SvgOptions& options, std::string* svg,
                std::string* prefix_used) {
  if (!options.id_prefix.empty()) {
    if (prefix_used) *prefix_used = options.id_prefix;
    SvgWriter writer(animation, options);
    return writer.Build(svg);
  }
  SvgOptions marked = options;
  marked.id_prefix = std::string(1, kPrefixMark);
  SvgWriter writer(animation, marked);
  std::string text;
  Status status = writer.Build(&text);
  if (!status.ok()) return status;
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "cv%08x", Fnv1a(text));
  if (prefix_used) *prefix_used = prefix;
  svg->clear();
  svg->reserve(text.size() + 4096);
  for (char c : text) {
    if (c == kPrefixMark) {
      *svg += prefix;
    } else {
      *svg += c;
    }
  }
  return Status::Ok();
}

}  // namespace convanim
