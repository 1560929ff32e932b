// The animation model: what a picture shows, as shapes with ids and roles, before any
// format is chosen. The renderer builds it from a scene (renderer/scene_model.h) or a
// figure file (renderer/figure_model.h); the exporters (exporters/) only read it.
//
// - Coordinates are picture units (pixels at scale 1), (0, 0) top-left, y down.
// - Colours are not here: every shape has a Role, and a theme maps roles to colours
//   when a format is written (exporters/theme.h).
// - Text stays text (string, size, anchor) until an exporter draws it with the
//   animation's fonts (renderer/fonts.h).
// - An animation is a stack of layers, bottom first. A shared layer holds shapes every
//   step draws (each may be limited to a range of steps, e.g. an output value that
//   appears once computed); a per-step layer is filled for one step at a time, on
//   demand (Animation::Step), so memory does not grow with the number of steps.
// - Ids are stable: the same thing has the same id in every step (the kernel window is
//   "window" wherever it is), which lets exporters tell what moved or changed.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace convanim {

struct Point {
  double x = 0.0;
  double y = 0.0;
};

// The bounding box of what was added to it; empty (x0 > x1) until the first point.
struct Box {
  double x0 = std::numeric_limits<double>::infinity();
  double y0 = std::numeric_limits<double>::infinity();
  double x1 = -std::numeric_limits<double>::infinity();
  double y1 = -std::numeric_limits<double>::infinity();

  bool empty() const { return x0 > x1 || y0 > y1; }
  void Add(Point p);
  void AddRect(double x, double y, double width, double height);  // top-left corner, size
  void AddCentred(Point centre, double width, double height);
  void AddBox(const Box& other);
  void Grow(double margin);  // on every side
  bool Intersects(const Box& other) const;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  double cx() const { return (x0 + x1) / 2.0; }
  double cy() const { return (y0 + y1) / 2.0; }
};

// What a shape is, for a student, a theme and a test. Themes give each role one colour
// (the fill of areas, the stroke of lines, the ink of text).
enum class Role : uint8_t {
  kBackground,     // the picture's background
  kInputCell,      // a real input unit
  kPaddingCell,    // a zero added around the input (filled only in styles that shade it)
  kInsertedZero,   // a zero inserted between input units (transposed convolution)
  kOutsideCell,    // past the padded input, reached only by a ceil_mode window
  kBehindCell,     // maps behind the front one in a stack (figures)
  kGrid,           // cell borders, solid or dashed
  kWindow,         // the kernel window's shade over the cells it taps
  kWindowOutline,  // the outline of the window (and of the output cell it computes)
  kTap,            // the tint over the cells the kernel taps (teaching style)
  kOutputCell,     // an output cell
  kPendingCell,    // an output cell not computed yet (progressive output)
  kCurrentOutput,  // the shade over the output cell this step computes
  kConnector,      // lines from the window to the output cell
  kValue,          // a number in an input, padding or zero cell
  kMutedValue,     // a number that does not count (ignored padding, not the maximum)
  kWeight,         // a kernel weight
  kOutputValue,    // a number in an output cell
  kKernelCell,     // a cell of the kernel drawn as its own grid
  kSelected,       // the cell that wins (max pooling) or counts (average pooling)
  kLabel,          // names of grids and channels ("input 5x5")
  kTitle,          // the scene's title
  kCaption,        // captions of figures
  kEquation,       // the step's equation
  kLegend,         // legend text
  kArrow,          // arrows and lines in figures
  kMatrixEntry,    // a non-zero matrix entry (matrix view)
  kHighlight,      // the row, column or entries a step highlights
  kUnusedPadding,  // padding that no window reaches (drawn muted)
  kOutputPadding,  // the outline of cells a transposed convolution's output_padding adds
  kCount           // not a role: the number of roles
};

constexpr int kRoleCount = static_cast<int>(Role::kCount);
const char* RoleName(Role role);  // "input_cell"; the names theme files use
bool RoleFromName(const std::string& name, Role* role);

enum class ShapeKind : uint8_t {
  kRect,     // x, y, width, height; filled
  kPolygon,  // points; filled
  kLine,     // points: a polyline of 2 or more points; stroked
  kArrow,    // points[0] -> points[1], an open head at points[1]; stroked
  kText,     // text at (x, y)
  kGroup,    // children, drawn translated by (x, y) and clipped to width x height if > 0
};

enum class LineCap : uint8_t { kButt, kSquare, kRound };
enum class TextAnchor : uint8_t { kStart, kMiddle, kEnd };
enum class TextBaseline : uint8_t {
  kAlphabetic,   // y is the baseline
  kDigitMiddle,  // y is the middle of the digits' height (numbers centred in cells)
};

struct Stroke {
  double width = 1.0;
  double dash = 0.0;         // dash and gap length (0: solid)
  double dash_offset = 0.0;  // into the pattern at the line's start
  LineCap cap = LineCap::kButt;
  bool crisp = false;  // rasters draw it without antialiasing
};

constexpr int64_t kAllSteps = std::numeric_limits<int64_t>::max();

struct Shape {
  ShapeKind kind = ShapeKind::kRect;
  Role role = Role::kBackground;
  std::string id;  // stable across steps; unique within one step's picture

