#include "renderer/sinks/module_loader.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <utility>

#include "renderer/sinks/thread_beside.h"

#ifndef CONVANIM_MODULE_BUILD_DIR
#define CONVANIM_MODULE_BUILD_DIR ""
#endif

namespace convanim {
namespace sinks {
namespace {

std::string DirectoryOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string Join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

const char* FormatOf(EncoderModule module) { return module == EncoderModule::kGif ? "GIF" : "MP4"; }

// One module's load: started at most once, its result kept for every later caller.
struct LoadSlot {
  EncoderModule module = EncoderModule::kGif;
  std::mutex mutex;
  std::condition_variable finished;
  bool started = false;
  bool done = false;
  Status status;
  void* handle = nullptr;
  pthread_t thread{};
  bool joinable = false;
};

LoadSlot& SlotFor(EncoderModule module) {
  // Never destroyed: a sink may wait on it from any thread until the very end.
  static LoadSlot* const slots = [] {
    auto* made = new LoadSlot[2];
    made[1].module = EncoderModule::kMp4;
    return made;
  }();
  return slots[module == EncoderModule::kGif ? 0 : 1];
}

// Joins the loading threads when the process exits normally, so none is still inside
// dlopen() while the program's and libraries' destructors run.
struct JoinLoadersAtExit {
  ~JoinLoadersAtExit() {
    for (EncoderModule module : {EncoderModule::kGif, EncoderModule::kMp4}) {
      LoadSlot& slot = SlotFor(module);
      bool joinable = false;
      {
        std::lock_guard<std::mutex> lock(slot.mutex);
        std::swap(joinable, slot.joinable);
      }
      if (joinable) pthread_join(slot.thread, nullptr);
    }
  }
};

void LoadInto(LoadSlot* slot) {
  void* handle = nullptr;
  Status status = OpenModule(ProcessModuleSearchPath(), ModuleFileName(slot->module), &handle);
  std::lock_guard<std::mutex> lock(slot->mutex);
  slot->status = std::move(status);
  slot->handle = handle;
  slot->done = true;
  slot->finished.notify_all();
}

}  // namespace

const char* ModuleFileName(EncoderModule module) {
  return module == EncoderModule::kGif ? "libconvanim_gif.so" : "libconvanim_mp4.so";
}

std::vector<std::string> ModuleSearchPath(const std::string& override_dir,
                                          const std::string& executable,
                                          const std::string& build_dir) {
  if (!override_dir.empty()) return {override_dir};
  const std::string executable_dir = DirectoryOf(executable);
  std::vector<std::string> candidates = {executable_dir, DirectoryOf(executable_dir), build_dir};
  std::vector<std::string> path;
  for (const std::string& candidate : candidates) {
    if (candidate.empty()) continue;
    if (std::find(path.begin(), path.end(), candidate) != path.end()) continue;
    path.push_back(candidate);
  }
  return path;
}

std::vector<std::string> ProcessModuleSearchPath() {
  const char* override_dir = std::getenv("CONVANIM_MODULE_DIR");
  char executable[PATH_MAX];
  const ssize_t length = readlink("/proc/self/exe", executable, sizeof(executable) - 1);
  return ModuleSearchPath(
      override_dir == nullptr ? "" : override_dir,
      length > 0 ? std::string(executable, static_cast<std::size_t>(length)) : std::string(),
      CONVANIM_MODULE_BUILD_DIR);
}

Status OpenModule(const std::vector<std::string>& search_path, const std::string& file_name,
                  void** handle) {
  *handle = nullptr;
  for (const std::string& directory : search_path) {
    const std::string path = (directory == "/" ? "" : directory) + "/" + file_name;
    if (access(path.c_str(), F_OK) != 0) continue;
    void* opened = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (opened == nullptr) {
      const char* reason = dlerror();
      return Status::Internal("cannot load the encoder module " + path + ": " +
                              (reason != nullptr ? reason : "unknown dlopen failure"));
    }
    *handle = opened;
    return Status::Ok();
  }
  return Status::Internal("cannot find the encoder module " + file_name +
                          " (built beside the convanim binary); looked in: " +
                          (search_path.empty() ? "no directory" : Join(search_path)) +
                          ". Set CONVANIM_MODULE_DIR to the directory that holds it");
}

void StartLoadingModule(EncoderModule module) {
  static JoinLoadersAtExit join_loaders_at_exit;
  LoadSlot& slot = SlotFor(module);
  std::lock_guard<std::mutex> lock(slot.mutex);
  if (slot.started) return;
  const int error = StartThreadBesideCaller(
      [](void* argument) -> void* {
        LoadInto(static_cast<LoadSlot*>(argument));
        return nullptr;
      },
      &slot, &slot.thread);
  // With no thread to spare, WaitForModule() loads it in the caller's thread.
  if (error != 0) return;
  slot.started = true;
  slot.joinable = true;
}

Status WaitForModule(EncoderModule module, void** handle) {
  LoadSlot& slot = SlotFor(module);
  std::unique_lock<std::mutex> lock(slot.mutex);
  if (!slot.started) {
    slot.started = true;
    lock.unlock();
    LoadInto(&slot);
    lock.lock();
  }
  slot.finished.wait(lock, [&slot] { return slot.done; });
  *handle = slot.handle;
  return slot.status;
}

Status ModuleSymbol(void* handle, EncoderModule module, const char* symbol, void** address) {
  *address = handle == nullptr ? nullptr : dlsym(handle, symbol);
  if (*address == nullptr) {
    return Status::Internal(std::string("the ") + FormatOf(module) + " encoder module " +
                            ModuleFileName(module) + " has no function " + symbol +
                            " (a module from another build of convanim? rebuild it)");
  }
  return Status::Ok();
}

Status LoadModuleFunctions(EncoderModule module, const char* version_symbol, int expected_version,
                           std::initializer_list<std::pair<const char*, void**>> functions) {
  void* handle = nullptr;
  Status status = WaitForModule(module, &handle);
  if (!status.ok()) return status;
  void* version = nullptr;
  status = ModuleSymbol(handle, module, version_symbol, &version);
  if (!status.ok()) return status;
  const int module_version = reinterpret_cast<int (*)()>(version)();
  if (module_version != expected_version) {
    return Status::Internal(std::string("the ") + FormatOf(module) + " encoder module " +
                            ModuleFileName(module) + " has API version " +
                            std::to_string(module_version) + ", this convanim needs " +
                            std::to_string(expected_version) + "; rebuild it");
  }
  for (const auto& [symbol, address] : functions) {
    status = ModuleSymbol(handle, module, symbol, address);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace sinks
}  // namespace convanim
