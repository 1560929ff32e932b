// Tests of the atomic output files (exporters/output_file.h): replacement only at
// Commit(), nothing left behind on failure, destruction or SIGINT/SIGTERM, stale
// temporaries of dead processes, and write errors reported at once.
#include "exporters/output_file.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>

#include "tests/support/paths.h"

namespace convanim {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::set<std::string> Listing(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

// A temporary name as a process `pid` makes them (the unique part as given).
std::string TempNameFor(const std::string& name, pid_t pid, const std::string& unique = "a1B2c3") {
  return "." + name + ".convanim-" + std::to_string(pid) + "-" + unique + ".tmp";
}

// True when `path` is a temporary name of this process for `name` in `dir`.
bool IsOurTemporary(const std::string& path, const std::string& dir, const std::string& name) {
  const std::string head = dir + "/." + name + ".convanim-" + std::to_string(getpid()) + "-";
  return path.size() == head.size() + 6 + 4 && path.compare(0, head.size(), head) == 0 &&
         path.compare(path.size() - 4, 4, ".tmp") == 0;
}

// Runs `child` in a forked process (which leaves through _exit) and returns its wait
// status.
template <typename Fn>
int RunInChild(Fn child) {
  const pid_t pid = fork();
  if (pid == 0) {
    child();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

TEST(OutputFile, ReplacesTheTargetOnlyAtCommit) {
  const std::string dir = testing::MakeTempDir();
  const std::string target = dir + "/figure.gif";
  WriteText(target, "old");
  std::unique_ptr<OutputFile> file;
  ASSERT_TRUE(OutputFile::Create(target, &file).ok());
  EXPECT_TRUE(IsOurTemporary(file->temp_path(), dir, "figure.gif")) << file->temp_path();
  ASSERT_TRUE(file->Write("new ").ok());
  ASSERT_TRUE(file->Write(std::string(100000, 'x')).ok());  // past the buffer
  EXPECT_EQ(ReadText(target), "old");
  EXPECT_EQ(Listing(dir),
            (std::set<std::string>{"figure.gif", fs::path(file->temp_path()).filename().string()}));
  ASSERT_TRUE(file->Commit().ok());
  EXPECT_EQ(ReadText(target), "new " + std::string(100000, 'x'));
  EXPECT_EQ(Listing(dir), std::set<std::string>{"figure.gif"});
  EXPECT_EQ(file->Write("more").code(), Status::Code::kInternal);
  EXPECT_EQ(file->Commit().code(), Status::Code::kInternal);
}

TEST(OutputFile, DestroyedWithoutCommitLeavesTheOldTargetAndNoTemporary) {
  const std::string dir = testing::MakeTempDir();
  WriteText(dir + "/a.mp4", "old");
  {
    std::unique_ptr<OutputFile> file;
    ASSERT_TRUE(OutputFile::Create(dir + "/a.mp4", &file).ok());
    ASSERT_TRUE(file->Write("partial").ok());
  }
  EXPECT_EQ(ReadText(dir + "/a.mp4"), "old");
  EXPECT_EQ(Listing(dir), std::set<std::string>{"a.mp4"});
}

TEST(OutputFile, CreatesMissingFoldersAndRefusesFoldersAsTargets) {
  const std::string dir = testing::MakeTempDir();
  std::unique_ptr<OutputFile> file;
  ASSERT_TRUE(OutputFile::Create(dir + "/frames/deep/step_000.png", &file).ok());
  ASSERT_TRUE(file->Write("png").ok());
  ASSERT_TRUE(file->Commit().ok());
  EXPECT_EQ(ReadText(dir + "/frames/deep/step_000.png"), "png");

  Status status = OutputFile::Create(dir + "/frames", &file);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_NE(status.message().find(dir + "/frames"), std::string::npos) << status.message();
  EXPECT_EQ(OutputFile::Create(dir + "/frames/", &file).code(), Status::Code::kIoError);

  WriteText(dir + "/plain", "a file");
  status = OutputFile::Create(dir + "/plain/a.gif", &file);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_NE(status.message().find("'" + dir + "/plain/a.gif'"), std::string::npos);
  EXPECT_NE(status.message().find("Not a directory"), std::string::npos) << status.message();
}

TEST(OutputFile, ReadOnlyFolderIsAnIoErrorNamingThePath) {
  const std::string dir = testing::MakeTempDir();
  const std::string folder = dir + "/read_only";
  ASSERT_EQ(mkdir(folder.c_str(), 0555), 0);
  chmod(dir.c_str(), 0755);
  // Root ignores permissions: the check runs as "nobody" in a child process.
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const int status = RunInChild([&] {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(3);
    std::unique_ptr<OutputFile> file;
    const Status created = OutputFile::Create(folder + "/a.gif", &file);
    const std::string message = created.message();
    if (write(pipe_fds[1], message.data(), message.size()) < 0) _exit(4);
    _exit(created.code() == Status::Code::kIoError ? 0 : 5);
  });
  close(pipe_fds[1]);
  char buffer[512] = {0};
  const ssize_t got = read(pipe_fds[0], buffer, sizeof(buffer) - 1);
  close(pipe_fds[0]);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << buffer;
  ASSERT_GT(got, 0);
  const std::string message(buffer);
  EXPECT_NE(message.find("'" + folder + "/a.gif'"), std::string::npos) << message;
  EXPECT_NE(message.find("Permission denied"), std::string::npos) << message;
  EXPECT_TRUE(Listing(folder).empty());
}

TEST(OutputFile, AFailingWriteIsReportedAtOnceNamingTheTarget) {
  // A file size limit makes write(2) fail with EFBIG, as a full disk fails with ENOSPC.
  const std::string dir = testing::MakeTempDir();
  const std::string target = dir + "/big.gif";
  WriteText(target, "old");
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const int status = RunInChild([&] {
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{150000, 150000};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(3);
    std::unique_ptr<OutputFile> file;
    if (!OutputFile::Create(target, &file).ok()) _exit(4);
    const std::string chunk(10000, 'x');
    for (int i = 1; i <= 100; ++i) {
      const Status written = file->Write(chunk);
      if (!written.ok()) {
        const std::string report = std::to_string(i) + " " + written.message();
        if (write(pipe_fds[1], report.data(), report.size()) < 0) _exit(5);
        // The failure sticks, and Commit() reports it too without moving anything.
        if (file->Write("y").message() != written.message()) _exit(6);
        if (file->Commit().code() != Status::Code::kIoError) _exit(7);
        file.reset();  // removes the temporary file
        _exit(written.code() == Status::Code::kIoError ? 0 : 8);
      }
    }
    _exit(9);
  });
  close(pipe_fds[1]);
  char buffer[512] = {0};
  ASSERT_GT(read(pipe_fds[0], buffer, sizeof(buffer) - 1), 0);
  close(pipe_fds[0]);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << buffer;
  const std::string report(buffer);
  // 150,000 bytes fit; the write that fills the 64 KiB buffer the third time fails.
  const int failed_at = std::atoi(report.c_str());
  EXPECT_GE(failed_at, 16);
  EXPECT_LE(failed_at, 21);
  EXPECT_NE(report.find("'" + target + "'"), std::string::npos) << report;
  EXPECT_NE(report.find("File too large"), std::string::npos) << report;
  EXPECT_EQ(ReadText(target), "old");
  EXPECT_EQ(Listing(dir), std::set<std::string>{"big.gif"});
}

TEST(OutputFile, RemovesStaleTemporariesOfDeadProcessesOnly) {
  const std::string dir = testing::MakeTempDir();
  const pid_t dead = fork();
  if (dead == 0) _exit(0);
  waitpid(dead, nullptr, 0);
  const pid_t live = getppid();  // the shell or ctest that runs this test
  WriteText(dir + "/" + TempNameFor("a.gif", dead), "killed");
  WriteText(dir + "/" + TempNameFor("a.gif", live), "running");
  WriteText(dir + "/" + TempNameFor("b.gif", dead), "another target");
  WriteText(dir + "/.a.gif.convanim-x.tmp", "not a PID");
  // The older form, without the unique part, of a dead process is removed too.
  WriteText(dir + "/.a.gif.convanim-" + std::to_string(dead) + ".tmp", "old form");
  std::unique_ptr<OutputFile> file;
  ASSERT_TRUE(OutputFile::Create(dir + "/a.gif", &file).ok());
  EXPECT_EQ(Listing(dir),
            (std::set<std::string>{TempNameFor("a.gif", live),
                                   fs::path(file->temp_path()).filename().string(),
                                   TempNameFor("b.gif", dead), ".a.gif.convanim-x.tmp"}));
}

TEST(OutputFile, SigintMidWriteRemovesTheTemporaryAndKeepsTheOldTarget) {
  const std::string dir = testing::MakeTempDir();
  WriteText(dir + "/a.gif", "old");
  const int status = RunInChild([&] {
    std::unique_ptr<OutputFile> file;
    if (!OutputFile::Create(dir + "/a.gif", &file).ok()) _exit(3);
    if (!file->Write(std::string(200000, 'x')).ok()) _exit(4);
    raise(SIGINT);
    _exit(5);  // not reached: the signal's default action ends the process
  });
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGINT);
  EXPECT_EQ(ReadText(dir + "/a.gif"), "old");
  EXPECT_EQ(Listing(dir), std::set<std::string>{"a.gif"});
}

TEST(OutputFile, SigtermFromAnotherProcessRemovesEveryLiveTemporary) {
  const std::string dir = testing::MakeTempDir();
  WriteText(dir + "/a.mp4", "old");
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  if (child == 0) {
    std::unique_ptr<OutputFile> a, b;
    if (!OutputFile::Create(dir + "/a.mp4", &a).ok()) _exit(3);
    if (!OutputFile::Create(dir + "/sub/b.png", &b).ok()) _exit(3);
    if (!a->Write(std::string(100000, 'x')).ok()) _exit(4);
    if (write(ready[1], "r", 1) != 1) _exit(5);
    while (true) pause();
  }
  close(ready[1]);
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  close(ready[0]);
  EXPECT_EQ(Listing(dir).size(), 3u);  // a.mp4, its temporary, sub/
  kill(child, SIGTERM);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_EQ(ReadText(dir + "/a.mp4"), "old");
  EXPECT_EQ(Listing(dir), (std::set<std::string>{"a.mp4", "sub"}));
  EXPECT_TRUE(Listing(dir + "/sub").empty());
}

// Not a test of its own (disabled): the next test runs it in a fresh process, as the
// handlers are installed once per process, saving the disposition found then.
TEST(OutputFile, DISABLED_SignalChildWithHandlerOfItsOwn) {
  const char* dir = std::getenv("CONVANIM_SIGNAL_CHILD_DIR");
  if (dir == nullptr) _exit(7);
  signal(SIGTERM, [](int) { _exit(42); });
  std::unique_ptr<OutputFile> file;
  if (!OutputFile::Create(std::string(dir) + "/a.gif", &file).ok()) _exit(3);
  if (!file->Write(std::string(100000, 'x')).ok()) _exit(4);
  raise(SIGTERM);
  _exit(5);
}

TEST(OutputFile, SignalGoesOnToThePreviousHandler) {
  const std::string dir = testing::MakeTempDir();
  const pid_t child = fork();
  if (child == 0) {
    setenv("CONVANIM_SIGNAL_CHILD_DIR", dir.c_str(), 1);
    execl("/proc/self/exe", "output_file_test", "--gtest_also_run_disabled_tests",
          "--gtest_filter=OutputFile.DISABLED_SignalChildWithHandlerOfItsOwn",
          static_cast<char*>(nullptr));
    _exit(6);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 42);
  EXPECT_TRUE(Listing(dir).empty());
}

// ---------------------------------------------------------------------------------
// OutputFileSet

TEST(OutputFileSet, AllFilesAppearAtCommit) {
  const std::string dir = testing::MakeTempDir();
  WriteText(dir + "/step_1.png", "old");
  OutputFileSet set;
  for (int i = 0; i < 3; ++i) {
    OutputFile* member = nullptr;
    ASSERT_TRUE(set.Add(dir + "/step_" + std::to_string(i) + ".png", &member).ok());
    ASSERT_TRUE(member->Write("frame " + std::to_string(i)).ok());
  }
  EXPECT_EQ(set.size(), 3u);
  EXPECT_EQ(Listing(dir).count("step_0.png"), 0u);
  EXPECT_EQ(ReadText(dir + "/step_1.png"), "old");
  ASSERT_TRUE(set.Commit().ok());
  EXPECT_EQ(Listing(dir), (std::set<std::string>{"step_0.png", "step_1.png", "step_2.png"}));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ReadText(dir + "/step_" + std::to_string(i) + ".png"), "frame " + std::to_string(i));
  }
}

TEST(OutputFileSet, DestroyedWithoutCommitWritesNothing) {
  const std::string dir = testing::MakeTempDir();
  {
    OutputFileSet set;
    OutputFile* member = nullptr;
    ASSERT_TRUE(set.Add(dir + "/frames/0.png", &member).ok());
    ASSERT_TRUE(member->Write("frame").ok());
  }
  EXPECT_TRUE(Listing(dir + "/frames").empty());
}

TEST(OutputFileSet, ARenameFailingHalfWayPutsBackWhatWasReplaced) {
  const std::string dir = testing::MakeTempDir();
  WriteText(dir + "/0.png", "old 0");
  WriteText(dir + "/2.png", "old 2");
  OutputFileSet set;
  OutputFile* members[3];
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(set.Add(dir + "/" + std::to_string(i) + ".png", &members[i]).ok());
    ASSERT_TRUE(members[i]->Write("new").ok());
  }
  // Something removes the last member's temporary file: its rename fails after the
  // first two were done.
  ASSERT_EQ(unlink(members[2]->temp_path().c_str()), 0);
  const Status status = set.Commit();
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_NE(status.message().find(dir + "/2.png"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("no file of the set was written"), std::string::npos);
  EXPECT_EQ(ReadText(dir + "/0.png"), "old 0");
  EXPECT_EQ(ReadText(dir + "/2.png"), "old 2");
  EXPECT_EQ(Listing(dir), (std::set<std::string>{"0.png", "2.png"}));
}

TEST(OutputFileSet, ATargetThatCannotBeKeptFailsBeforeAnythingMoves) {
  const std::string dir = testing::MakeTempDir();
  WriteText(dir + "/0.png", "old 0");
  OutputFileSet set;
  OutputFile* member = nullptr;
  ASSERT_TRUE(set.Add(dir + "/0.png", &member).ok());
  ASSERT_TRUE(set.Add(dir + "/1.png", &member).ok());
  ASSERT_EQ(mkdir((dir + "/1.png").c_str(), 0755), 0);  // a folder appears there
  EXPECT_EQ(set.Commit().code(), Status::Code::kIoError);
  EXPECT_EQ(ReadText(dir + "/0.png"), "old 0");
  EXPECT_EQ(Listing(dir), (std::set<std::string>{"0.png", "1.png"}));
}

TEST(OutputFile, TwoWritersOfOneTargetInOneProcessHaveTheirOwnTemporaries) {
  const std::string dir = testing::MakeTempDir();
  std::unique_ptr<OutputFile> first, second;
  ASSERT_TRUE(OutputFile::Create(dir + "/a.svg", &first).ok());
  ASSERT_TRUE(OutputFile::Create(dir + "/a.svg", &second).ok());
  EXPECT_NE(first->temp_path(), second->temp_path());
  EXPECT_TRUE(IsOurTemporary(first->temp_path(), dir, "a.svg")) << first->temp_path();
  EXPECT_TRUE(IsOurTemporary(second->temp_path(), dir, "a.svg")) << second->temp_path();
  ASSERT_TRUE(first->Write("one").ok());
  ASSERT_TRUE(second->Write("two").ok());
  ASSERT_TRUE(first->Commit().ok());
  ASSERT_TRUE(second->Commit().ok());
  EXPECT_EQ(ReadText(dir + "/a.svg"), "two");
  EXPECT_EQ(Listing(dir), std::set<std::string>{"a.svg"});
}

TEST(OutputFile, AReplacedFileKeepsItsPermissionBits) {
  const std::string dir = testing::MakeTempDir();
  for (const mode_t mode : {mode_t{0600}, mode_t{0640}, mode_t{0755}}) {
    const std::string target = dir + "/private.svg";
    WriteText(target, "old");
    ASSERT_EQ(chmod(target.c_str(), mode), 0);
    std::unique_ptr<OutputFile> file;
    ASSERT_TRUE(OutputFile::Create(target, &file).ok());
    ASSERT_TRUE(file->Write("new").ok());
    ASSERT_TRUE(file->Commit().ok());
    struct stat info;
    ASSERT_EQ(stat(target.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, mode);
    EXPECT_EQ(ReadText(target), "new");
  }
}

TEST(OutputFile, ANewFileGetsTheUmasksMode) {
  // The mode is read once per process: a fresh convanim run under umask 027.
  const std::string dir = testing::MakeTempDir();
  const std::string command = "umask 027 && '" + testing::ConvanimBinary() + "' render '" +
                              testing::SourcePath("scenes/guide/padding_strides.yaml") +
                              "' -q -o '" + dir + "/new.svg'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  struct stat info;
  ASSERT_EQ(stat((dir + "/new.svg").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0640u);
  EXPECT_EQ(Listing(dir), std::set<std::string>{"new.svg"});
}

}  // namespace
}  // namespace convanim
