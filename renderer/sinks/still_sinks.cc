// PNG, PDF and SVG stills and numbered PNG sequences.
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "renderer/sinks/atomic_file.h"
#include "renderer/sinks/raster.h"
#include "renderer/sinks/sinks.h"

namespace convanim {
namespace sinks {
namespace {

cairo_status_t WriteToAtomicFile(void* closure, const unsigned char* data, unsigned int length) {
  AtomicFile* file = static_cast<AtomicFile*>(closure);
  return file->Write(data, length).ok() ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

// Collects a PNG in memory before it goes to a frame file in one write (Cairo's PNG
// writer hands over many small pieces).
cairo_status_t AppendToBuffer(void* closure, const unsigned char* data, unsigned int length) {
  auto* buffer = static_cast<std::vector<unsigned char>*>(closure);
  buffer->insert(buffer->end(), data, data + length);
  return CAIRO_STATUS_SUCCESS;
}

// Cairo names SVG groups and images after its process-wide surface counter
// (id="surface17"), which depends on what else the process drew. Renumbers them by
// first appearance, in ids and in references (href="#surface17", url(#surface17)).
std::string RenumberSvgIds(const std::string& svg) {
  std::string out;
  out.reserve(svg.size());
  std::vector<std::pair<std::string, std::string>> renamed;  // old -> new, few entries
  std::size_t i = 0;
  while (i < svg.size()) {
    bool replaced = false;
    if (i > 0 && (svg[i - 1] == '"' || svg[i - 1] == '#')) {
      for (const char* prefix : {"surface", "image"}) {
        const std::size_t length = std::strlen(prefix);
        if (svg.compare(i, length, prefix) != 0) continue;
        std::size_t end = i + length;
        while (end < svg.size() && svg[end] >= '0' && svg[end] <= '9') ++end;
        if (end == i + length) continue;
        const std::string old_id = svg.substr(i, end - i);
        std::string new_id;
        for (const auto& entry : renamed) {
          if (entry.first == old_id) new_id = entry.second;
        }
        if (new_id.empty()) {
          new_id = prefix + std::to_string(renamed.size() + 1);
          renamed.emplace_back(old_id, new_id);
        }
        out += new_id;
        i = end;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += svg[i++];
  }
  return out;
}

Status TooManyFrames(const std::string& path) {
  return Status::Internal("'" + path +
                          "' is a still and takes one frame; the render loop must pick one");
}

Status NoFrame(const std::string& path) {
  return Status::Internal("'" + path + "' finished without a frame");
}

Status NotBegun(const std::string& path) {
  return Status::Internal("frame for '" + path + "' before Begin()");
}

// ---------------------------------------------------------------------------------

class PngSink : public FrameSink {
 public:
  explicit PngSink(std::string path) : path_(std::move(path)) {}

  Status Begin(const FrameGeometry& geometry) override {
    RasterSize size;
    Status status = RasterSizeFor(geometry, /*even=*/false, &size);
    if (!status.ok()) return status;
    // RGB24: the same pixels as ARGB32 here (frames are opaque) without an alpha channel.
    status = raster_.Init(size, geometry.scale, CAIRO_FORMAT_RGB24);
    if (!status.ok()) return status;
    return AtomicFile::Create(path_, &file_);
  }

  Status AddFrame(const DrawFn& draw, double duration_seconds) override {
    if (!file_) return NotBegun(path_);
    if (frames_ > 0) return TooManyFrames(path_);
    Status status = CheckFrameDuration(duration_seconds);
    if (!status.ok()) return status;
    status = raster_.Draw(draw);
    if (!status.ok()) return status;
    ++frames_;
    const cairo_status_t written =
        cairo_surface_write_to_png_stream(raster_.surface(), WriteToAtomicFile, file_.get());
    if (written != CAIRO_STATUS_SUCCESS) {
      if (!file_->write_error().ok()) return file_->write_error();
      return Status::Internal("cannot encode '" + path_ +
                              "' as PNG: " + cairo_status_to_string(written));
    }
    return Status::Ok();
  }

  Status Finish() override {
    if (!file_) return NotBegun(path_);
    if (frames_ == 0) return NoFrame(path_);
    return file_->Commit();
  }

 private:
  std::string path_;
  Raster raster_;
  std::unique_ptr<AtomicFile> file_;
  int frames_ = 0;
};

// ---------------------------------------------------------------------------------

enum class VectorFormat { kPdf, kSvg };

class VectorSink : public FrameSink {
 public:
  VectorSink(std::string path, VectorFormat format) : path_(std::move(path)), format_(format) {}
  ~VectorSink() override {
    if (surface_ != nullptr) {
      // Unfinished: the stream may still write into the file, which is then removed.
      cairo_surface_destroy(surface_);
    }
  }

  Status Begin(const FrameGeometry& geometry) override {
    Status status = CheckVectorGeometry(geometry);
    if (!status.ok()) return status;
    status = AtomicFile::Create(path_, &file_);
    if (!status.ok()) return status;
    if (format_ == VectorFormat::kPdf) {
      surface_ = cairo_pdf_surface_create_for_stream(WriteToAtomicFile, file_.get(), geometry.width,
                                                     geometry.height);
      // Cairo stamps the current time by default; an empty date leaves it out.
      cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATE_DATE, "");
      cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_MOD_DATE, "");
      cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "convanim");
    } else {
      // Buffered: the ids Cairo writes are renumbered before the bytes reach the file.
      surface_ = cairo_svg_surface_create_for_stream(AppendToBuffer, &svg_, geometry.width,
                                                     geometry.height);
      cairo_svg_surface_restrict_to_version(surface_, CAIRO_SVG_VERSION_1_1);
      cairo_svg_surface_set_document_unit(surface_, CAIRO_SVG_UNIT_PX);
    }
    const cairo_status_t created = cairo_surface_status(surface_);
    if (created != CAIRO_STATUS_SUCCESS) {
      return Status::Internal("cannot start '" + path_ + "': " + cairo_status_to_string(created));
    }
    return Status::Ok();
  }

  Status AddFrame(const DrawFn& draw, double duration_seconds) override {
    if (surface_ == nullptr) return NotBegun(path_);
    if (frames_ > 0) return TooManyFrames(path_);
    Status status = CheckFrameDuration(duration_seconds);
    if (!status.ok()) return status;
    ++frames_;
    status = DrawAndDestroy(cairo_create(surface_), draw);
    if (!status.ok()) return Status::Internal("'" + path_ + "': " + status.message());
    return Status::Ok();
  }

  Status Finish() override {
    if (surface_ == nullptr) return NotBegun(path_);
    if (frames_ == 0) return NoFrame(path_);
    cairo_surface_finish(surface_);
    const cairo_status_t finished = cairo_surface_status(surface_);
    cairo_surface_destroy(surface_);
    surface_ = nullptr;
    if (!file_->write_error().ok()) return file_->write_error();
    if (finished != CAIRO_STATUS_SUCCESS) {
      return Status::Internal("cannot write '" + path_ + "': " + cairo_status_to_string(finished));
    }
    if (format_ == VectorFormat::kSvg) {
      const std::string svg = RenumberSvgIds(std::string(svg_.begin(), svg_.end()));
      Status status = file_->Write(svg.data(), svg.size());
      if (!status.ok()) return status;
    }
    return file_->Commit();
  }

 private:
  std::string path_;
  VectorFormat format_;
  std::unique_ptr<AtomicFile> file_;
  cairo_surface_t* surface_ = nullptr;
  std::vector<unsigned char> svg_;
  int frames_ = 0;
};

// ---------------------------------------------------------------------------------

class PngSequenceSink : public FrameSink {
 public:
  explicit PngSequenceSink(std::string pattern) : pattern_(std::move(pattern)) {}

