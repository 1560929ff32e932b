// PNG, numbered PNGs, PDF, GIF and MP4: the formats the Cairo painter draws.
#include <cairo-pdf.h>
#include <cairo.h>

#include <functional>
#include <memory>

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

Status WritePngFile(cairo_surface_t* surface, OutputFile* file) {
  const cairo_status_t written = cairo_surface_write_to_png_stream(surface, WriteToFile, file);
  if (written == CAIRO_STATUS_SUCCESS) return Status::Ok();
  Status error = file->Write(nullptr, 0);  // the sticky write error, if that was the cause
  if (!error.ok()) return error;
  return Status::Internal("cannot encode '" + file->target() +
                          "' as PNG: " + cairo_status_to_string(written));
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
