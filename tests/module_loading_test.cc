// The encoder modules: libav is loaded only when a GIF or MP4 is written, found where
// the loader says, and a missing module is a clean error. This test program itself
// links no libav (unlike sinks_test), so its own memory map shows what got loaded.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "renderer/frame_sink.h"
#include "renderer/sinks/gif_module_api.h"
#include "renderer/sinks/module_loader.h"
#include "renderer/sinks/mp4_module_api.h"
#include "renderer/sinks/thread_beside.h"
#include "tests/support/paths.h"
#include "tests/support/run.h"

extern char** environ;

namespace convanim {
namespace {

namespace fs = std::filesystem;
using sinks::EncoderModule;

// The shared libraries mapped into this process, one path per line.
std::string MappedLibraries() {
  std::ifstream maps("/proc/self/maps");
  std::string line, libraries;
  while (std::getline(maps, line)) {
    const std::size_t slash = line.find('/');
    if (slash != std::string::npos && line.find(".so", slash) != std::string::npos) {
      libraries += line.substr(slash) + "\n";
    }
  }
  return libraries;
}

bool Maps(const std::string& libraries, const std::string& name) {
  return libraries.find(name) != std::string::npos;
}

// Renders one frame of a little drawing to `path` through CreateSinkForPath, as the
// render loop does.
void WriteThroughSink(const std::string& path) {
  std::unique_ptr<FrameSink> sink;
  ASSERT_TRUE(CreateSinkForPath(path, SinkOptions{}, &sink).ok()) << path;
  FrameGeometry geometry;
  geometry.width = 40;
  geometry.height = 30;
  const DrawFn draw = [](cairo_t* cr) {
    cairo_set_source_rgb(cr, 0.12, 0.31, 0.6);
    cairo_rectangle(cr, 5, 5, 20, 10);
    cairo_fill(cr);
  };
  ASSERT_TRUE(sink->Begin(geometry).ok()) << path;
  if (sink->WantsPreviewPass()) {
    ASSERT_TRUE(sink->Preview(draw).ok()) << path;
  }
  ASSERT_TRUE(sink->AddFrame(draw, 1.0).ok()) << path;
  const Status finished = sink->Finish();
  ASSERT_TRUE(finished.ok()) << finished.ToString();
  const std::string written =
      path.find('%') == std::string::npos ? path : path.substr(0, path.find('%')) + "0.png";
  ASSERT_GT(fs::file_size(written), 50u) << written;
}

TEST(ModuleLoading, StillsLoadNoLibavGifLoadsOnlyLibavcodecMp4LoadsTheRest) {
  const std::string dir = testing::MakeTempDir();
  const std::string before = MappedLibraries();
  ASSERT_TRUE(Maps(before, "libcairo")) << before;  // the check sees linked libraries
  EXPECT_FALSE(Maps(before, "libav")) << "the test program links libav:\n" << before;

  for (const std::string name : {"still.png", "still.pdf", "still.svg", "frame_%d.png"}) {
    ASSERT_NO_FATAL_FAILURE(WriteThroughSink(dir + "/" + name));
  }
  const std::string after_stills = MappedLibraries();
  EXPECT_FALSE(Maps(after_stills, "libav")) << after_stills;
  EXPECT_FALSE(Maps(after_stills, "libconvanim_")) << after_stills;

  ASSERT_NO_FATAL_FAILURE(WriteThroughSink(dir + "/anim.gif"));
  const std::string after_gif = MappedLibraries();
  EXPECT_TRUE(Maps(after_gif, "/libconvanim_gif.so")) << after_gif;
  EXPECT_TRUE(Maps(after_gif, "libavcodec.so")) << after_gif;
  EXPECT_FALSE(Maps(after_gif, "libavformat.so")) << after_gif;
  EXPECT_FALSE(Maps(after_gif, "libconvanim_mp4.so")) << after_gif;

  ASSERT_NO_FATAL_FAILURE(WriteThroughSink(dir + "/anim.mp4"));
  const std::string after_mp4 = MappedLibraries();
  EXPECT_TRUE(Maps(after_mp4, "/libconvanim_mp4.so")) << after_mp4;
  EXPECT_TRUE(Maps(after_mp4, "libavformat.so")) << after_mp4;
  EXPECT_TRUE(Maps(after_mp4, "libswscale.so")) << after_mp4;
}

TEST(ModuleLoading, EachModuleLoadsOnceWhateverTheThreads) {
  // Sinks of many threads (convanim guide) start and wait for the same load.
  std::vector<void*> handles(6, nullptr);
  std::vector<Status> statuses(handles.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < handles.size(); ++i) {
    threads.emplace_back([&handles, &statuses, i] {
      if (i % 2 == 0) sinks::StartLoadingModule(EncoderModule::kGif);
      statuses[i] = sinks::WaitForModule(EncoderModule::kGif, &handles[i]);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (std::size_t i = 0; i < handles.size(); ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].ToString();
    ASSERT_NE(handles[i], nullptr);
    EXPECT_EQ(handles[i], handles[0]);
  }
  void* symbol = nullptr;
  EXPECT_TRUE(
      sinks::ModuleSymbol(handles[0], EncoderModule::kGif, "convanim_gif_encode", &symbol).ok());
  EXPECT_NE(symbol, nullptr);
  // Only the module's API is exported: its copies of project code stay hidden.
  const Status hidden =
      sinks::ModuleSymbol(handles[0], EncoderModule::kGif, "convanim_gif_nothing", &symbol);
  EXPECT_EQ(hidden.code(), Status::Code::kInternal);
  EXPECT_NE(hidden.message().find("libconvanim_gif.so has no function convanim_gif_nothing"),
            std::string::npos)
      << hidden.message();
  // The MP4 module, waited for without being started first.
  void* mp4 = nullptr;
  ASSERT_TRUE(sinks::WaitForModule(EncoderModule::kMp4, &mp4).ok());
  EXPECT_NE(mp4, handles[0]);
  EXPECT_TRUE(
      sinks::ModuleSymbol(mp4, EncoderModule::kMp4, "convanim_mp4_create_sink", &symbol).ok());
}

TEST(ModuleLoading, FunctionsComeOnlyFromAModuleOfTheExpectedApiVersion) {
  void* open = nullptr;
  void* close = nullptr;
  const Status loaded = sinks::LoadModuleFunctions(
      EncoderModule::kGif, sinks::kGifApiVersionSymbol, CONVANIM_GIF_MODULE_API_VERSION,
      {{sinks::kGifOpenSymbol, &open}, {sinks::kGifCloseSymbol, &close}});
  ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  EXPECT_NE(open, nullptr);
  EXPECT_NE(close, nullptr);
  EXPECT_NE(open, close);

  // A module from another build: the version differs, nothing is looked up.
  void* untouched = nullptr;
  const int other = CONVANIM_GIF_MODULE_API_VERSION + 1;
  const Status mismatch =
      sinks::LoadModuleFunctions(EncoderModule::kGif, sinks::kGifApiVersionSymbol, other,
                                 {{sinks::kGifOpenSymbol, &untouched}});
  EXPECT_EQ(mismatch.code(), Status::Code::kInternal);
  EXPECT_EQ(mismatch.message(), "the GIF encoder module libconvanim_gif.so has API version " +
                                    std::to_string(CONVANIM_GIF_MODULE_API_VERSION) +
                                    ", this convanim needs " + std::to_string(other) +
                                    "; rebuild it");
  EXPECT_EQ(untouched, nullptr);
  // A function the module lacks.
  const Status missing = sinks::LoadModuleFunctions(
      EncoderModule::kMp4, sinks::kMp4ApiVersionSymbol, sinks::kMp4ModuleApiVersion,
      {{"convanim_mp4_nothing", &untouched}});
  EXPECT_EQ(missing.code(), Status::Code::kInternal);
  EXPECT_NE(missing.message().find("libconvanim_mp4.so has no function convanim_mp4_nothing"),
            std::string::npos)
      << missing.message();
}

TEST(ThreadBesideCaller, RunsTheFunctionAndGivesTheThreadEveryCpuBack) {
  struct Seen {
    int value = 0;
    cpu_set_t affinity;
    int cpu = -1;
  } seen;
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof(allowed), &allowed), 0);
  for (int run = 0; run < 3; ++run) {
    pthread_t thread;
    ASSERT_EQ(sinks::StartThreadBesideCaller(
                  [](void* argument) -> void* {
                    auto* into = static_cast<Seen*>(argument);
                    into->cpu = sched_getcpu();
                    pthread_getaffinity_np(pthread_self(), sizeof(into->affinity), &into->affinity);
                    into->value += 42;
                    return argument;
                  },
                  &seen, &thread),
              0);
    void* result = nullptr;
    ASSERT_EQ(pthread_join(thread, &result), 0);
    EXPECT_EQ(result, &seen);
    EXPECT_EQ(seen.value, 42 * (run + 1));
    EXPECT_TRUE(CPU_ISSET(seen.cpu, &allowed)) << seen.cpu;
    // Placed beside its creator only to start: then free to run anywhere again.
    EXPECT_TRUE(CPU_EQUAL(&seen.affinity, &allowed));
  }
}

// ---------------------------------------------------------------------------------
// Where modules are looked for

TEST(ModuleSearchPath, TheOverrideAloneElseTheProgramsDirectoryItsParentAndTheBuild) {
  EXPECT_EQ(sinks::ModuleSearchPath("/opt/mods", "/work/build/tests/sinks_test", "/work/build"),
            std::vector<std::string>{"/opt/mods"});
  EXPECT_EQ(sinks::ModuleSearchPath("", "/work/build/tests/sinks_test", "/work/build"),
            (std::vector<std::string>{"/work/build/tests", "/work/build"}));
  EXPECT_EQ(sinks::ModuleSearchPath("", "/usr/local/bin/convanim", "/src/build"),
            (std::vector<std::string>{"/usr/local/bin", "/usr/local", "/src/build"}));
  EXPECT_EQ(sinks::ModuleSearchPath("", "/convanim", ""), std::vector<std::string>{"/"});
  EXPECT_EQ(sinks::ModuleSearchPath("", "", "/src/build"), std::vector<std::string>{"/src/build"});
}

TEST(ModuleSearchPath, ThisProcessLooksBesideItsProgramFirst) {
  const std::vector<std::string> path = sinks::ProcessModuleSearchPath();
  ASSERT_GE(path.size(), 2u);
  // This program runs from build/tests; the modules sit in build/, its parent.
  const fs::path program = fs::read_symlink("/proc/self/exe");
  EXPECT_EQ(path[0], program.parent_path().string());
  EXPECT_EQ(path[1], program.parent_path().parent_path().string());
  EXPECT_TRUE(fs::exists(path[1] + "/libconvanim_gif.so"));
  EXPECT_TRUE(fs::exists(path[1] + "/libconvanim_mp4.so"));
}

TEST(OpenModule, MissingModuleIsAnInternalErrorNamingEveryPlaceTried) {
  const std::string empty_a = testing::MakeTempDir(), empty_b = testing::MakeTempDir();
  void* handle = &handle;
  const Status status = sinks::OpenModule({empty_a, empty_b}, "libconvanim_gif.so", &handle);
  EXPECT_EQ(status.code(), Status::Code::kInternal);
  EXPECT_EQ(handle, nullptr);
  for (const std::string& expected :
       {std::string("libconvanim_gif.so"), empty_a, empty_b, std::string("CONVANIM_MODULE_DIR")}) {
    EXPECT_NE(status.message().find(expected), std::string::npos) << status.message();
  }
  EXPECT_EQ(sinks::OpenModule({}, "libconvanim_gif.so", &handle).code(), Status::Code::kInternal);
}

TEST(OpenModule, BrokenModuleIsAnInternalErrorWithTheLoadersReason) {
  const std::string empty = testing::MakeTempDir(), broken = testing::MakeTempDir();
  testing::WriteFile(broken + "/libconvanim_gif.so",
                     std::string(4096, '#') + " not a shared library, just text");
  void* handle = nullptr;
  // The first directory that holds the file is the one used.
  const Status status = sinks::OpenModule({empty, broken}, "libconvanim_gif.so", &handle);
  EXPECT_EQ(status.code(), Status::Code::kInternal);
  EXPECT_EQ(handle, nullptr);
  EXPECT_NE(status.message().find(broken + "/libconvanim_gif.so: "), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("invalid ELF header"), std::string::npos) << status.message();
}

// ---------------------------------------------------------------------------------
// The convanim binary

// Runs build/convanim with `extra_environment` ("NAME=value") added to this one's.
testing::RunResult RunWithEnvironment(const std::vector<std::string>& args,
                                      const std::vector<std::string>& extra_environment) {
  testing::RunResult result;
  const std::string dir = testing::MakeTempDir();
  const std::string out_path = dir + "/stdout", err_path = dir + "/stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  std::vector<std::string> argv_strings = {testing::ConvanimBinary()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> environment_strings = extra_environment;
  for (char** entry = environ; *entry != nullptr; ++entry) environment_strings.push_back(*entry);
  std::vector<char*> environment;
  for (std::string& entry : environment_strings) environment.push_back(entry.data());
  environment.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environment.data()) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  result.out = testing::ReadFile(out_path);
  result.err = testing::ReadFile(err_path);
  return result;
}

const std::string kScene = "scenes/guide/no_padding_no_strides.yaml";

TEST(ConvanimBinary, LinksNoLibav) {
  // ldd lists every library the binary loads at start, directly or not.
  const std::string command = "ldd '" + testing::ConvanimBinary() + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  ASSERT_NE(pipe, nullptr);
  std::string listing;
  char buffer[4096];
  while (std::fgets(buffer, sizeof(buffer), pipe.get()) != nullptr) listing += buffer;
  ASSERT_NE(listing.find("libcairo.so"), std::string::npos) << listing;
  EXPECT_EQ(listing.find("libav"), std::string::npos) << listing;
  EXPECT_EQ(listing.find("libswscale"), std::string::npos) << listing;
  EXPECT_EQ(listing.find("libx264"), std::string::npos) << listing;
}

TEST(ConvanimBinary, EvalAndStillsOpenNoLibavAGifOpensItsModule) {
  const std::string dir = testing::MakeTempDir();
  const std::string scene = testing::SourcePath(kScene);
  // LD_DEBUG=files makes the dynamic loader report every library it opens.
  const std::vector<std::string> debug = {"LD_DEBUG=files"};
  const testing::RunResult eval = RunWithEnvironment({"eval", "--no-steps", scene}, debug);
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  ASSERT_NE(eval.err.find("libcairo.so"), std::string::npos) << "no loader report";
  EXPECT_EQ(eval.err.find("libav"), std::string::npos);
  for (const std::string still : {"a.png", "a.pdf", "a.svg"}) {
    const testing::RunResult run =
        RunWithEnvironment({"render", scene, "-o", dir + "/" + still, "-q"}, debug);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.err.find("libav"), std::string::npos) << still;
    EXPECT_EQ(run.err.find("libconvanim_"), std::string::npos) << still;
  }
  const testing::RunResult gif =
      RunWithEnvironment({"render", scene, "-o", dir + "/a.gif", "-q"}, debug);
  ASSERT_EQ(gif.exit_code, 0) << gif.err;
  EXPECT_NE(gif.err.find("libconvanim_gif.so"), std::string::npos);
  EXPECT_NE(gif.err.find("libavcodec.so"), std::string::npos);
  EXPECT_EQ(gif.err.find("libavformat.so"), std::string::npos);
}

TEST(ConvanimBinary, MissingModuleIsACleanFailureThatWritesNothing) {
  const std::string empty = testing::MakeTempDir(), out = testing::MakeTempDir();
  const std::string scene = testing::SourcePath(kScene);
  const std::vector<std::string> no_modules = {"CONVANIM_MODULE_DIR=" + empty};
  for (const std::string name : {"a.gif", "a.mp4"}) {
    const testing::RunResult run =
        RunWithEnvironment({"render", scene, "-o", out + "/" + name}, no_modules);
    EXPECT_EQ(run.exit_code, 1) << name << ": " << run.err;
    const std::string module = name == "a.gif" ? "libconvanim_gif.so" : "libconvanim_mp4.so";
    EXPECT_NE(run.err.find("cannot find the encoder module " + module), std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("looked in: " + empty + "."), std::string::npos) << run.err;
    EXPECT_TRUE(fs::is_empty(out)) << name;
  }
  // Stills need no module.
  const testing::RunResult png =
      RunWithEnvironment({"render", scene, "-o", out + "/a.png", "-q"}, no_modules);
  EXPECT_EQ(png.exit_code, 0) << png.err;
  EXPECT_TRUE(fs::exists(out + "/a.png"));
}

}  // namespace
}  // namespace convanim
