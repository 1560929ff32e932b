// PNG, numbered PNGs, PDF, GIF and MP4: the formats the Cairo painter draws.
#include <cairo-pdf.h>
#include <cairo.h>
#include <png.h>

#include <csetjmp>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "exporters/export_common.h"
#include "exporters/frame_pattern.h"
#include "exporters/output_file.h"
#include "exporters/painter.h"
#include "exporters/raster_frames.h"
#include "renderer/motion.h"

namespace convanim {
namespace {

cairo_status_t WriteToFile(void* closure, const unsigned char* data, unsigned int length) {
  auto* file = static_cast<OutputFile*>(closure);
  return file->Write(data, length).ok() ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

// The painter of an export: the resolved theme and background, the animation's fonts.
Status MakePainter(const Animation& animation, const ExportOptions& options,
                   std::unique_ptr<Painter>* painter) {
  Theme theme;
  Status status = ResolveTheme(animation, options, &theme);
  if (!status.ok()) return status;
  *painter =
      std::make_unique<Painter>(theme, animation.fonts, ResolveTransparent(animation, options));
  return (*painter)->status();
}

void PngWrite(png_structp png, png_bytep data, png_size_t length) {
  auto* file = static_cast<OutputFile*>(png_get_io_ptr(png));
  (void)file->Write(data, length);  // a failure sticks; Write(nullptr, 0) returns it
}

void PngFlush(png_structp) {}

// Writes an image surface as PNG with libpng: 8-bit RGB (RGBA, un-premultiplied, for a
// transparent picture), no row filter and zlib level 3. Cairo's own writer (adaptive
// filters, level 6) took 30 ns a pixel; this takes about 9 at nearly the same size (the
// figures are flat colours), and a numbered PNG sequence is one such encode per step.
Status WritePngFile(cairo_surface_t* surface, OutputFile* file) {
  cairo_surface_flush(surface);
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const bool alpha = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32;
  const int channels = alpha ? 4 : 3;
  std::vector<png_byte> row(static_cast<std::size_t>(width) * channels);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
  if (png == nullptr || info == nullptr) {
    png_destroy_write_struct(&png, &info);
    return Status::Internal("cannot encode '" + file->target() + "' as PNG: out of memory");
  }
  // libpng reports errors by longjmp: nothing below owns a resource the jump would skip.
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    Status error = file->Write(nullptr, 0);
    if (!error.ok()) return error;
    return Status::Internal("cannot encode '" + file->target() + "' as PNG");
  }
  png_set_write_fn(png, file, PngWrite, PngFlush);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
               alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_compression_level(png, 3);
  png_write_info(png, info);
  for (int y = 0; y < height; ++y) {
    const auto* pixels =
        reinterpret_cast<const uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    png_byte* out = row.data();
    for (int x = 0; x < width; ++x) {
      const uint32_t p = pixels[x];
      uint32_t r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
      if (alpha) {
        const uint32_t a = p >> 24;
        if (a == 0) {
          r = g = b = 0;
        } else if (a != 255) {  // un-premultiply, rounding as Cairo's writer does
          r = (r * 255 + a / 2) / a;
          g = (g * 255 + a / 2) / a;
          b = (b * 255 + a / 2) / a;
        }
        out[3] = static_cast<png_byte>(a);
      }
      out[0] = static_cast<png_byte>(r);
      out[1] = static_cast<png_byte>(g);
      out[2] = static_cast<png_byte>(b);
      out += channels;
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return file->Write(nullptr, 0);
}

// Every step once, for numbered PNG files.
template <typename Add>
Status PaintSteps(const Animation& animation, RasterFrames* frames, Add add) {
  for (int64_t n = 0; n < animation.step_count; ++n) {
    RasterFrame frame;
    Status status = frames->Paint(n, &frame);
    if (!status.ok()) return status;
    status = add(frame);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace

Status WritePng(const Format&, const Animation& animation, const ExportOptions& options,
                const std::string& path, ExportSummary* summary) {
  std::unique_ptr<Painter> painter;
  Status status = MakePainter(animation, options, &painter);
  if (!status.ok()) return status;
  int width = 0, height = 0;
  PixelSize(animation.width, animation.height, options.scale, &width, &height);
  cairo_surface_t* surface = cairo_image_surface_create(
      painter->transparent() ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, width, height);
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, options.scale, options.scale);
  PaintStep(cr, *painter, animation, StillStep(animation, options));
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  std::unique_ptr<OutputFile> file;
  status = OutputFile::Create(path, &file);
  if (status.ok()) status = WritePngFile(surface, file.get());
  cairo_surface_destroy(surface);
  if (status.ok()) status = file->Commit();
  if (!status.ok()) return status;
  summary->frames = 1;
  summary->width_px = width;
  summary->height_px = height;
  return Status::Ok();
}

Status WritePngSequence(const Format&, const Animation& animation, const ExportOptions& options,
                        const std::string& pattern, ExportSummary* summary) {
  std::unique_ptr<Painter> painter;
  Status status = MakePainter(animation, options, &painter);
  if (!status.ok()) return status;
  RasterFrames frames(animation, *painter, options.scale);
  status = frames.Begin();
  if (!status.ok()) return status;
  OutputFileSet files;
  status = PaintSteps(animation, &frames, [&](const RasterFrame&) {
    OutputFile* member = nullptr;
    Status added = files.Add(FormatFramePath(pattern, static_cast<long>(files.size())), &member);
    if (!added.ok()) return added;
    return WritePngFile(frames.surface(), member);
  });
  if (status.ok()) status = files.Commit();
  if (!status.ok()) return status;
  summary->frames = animation.step_count;
  summary->width_px = frames.width();
  summary->height_px = frames.height();
  return Status::Ok();
}

Status WritePdf(const Format&, const Animation& animation, const ExportOptions& options,
                const std::string& path, ExportSummary* summary) {
  std::unique_ptr<Painter> painter;
  Status status = MakePainter(animation, options, &painter);
  if (!status.ok()) return status;
  std::unique_ptr<OutputFile> file;
  status = OutputFile::Create(path, &file);
  if (!status.ok()) return status;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(WriteToFile, file.get(),
                                                                 animation.width, animation.height);
  // Cairo stamps the current time by default; an empty date leaves it out.
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "convanim");
  if (!animation.title.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, animation.title.c_str());
  }
  if (!animation.description.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT,
                                   animation.description.c_str());
  }
  cairo_t* cr = cairo_create(surface);
  PaintStep(cr, *painter, animation, StillStep(animation, options));
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t finished = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  status = file->Write(nullptr, 0);
  if (!status.ok()) return status;
  if (finished != CAIRO_STATUS_SUCCESS) {
    return Status::Internal("cannot write '" + path + "': " + cairo_status_to_string(finished));
  }
  status = file->Commit();
  if (!status.ok()) return status;
  summary->frames = 1;
  summary->width_px = static_cast<int>(animation.width);
  summary->height_px = static_cast<int>(animation.height);
  return Status::Ok();
}

namespace {

// Paints every frame of the timeline into the writer `open` makes for the frame size.
// `preview`: the writer sees the last and the first step first (the GIF's palette: every
// role drawn, every value shown by the end).
Status WriteVideo(const Animation& animation, const ExportOptions& options,
                  const std::function<Status(int, int, std::unique_ptr<FrameWriter>*)>& open,
                  bool preview, ExportSummary* summary) {
  std::unique_ptr<Painter> painter;
  Status status = MakePainter(animation, options, &painter);
  if (!status.ok()) return status;
  RasterFrames frames(animation, *painter, options.scale);
  status = frames.Begin();
  if (!status.ok()) return status;
  std::unique_ptr<FrameWriter> writer;
  status = open(frames.width(), frames.height(), &writer);
  if (!status.ok()) return status;
  if (preview && animation.step_count > 1) {
    RasterFrame last;
    status = frames.Paint(animation.step_count - 1, &last);
    if (status.ok()) status = writer->Preview(last);
    if (!status.ok()) return status;
  }
  bool first = true;
  status = PaintTimeline(animation, StepDuration(animation, options), &frames,
                         [&](const RasterFrame& frame) {
                           if (preview && first) {
                             first = false;
                             Status previewed = writer->Preview(frame);
                             if (!previewed.ok()) return previewed;
                           }
                           return writer->Add(frame);
                         });
  if (status.ok()) status = writer->Finish();
  if (!status.ok()) return status;
  summary->frames = animation.step_count;
  summary->width_px = frames.width();
  summary->height_px = frames.height();
  return Status::Ok();
}

}  // namespace

Status WriteGif(const Format&, const Animation& animation, const ExportOptions& options,
                const std::string& path, ExportSummary* summary) {
  return WriteVideo(
      animation, options,
      [&](int width, int height, std::unique_ptr<FrameWriter>* writer) {
        return OpenGifWriter(path, width, height, options.gif, writer);
      },
      /*preview=*/true, summary);
}

Status WriteMp4(const Format&, const Animation& animation, const ExportOptions& options,
                const std::string& path, ExportSummary* summary) {
  return WriteVideo(
      animation, options,
      [&](int width, int height, std::unique_ptr<FrameWriter>* writer) {
        return OpenMp4Writer(path, width, height, options.mp4, writer);
      },
      /*preview=*/false, summary);
}

}  // namespace convanim