  Status Begin(const FrameGeometry& geometry) override {
    Status status = CheckFramePattern(pattern_);
    if (!status.ok()) return status;
    const std::size_t slash = pattern_.rfind('/');
    std::string directory = ".";
    std::string name = pattern_;
    if (slash != std::string::npos) {
      directory = slash == 0 ? "/" : pattern_.substr(0, slash);
      name = pattern_.substr(slash + 1);
    }
    directory = FormatFramePath(directory, 0);  // no conversion in it: only unescapes %%
    RasterSize size;
    status = RasterSizeFor(geometry, /*even=*/false, &size);
    if (!status.ok()) return status;
    status = raster_.Init(size, geometry.scale, CAIRO_FORMAT_RGB24);
    if (!status.ok()) return status;
    std::string hint;
    for (char c : name) hint += c == '%' ? '_' : c;
    return AtomicFileSet::Create(directory, hint, &files_);
  }

  Status AddFrame(const DrawFn& draw, double duration_seconds) override {
    if (!files_) return NotBegun(pattern_);
    Status status = CheckFrameDuration(duration_seconds);
    if (!status.ok()) return status;
    status = raster_.Draw(draw);
    if (!status.ok()) return status;
    png_.clear();
    const cairo_status_t encoded =
        cairo_surface_write_to_png_stream(raster_.surface(), AppendToBuffer, &png_);
    const std::string target = FormatFramePath(pattern_, static_cast<long>(files_->size()));
    if (encoded != CAIRO_STATUS_SUCCESS) {
      return Status::Internal("cannot encode '" + target +
                              "' as PNG: " + cairo_status_to_string(encoded));
    }
    int fd = -1;
    status = files_->OpenMember(target, &fd);
    if (!status.ok()) return status;
    const int error = WriteAll(fd, png_.data(), png_.size());
    if (error != 0) {
      return Status::IoError("cannot write '" + target + "': " + ErrnoText(error));
    }
    return files_->CloseMember();
  }

  Status Finish() override {
    if (!files_) return NotBegun(pattern_);
    if (files_->size() == 0) return NoFrame(pattern_);
    return files_->Commit();
  }

 private:
  std::string pattern_;
  Raster raster_;
  std::unique_ptr<AtomicFileSet> files_;
  std::vector<unsigned char> png_;
};

}  // namespace

std::unique_ptr<FrameSink> MakePngSink(const std::string& path, const SinkOptions& options) {
  (void)options;  // the scale comes with the geometry
  return std::make_unique<PngSink>(path);
}

std::unique_ptr<FrameSink> MakePdfSink(const std::string& path, const SinkOptions& options) {
  (void)options;
  return std::make_unique<VectorSink>(path, VectorFormat::kPdf);
}

std::unique_ptr<FrameSink> MakeSvgSink(const std::string& path, const SinkOptions& options) {
  (void)options;
  return std::make_unique<VectorSink>(path, VectorFormat::kSvg);
}

std::unique_ptr<FrameSink> MakePngSequenceSink(const std::string& pattern,
                                               const SinkOptions& options) {
  (void)options;
  return std::make_unique<PngSequenceSink>(pattern);
}

}  // namespace sinks
}  // namespace convanim
