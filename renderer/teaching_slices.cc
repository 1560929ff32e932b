// The teaching style's kernel slices (PyTorch's weight[o, c] names, groups) and panel labels.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "renderer/describe.h"
#include "renderer/fonts.h"
#include "renderer/grid_shapes.h"
#include "renderer/layout.h"
#include "renderer/matrix_block.h"
#include "renderer/numbers.h"
#include "renderer/teaching_blocks.h"
#include "renderer/teaching_model.h"
#include "renderer/teaching_text.h"
#include "renderer/teaching_view.h"
#include "renderer/words.h"

namespace convanim {
namespace teaching_view {

std::string TeachingModel::KernelLabel(int out_channel, int in_channel) const {
  const bool indexed = scene_.in_channels > 1 || schedule_.output_channels() > 1;
  const char* key = indexed
                        ? (transposed_ ? "label.kernel_channels_rotated" : "label.kernel_channels")
                        : (transposed_ ? "label.kernel_rotated" : "label.kernel");
  const int out = transposed_ ? out_channel % OutPerGroup() : out_channel;
  const int in = transposed_ ? in_channel : in_channel % InPerGroup();
  std::string label = words_.Say(key, {{"out", std::to_string(out)},
                                       {"in", std::to_string(in)},
                                       {"size", Size(KernelRows(), KernelCols())}});
  // kernel.bias: bias[o] beside the first slice output channel o reads.
  if (!scene_.bias.empty() && out_channel < static_cast<int>(scene_.bias.data().size())) {
    int first = 0;
    while (first < InputPanels() && !SliceUsed(out_channel, first)) ++first;
    if (in_channel == first) {
      bool rounded = false;
      const double b = scene_.bias.data()[static_cast<std::size_t>(out_channel)];
      label += words_.Say("label.bias",
                          {{"out", std::to_string(out_channel)},
                           {"value", FormatValue(b, scene_.style.value_decimals, &rounded)}});
    }
  }
  return label;
}

std::string TeachingModel::WrittenLabel(int out_channel, int in_channel) const {
  return words_.Say("label.kernel_written", {{"out", std::to_string(out_channel % OutPerGroup())},
                                             {"in", std::to_string(in_channel)},
                                             {"size", Size(KernelRows(), KernelCols())}});
}

std::string TeachingModel::SliceText(int out_channel, int in_channel) const {
  if (SliceUsed(out_channel, in_channel)) return KernelLabel(out_channel, in_channel);
  return words_.Say("label.kernel_unused",
                    {{"out", std::to_string(out_channel)}, {"in", std::to_string(in_channel)}});
}

std::string TeachingModel::WidestSliceText(int in_channel) const {
  std::string widest;
  double most = -1.0;
  for (int j = 0; j < OutputPanels(); ++j) {
    const std::string text = SliceText(j, in_channel);
    const double w = fonts_->Advance(text, kFont);
    if (w > most) {
      most = w;
      widest = text;
    }
  }
  return widest;
}

std::string TeachingModel::InputLabel(int channel) const {
  std::string text = words_.Say(scene_.in_channels > 1 ? "label.input_channel" : "label.input",
                                {{"channel", std::to_string(channel)},
                                 {"size", Size(scene_.input_size[0], scene_.input_size[1])}});
  const Canvas& canvas = schedule_.canvas();
  const int rows = canvas.rows.padded, cols = canvas.cols.padded;
  if (rows != scene_.input_size[0] || cols != scene_.input_size[1]) {
    text += words_.Say(transposed_ ? "label.stretched_padded_to" : "label.padded_to",
                       {{"size", Size(rows, cols)}});
  }
  if (canvas.rows.length != rows || canvas.cols.length != cols) {
    text +=
        words_.Say("label.windows_reach", {{"size", Size(canvas.rows.length, canvas.cols.length)}});
  }
  return text;
}

void TeachingModel::KernelShapes(std::vector<Shape>* out) {
  if (!HasKernelGrid()) return;
  const int outs = schedule_.output_channels();
  for (int j = 0; j < outs; ++j) {
    const Step first = schedule_.StepAt(static_cast<int64_t>(j) * per_channel_);
    std::map<int, std::vector<const Tap*>> by_channel;
    for (const Tap& tap : first.taps) by_channel[tap.in_channel].push_back(&tap);
    for (int ch = 0; ch < static_cast<int>(kernels_.size()); ++ch) {
      const Panel& panel = kernels_[static_cast<std::size_t>(ch)];
      const std::string base = Id("kernel", {j, ch});
      std::vector<Shape> shapes;
      auto found = by_channel.find(ch);
      if (!SliceUsed(j, ch) || found == by_channel.end()) {
        // This output channel does not read input channel ch (groups): no slice of the
        // weight exists for the pair, so none is drawn; words say why.
        shapes.push_back(Label(base + "/unused", SliceText(j, ch), LabelPoint(panel)));
      } else {
        shapes.push_back(Label(base + "/label", KernelLabel(j, ch), LabelPoint(panel)));
        PathBuilder fill, grid;
        fill.Ring(panel.map, 0, panel.rows, 0, panel.cols);
        grid.GridLines(panel.map, 0, panel.rows, 0, panel.cols, 0.0);
        shapes.push_back(fill.Fill(Role::kKernelCell, base + "/cells"));
        shapes.push_back(grid.Stroked(Role::kGrid, base + "/grid", Thin()));
        // Taps are in the equivalent convolution's order: tap (u, v) of the window
        // applies the weight the grid shows at row u, column v.
        const std::vector<const Tap*>& taps = found->second;
        for (std::size_t t = 0; t < taps.size(); ++t) {
          const int u = static_cast<int>(t) / KernelCols(), v = static_cast<int>(t) % KernelCols();
          const Point at = panel.map(u + 0.5, v + 0.5);
          shapes.push_back(Text(Role::kWeight, Id(base + "/weight", {u, v}), Value(taps[t]->weight),
                                at.x, at.y, kFont));
        }
        if (DrawsWrittenKernel()) {
          // The slice as the file and ConvTranspose2d.weight[c, o] hold it.
          const Box box = panel.Bounds();
          const Panel written = FlatPanel(box.x0 + WrittenOffset(ch), box.y0, KernelRows(),
                                          KernelCols(), number_cell_);
          const std::string id = base + "/written";
          shapes.push_back(Label(id + "/label", WrittenLabel(j, ch), LabelPoint(written)));
          PathBuilder written_fill, written_grid;
          written_fill.Ring(written.map, 0, written.rows, 0, written.cols);
          written_grid.GridLines(written.map, 0, written.rows, 0, written.cols, 0.0);
          shapes.push_back(written_fill.Fill(Role::kKernelCell, id + "/cells"));
          shapes.push_back(written_grid.Stroked(Role::kGrid, id + "/grid", Thin()));
          for (int u = 0; u < KernelRows(); ++u) {
            for (int v = 0; v < KernelCols(); ++v) {
              const Point at = written.map(u + 0.5, v + 0.5);
              shapes.push_back(Text(Role::kWeight, Id(id + "/weight", {u, v}),
                                    Value(scene_.kernel.at(ch, j % OutPerGroup(), u, v)), at.x,
                                    at.y, kFont));
            }
          }
        }
      }
      for (Shape& shape : shapes) {
        if (outs > 1) {
          shape.from = j * per_channel_;
          shape.until = (j + 1) * per_channel_;
        }
        out->push_back(std::move(shape));
      }
    }
  }
}

}  // namespace teaching_view
}  // namespace convanim
