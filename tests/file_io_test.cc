// The bounded reader of files a user or a scene names: regular files only, never blocks,
// reads at most limit + 1 bytes, names the file and never quotes its content.
#include "core/file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim {
namespace {

using testing::MakeTempDir;
using testing::WriteFile;

TEST(FileIo, ReadsARegularFile) {
  const std::string path = MakeTempDir() + "/a.txt";
  WriteFile(path, "hello\n");
  std::string text = "old";
  const Status status = file_io::ReadRegularFile(path, 100, "the scene file", &text);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(text, "hello\n");
  EXPECT_TRUE(file_io::CheckRegularFile(path, 100, "the font file").ok());
}

TEST(FileIo, AFileAtTheLimitIsReadAndOneByteMoreIsRefused) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/ten", "0123456789");
  std::string text;
  EXPECT_TRUE(file_io::ReadRegularFile(dir + "/ten", 10, "the scene file", &text).ok());
  EXPECT_EQ(text.size(), 10u);
  const Status status = file_io::ReadRegularFile(dir + "/ten", 9, "the scene file", &text);
  EXPECT_EQ(status.code(), Status::Code::kInvalidScene);
  EXPECT_EQ(status.message(),
            "the scene file '" + dir + "/ten' is larger than the limit of 9 bytes");
  EXPECT_TRUE(text.empty());
  EXPECT_EQ(file_io::CheckRegularFile(dir + "/ten", 9, "the font file").code(),
            Status::Code::kInvalidScene);
}

TEST(FileIo, AFolderIsRefusedAsNotARegularFile) {
  const std::string dir = MakeTempDir();
  std::string text;
  const Status status = file_io::ReadRegularFile(dir, 100, "the font file", &text);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_EQ(status.message(),
            "cannot read the font file '" + dir + "': it is a folder, not a regular file");
}

TEST(FileIo, DevZeroIsRefusedAtOnceNotReadWhole) {
  const auto started = std::chrono::steady_clock::now();
  std::string text;
  const Status status = file_io::ReadRegularFile("/dev/zero", 64 << 20, "the font file", &text);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_NE(status.message().find("it is a character device, not a regular file"),
            std::string::npos)
      << status.message();
  EXPECT_TRUE(text.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST(FileIo, AFifoWithNoWriterDoesNotBlock) {
  const std::string fifo = MakeTempDir() + "/pipe.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string text;
  const Status status = file_io::ReadRegularFile(fifo, 100, "the scene file", &text);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_EQ(status.message(),
            "cannot read the scene file '" + fifo + "': it is a pipe (FIFO), not a regular file");
  EXPECT_EQ(file_io::CheckRegularFile(fifo, 100, "the font file").code(), Status::Code::kIoError);
}

TEST(FileIo, AMissingFileIsAnIoErrorNamingIt) {
  std::string text;
  const Status status =
      file_io::ReadRegularFile("/nonexistent/x.yaml", 100, "the scene file", &text);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_EQ(status.message(),
            "cannot read the scene file '/nonexistent/x.yaml': No such file or directory");
}

TEST(FileIo, AnUnreadableFileIsAnIoErrorThatDoesNotQuoteIt) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file; the permission test needs a user";
  const std::string path = MakeTempDir() + "/secret.yaml";
  WriteFile(path, "password: hunter2\n");
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  std::string text;
  const Status status = file_io::ReadRegularFile(path, 100, "the scene file", &text);
  EXPECT_EQ(status.code(), Status::Code::kIoError);
  EXPECT_EQ(status.message().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace convanim