  // kRect: the rectangle; kText: the anchor point; kGroup: the offset (and clip size).
  double x = 0.0, y = 0.0, width = 0.0, height = 0.0;
  // kPolygon, kLine, kArrow. Several subpaths: `breaks` lists the indices of `points`
  // where a new one starts (0 implied). A polygon's subpaths are rings filled together
  // (non-zero winding); a line's are polylines stroked together, closed when a
  // subpath's last point equals its first.
  std::vector<Point> points;
  std::vector<uint32_t> breaks;

  Stroke stroke;                // kLine, kArrow; kRect and kPolygon when outlined
  Role outline = Role::kCount;  // kRect, kPolygon: the outline's role (kCount: none)
  double head = 0.0;            // kArrow: length of the head's strokes

  // kText
  std::string text;   // UTF-8
  double size = 0.0;  // pixels per em
  TextAnchor anchor = TextAnchor::kStart;
  TextBaseline baseline = TextBaseline::kAlphabetic;

  std::vector<Shape> children;  // kGroup

  double opacity = 1.0;  // multiplies the role colour's alpha (heat maps)

  // Shapes of shared layers: the steps [from, until) that show it.
  int64_t from = 0, until = kAllSteps;
  // Pages that can follow links: the step that computes what this shape shows (an
  // output cell), -1 for none.
  int64_t link_step = -1;

  bool VisibleAt(int64_t step) const { return step >= from && step < until; }
};

// A shape's id from a base and indices: Id("input", {1, 2}) is "input/1/2".
std::string Id(const std::string& base, std::initializer_list<int64_t> parts);

// Constructors for the common cases.
Shape Rect(Role role, std::string id, double x, double y, double width, double height);
Shape Polygon(Role role, std::string id, std::vector<Point> points);
Shape Line(Role role, std::string id, Point a, Point b, const Stroke& stroke);
Shape Arrow(Role role, std::string id, Point from, Point to, const Stroke& stroke, double head);
Shape Text(Role role, std::string id, std::string text, double x, double y, double size,
           TextAnchor anchor = TextAnchor::kMiddle,
           TextBaseline baseline = TextBaseline::kDigitMiddle);
Shape Group(std::string id, double x, double y, std::vector<Shape> children);

class Fonts;
// The box a shape covers, strokes and text included (text measured with `fonts`; when
// null, guessed at 0.6 em a character).
Box ShapeBounds(const Shape& shape, const Fonts* fonts);

// A layer draws its shared shapes (those visible at the step), then, when `per_step`,
// the shapes Animation::Step gives it for the step.
struct Layer {
  std::string name;  // "input", "window", "output", ...: for readers of the model
  bool per_step = false;
  std::vector<Shape> shapes;  // shared
};

// One step's per-step shapes: `layers[i]` belongs to the animation's layer i (empty for
// layers that are not per-step).
struct StepShapes {
  int64_t index = 0;
  std::string description;  // what the step computes, in words (alt text, live regions)
  std::vector<std::vector<Shape>> layers;
};

// Fills the per-step layers of step n; implemented by the scene and figure models.
class StepSource {
 public:
  virtual ~StepSource() = default;
  virtual void Fill(int64_t step, StepShapes* out) const = 0;
};

enum class Motion : uint8_t {
  kDiscrete,  // each step is shown whole for its duration (the guide's animations)
  kGlide,     // video: what moves glides from one step to the next, with pauses
};

struct Animation {
  double width = 0.0, height = 0.0;
  std::string title;            // what the picture is (SVG <title>, HTML heading)
  std::string description;      // alt text: operation, sizes, parameters, output size
  std::string language = "en";  // the BCP 47 tag of the words drawn (renderer/words.h)
  std::string theme = "light";  // the scene's theme; exporters may override it
  SourceLocation where;         // where a fault of the whole picture is reported (its scene)
  bool transparent = false;     // the scene asks for no background
  std::vector<Layer> layers;    // bottom first
  int64_t step_count = 1;
  double step_duration = 1.0;  // seconds each step is shown
  double cell_size = 0.0;      // a grid cell's size, for pictures composed of several
  Motion motion = Motion::kDiscrete;
  int64_t still_step = 0;  // the step that best stands for the whole (reduced motion)
  std::shared_ptr<const Fonts> fonts;
  std::shared_ptr<const StepSource> steps;  // null when no layer is per-step
  // What a user should know about how the picture was made ("a value was rounded"),
  // printed as notes on stderr.
  std::vector<std::string> notes;

  // The per-step shapes of step n (0 <= n < step_count).
  StepShapes Step(int64_t n) const;
};

// Every shape step n shows, bottom first: shared shapes visible at n and the step's own,
// as one flat list (groups kept). Figures compose steps of scenes this way.
std::vector<Shape> FlattenStep(const Animation& animation, int64_t n);
std::vector<Shape> FlattenStep(const Animation& animation, const StepShapes& step);

// An arrow's open head, as TikZ's "->": the three points of two strokes swept back about 40
// degrees from its tip; empty when the arrow has no head or no length.
std::vector<Point> ArrowHead(const Shape& arrow);

// Finds the first shape with `id` (searching groups too), or null.
const Shape* FindShape(const std::vector<Shape>& shapes, const std::string& id);

}  // namespace convanim
