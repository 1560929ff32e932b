// Loading the encoder modules (gif_module_api.h, mp4_module_api.h) with dlopen, only
// when a GIF or MP4 is written. The convanim binary does not link libav: libavcodec and libavformat
// pull in about 130 shared libraries bound at load time, which cost about 22 ms at every start
// (`convanim --version`, eval, check, PNG, PDF, SVG) although only GIF and MP4 need them. A sink
// starts loading its module in a background thread when it is created, so the ~13 ms of loading
// libavcodec overlaps loading the scene and drawing, and waits for it at first use.
//
// Each module is loaded at most once per process, from any thread (`convanim guide`
// writes many GIFs and MP4s in parallel); it stays loaded until the process exits.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace convanim {
namespace sinks {

enum class EncoderModule { kGif, kMp4 };

// "libconvanim_gif.so" or "libconvanim_mp4.so".
const char* ModuleFileName(EncoderModule module);

// The directories searched for a module, in order. When `override_dir` (the
// environment's CONVANIM_MODULE_DIR) is not empty it is the only one: a user who sets
// it means it. Otherwise: the directory of `executable` (the running program: the
// modules are built beside build/convanim), its parent (test and benchmark programs
// run from build/tests and build/bench), then `build_dir`, the build tree this code
// was compiled in. Empty entries are left out, duplicates kept once.
std::vector<std::string> ModuleSearchPath(const std::string& override_dir,
                                          const std::string& executable,
                                          const std::string& build_dir);

// ModuleSearchPath() for this process: $CONVANIM_MODULE_DIR, /proc/self/exe and the
// build directory compiled in.
std::vector<std::string> ProcessModuleSearchPath();

// dlopen()s (RTLD_NOW | RTLD_LOCAL) `file_name` from the first directory of
// `search_path` that holds it. Internal error when no directory holds it (naming the
// file and every directory tried) or when dlopen fails (naming the path and
// dlerror()'s reason, such as a missing libavcodec).
Status OpenModule(const std::vector<std::string>& search_path, const std::string& file_name,
                  void** handle);

// Starts loading `module` from ProcessModuleSearchPath() in a background thread
// unless that has already started. Returns at once.
void StartLoadingModule(EncoderModule module);

// Waits for the load (starting it first if needed) and returns its handle, or the
// error of the one attempt made in this process (every caller gets the same).
Status WaitForModule(EncoderModule module, void** handle);

// Looks up an exported function of a loaded module; Internal error naming both
// when it is missing (a module from another build).
Status ModuleSymbol(void* handle, EncoderModule module, const char* symbol, void** address);

// What a sink does at first use: waits for `module` (WaitForModule), checks that its
// exported `int version_symbol(void)` returns `expected_version` (else an Internal error
// saying to rebuild the module) and looks up each of `functions` (symbol, where to put
// its address) with ModuleSymbol().
Status LoadModuleFunctions(EncoderModule module, const char* version_symbol, int expected_version,
                           std::initializer_list<std::pair<const char*, void**>> functions);

}  // namespace sinks
}  // namespace convanim
