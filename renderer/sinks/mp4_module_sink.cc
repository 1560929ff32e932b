// The binary's side of the MP4 sink: a FrameSink that loads the MP4 module (which
// holds the real sink, libav and all) and hands every call on to the sink it makes.
#include <memory>
#include <string>

#include "renderer/sinks/atomic_file.h"
#include "renderer/sinks/module_loader.h"
#include "renderer/sinks/mp4_module_api.h"
#include "renderer/sinks/sinks.h"

namespace convanim {
namespace sinks {
namespace {

// The binary's AtomicFile as the module's OutputFile.
class AtomicOutputFile : public OutputFile {
 public:
  explicit AtomicOutputFile(std::unique_ptr<AtomicFile> file) : file_(std::move(file)) {}
  const std::string& temp_path() const override { return file_->temp_path(); }
  Status Commit() override { return file_->Commit(); }

 private:
  std::unique_ptr<AtomicFile> file_;
};

Status CreateAtomicOutputFile(const std::string& target, std::unique_ptr<OutputFile>* file) {
  std::unique_ptr<AtomicFile> atomic;
  Status status = AtomicFile::Create(target, &atomic);
  if (!status.ok()) return status;
  *file = std::make_unique<AtomicOutputFile>(std::move(atomic));
  return Status::Ok();
}

const Mp4ModuleHost kHost = {&CreateAtomicOutputFile};

Status CreateModuleSink(const std::string& path, const SinkOptions& options,
                        std::unique_ptr<FrameSink>* sink) {
  void* create = nullptr;
  Status status = LoadModuleFunctions(EncoderModule::kMp4, kMp4ApiVersionSymbol,
                                      kMp4ModuleApiVersion, {{kMp4CreateSinkSymbol, &create}});
  if (!status.ok()) return status;
  sink->reset(reinterpret_cast<Mp4CreateSinkFn>(create)(&kHost, path, options));
  if (*sink == nullptr) return Status::Internal("out of memory for the MP4 sink");
  return Status::Ok();
}

class Mp4ModuleSink : public FrameSink {
 public:
  Mp4ModuleSink(std::string path, const SinkOptions& options)
      : path_(std::move(path)), options_(options) {
    // libavcodec, libavformat and x264 take ~20 ms to load: start now.
    StartLoadingModule(EncoderModule::kMp4);
  }

  Status Begin(const FrameGeometry& geometry) override {
    if (!sink_) {
      Status status = CreateModuleSink(path_, options_, &sink_);
      if (!status.ok()) return status;
    }
    return sink_->Begin(geometry);
  }
  bool WantsPreviewPass() const override { return sink_ && sink_->WantsPreviewPass(); }
  Status Preview(const DrawFn& draw) override {
    return sink_ ? sink_->Preview(draw) : NotBegun("preview");
  }
  Status AddFrame(const DrawFn& draw, double duration_seconds) override {
    return sink_ ? sink_->AddFrame(draw, duration_seconds) : NotBegun("frame");
  }
  Status Finish() override { return sink_ ? sink_->Finish() : NotBegun("finish"); }

 private:
  Status NotBegun(const char* what) const {
    return Status::Internal(std::string(what) + " for '" + path_ + "' before Begin()");
  }

  std::string path_;
  SinkOptions options_;
  std::unique_ptr<FrameSink> sink_;  // made by the module, whose code deletes it
};

}  // namespace

std::unique_ptr<FrameSink> MakeMp4Sink(const std::string& path, const SinkOptions& options) {
  return std::make_unique<Mp4ModuleSink>(path, options);
}

}  // namespace sinks
}  // namespace convanim
