// Faults of a real `convanim render` process: killed mid-way by SIGINT, SIGTERM or SIGKILL,
// a full disk, a read-only folder. An existing output stays intact, no temporary file is
// left (after SIGKILL, the next render of the same output removes it), and a failing
// write is exit status 1 with a message naming the file.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;
using testing::ConvanimBinary;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::SourcePath;
using testing::WriteFile;

struct Child {
  pid_t pid = -1;
  int err_fd = -1;  // the child's standard error
};

// Starts `convanim args...` (`binary`: another copy of it); `before_exec` runs in the
// child (limits, user).
template <typename Setup>
Child Start(const std::vector<std::string>& args, Setup before_exec,
            const std::string& binary = ConvanimBinary()) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    before_exec();
    std::vector<std::string> all = {binary};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : all) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  return Child{pid, fds[0]};
}

Child Start(const std::vector<std::string>& args) {
  return Start(args, [] {});
}

// Waits; returns the wait status and the standard error.
int Wait(const Child& child, std::string* err) {
  char buffer[4096];
  ssize_t got = 0;
  while ((got = read(child.err_fd, buffer, sizeof buffer)) > 0)
    err->append(buffer, static_cast<std::size_t>(got));
  close(child.err_fd);
  int status = 0;
  waitpid(child.pid, &status, 0);
  return status;
}

std::vector<std::string> Temporaries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".convanim-") != std::string::npos) names.push_back(name);
  }
  return names;
}

// The 40x40 example to MP4 takes seconds: long enough to be interrupted.
const std::string kSlowScene = "scenes/examples/large_input.yaml";

void KillMidWay(int signal_number) {
  const std::string dir = MakeTempDir();
  const std::string out = dir + "/out.mp4";
  WriteFile(out, "the previous output");
  Child child = Start({"render", SourcePath(kSlowScene), "-o", out, "-q"});
  // Wait until the render has started writing (its temporary file exists).
  for (int i = 0; i < 400 && Temporaries(dir).empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(Temporaries(dir).empty()) << "the render never started writing";
  kill(child.pid, signal_number);
  std::string err;
  const int status = Wait(child, &err);
  ASSERT_TRUE(WIFSIGNALED(status)) << "status " << status << ": " << err;
  EXPECT_EQ(WTERMSIG(status), signal_number);
  EXPECT_EQ(ReadFile(out), "the previous output");
  if (signal_number != SIGKILL) {
    EXPECT_TRUE(Temporaries(dir).empty()) << Temporaries(dir).front();
    return;
  }
  // SIGKILL leaves the temporary file; the next render of the same output removes it.
  ASSERT_EQ(Temporaries(dir).size(), 1u);
  Child again =
      Start({"render", SourcePath("scenes/guide/no_padding_strides.yaml"), "-o", out, "-q"});
  err.clear();
  const int again_status = Wait(again, &err);
  ASSERT_TRUE(WIFEXITED(again_status) && WEXITSTATUS(again_status) == 0) << err;
  EXPECT_TRUE(Temporaries(dir).empty());
  EXPECT_EQ(ReadFile(out).substr(4, 4), "ftyp");
}

TEST(Faults, SigintMidRenderKeepsTheOldOutputAndNoTemporary) { KillMidWay(SIGINT); }
TEST(Faults, SigtermMidRenderKeepsTheOldOutputAndNoTemporary) { KillMidWay(SIGTERM); }
TEST(Faults, SigkillLeavesATemporaryThatTheNextRenderRemoves) { KillMidWay(SIGKILL); }

TEST(Faults, AFullDiskIsExitStatusOneNamingTheFile) {
  // A file size limit makes write(2) fail (EFBIG) as a full disk does (ENOSPC).
  const std::string dir = MakeTempDir();
  for (const char* name : {"out.gif", "out.mp4", "out.svg", "out.png"}) {
    const std::string out = dir + "/" + name;
    WriteFile(out, "the previous output");
    Child child = Start({"render", SourcePath(kSlowScene), "-o", out, "-q"}, [] {
      signal(SIGXFSZ, SIG_IGN);
      rlimit limit{20000, 20000};
      setrlimit(RLIMIT_FSIZE, &limit);
    });
    std::string err;
    const int status = Wait(child, &err);
    ASSERT_TRUE(WIFEXITED(status)) << name << ": " << err;
    EXPECT_EQ(WEXITSTATUS(status), 1) << name << ": " << err;
    EXPECT_NE(err.find(out), std::string::npos) << name << ": " << err;
    EXPECT_EQ(ReadFile(out), "the previous output") << name;
    EXPECT_TRUE(Temporaries(dir).empty()) << name;
  }
}

// Root ignores permissions: the render runs as "nobody", who may not reach the checkout
// (a clone under a 0700 folder, as `mktemp -d` makes): the tool and the scene are copied
// into a temporary folder nobody can reach, or the test is skipped saying why.
bool NobodyCanRun(const std::string& binary, const std::string& scene) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
    _exit(access(binary.c_str(), X_OK) == 0 && access(scene.c_str(), R_OK) == 0 ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(Faults, AReadOnlyFolderIsExitStatusOneNamingTheFile) {
  const std::string dir = MakeTempDir();
  const std::string folder = dir + "/read_only";
  ASSERT_EQ(mkdir(folder.c_str(), 0555), 0);
  chmod(dir.c_str(), 0755);
  std::string binary = ConvanimBinary();
  std::string scene = SourcePath("scenes/guide/padding_strides.yaml");
  const bool as_nobody = geteuid() == 0;
  if (as_nobody) {
    const std::string tools = dir + "/tools";
    ASSERT_EQ(mkdir(tools.c_str(), 0755), 0);
    fs::copy_file(binary, tools + "/convanim");
    fs::copy_file(scene, tools + "/a.yaml");
    ASSERT_EQ(chmod((tools + "/convanim").c_str(), 0755), 0);
    ASSERT_EQ(chmod((tools + "/a.yaml").c_str(), 0644), 0);
    binary = tools + "/convanim";
    scene = tools + "/a.yaml";
    if (!NobodyCanRun(binary, scene)) {
      GTEST_SKIP() << "the user nobody cannot reach " << dir
                   << " (a temporary folder under a private one?); set TMPDIR to a folder "
                      "everyone can enter to run this test";
    }
  }
  Child child = Start(
      {"render", scene, "-o", folder + "/a.gif", "-q"},
      [as_nobody] {
        if (as_nobody && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(3);
      },
      binary);
  std::string err;
  const int status = Wait(child, &err);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << err;
  EXPECT_NE(err.find(folder + "/a.gif"), std::string::npos) << err;
  EXPECT_NE(err.find("Permission denied"), std::string::npos) << err;
  EXPECT_TRUE(fs::is_empty(folder));
}

}  // namespace
}  // namespace convanim
