// The MP4 module's interface (libconvanim_mp4.so): the whole MP4 sink (libavcodec +
// libx264, libavformat's mp4 muxer, libswscale) behind one factory returning a
// FrameSink. The binary dlopen()s it (module_loader.h) when an MP4 sink is created.
//
// The module is built from this source tree with -fvisibility=hidden: only the
// functions named here are exported, so its own copies of project code (Raster) never
// clash with the binary's. Both sides are built by the same compiler in the same build,
// so C++ objects (FrameSink, Status, std::string) cross the boundary; the module
// reports an API version that the binary checks.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "renderer/frame_sink.h"
#include "renderer/sinks/gif_module_api.h"  // CONVANIM_MODULE_EXPORT

namespace convanim {
namespace sinks {

// Bumped whenever a declaration below, FrameSink or SinkOptions changes.
constexpr int kMp4ModuleApiVersion = 2;  // 2: SinkOptions lost its unused scale

// A file written atomically (renderer/sinks/atomic_file.h), lent by the binary: the
// binary's one registry of temporary files, which its interrupt handler removes,
// covers the module's files too.
class OutputFile {
 public:
  virtual ~OutputFile() = default;  // removes the temporary file unless committed
  // Where the library writes, through its own descriptor (closed before Commit()).
  virtual const std::string& temp_path() const = 0;
  // Syncs and renames the temporary file over the target.
  virtual Status Commit() = 0;
};

// What the binary lends the MP4 module.
struct Mp4ModuleHost {
  // Creates the temporary file for `target`: IoError naming the path when its
  // directory is missing or not writable.
  Status (*create_output_file)(const std::string& target, std::unique_ptr<OutputFile>* file);
};

// kMp4ModuleApiVersion of the module's build.
using Mp4ApiVersionFn = int (*)();
// A new MP4 sink (see MakeMp4Sink in sinks.h) writing `path`; owned by the caller.
// `host` must outlive the sink.
using Mp4CreateSinkFn = FrameSink* (*)(const Mp4ModuleHost* host, const std::string& path,
                                       const SinkOptions& options);

constexpr const char kMp4ApiVersionSymbol[] = "convanim_mp4_api_version";
constexpr const char kMp4CreateSinkSymbol[] = "convanim_mp4_create_sink";

}  // namespace sinks
}  // namespace convanim
