// Hostile input at the command line (issue 17): files that are not files, names that hold
// terminal escapes, non-finite option values, a standard output that cannot be written.
// Each ends with a located message and exit status 2 (or 1 for a write error), never an
// abort, a hang or a file's content in a message.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/paths.h"
#include "tests/support/run.h"

namespace convanim::testing {
namespace {

namespace fs = std::filesystem;

const char kScene[] = "operation: convolution\ninput: {size: 5}\nkernel: {size: 3}\n";

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

// Exit status of `command` run by the shell (-1 when it did not exit normally).
int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(Hardening, AFontThatIsAFifoIsRefusedAtItsLineWithoutBlocking) {
  const std::string dir = MakeTempDir();
  ASSERT_EQ(::mkfifo((dir + "/font.otf").c_str(), 0600), 0);
  WriteFile(dir + "/a.yaml", std::string(kScene) + "style: {font: font.otf}\n");
  const RunResult run = RunConvanim({"check", dir + "/a.yaml"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find(dir + "/a.yaml:4:15: error: style.font: cannot read the font file"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("it is a pipe (FIFO), not a regular file"), std::string::npos) << run.err;
}

TEST(Hardening, FontOptionOfDevZeroOrAFolderIsRefused) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/a.yaml", kScene);
  for (const std::string& font : {std::string("/dev/zero"), dir}) {
    SCOPED_TRACE(font);
    const RunResult run =
        RunConvanim({"render", dir + "/a.yaml", "--font", font, "-o", dir + "/a.svg"});
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_NE(run.err.find(font), std::string::npos) << run.err;
    EXPECT_FALSE(FileExists(dir + "/a.svg"));
  }
}

TEST(Hardening, CheckOfAFolderReportsEveryFileAndGoesOnAfterAFailure) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/1_good.yaml", kScene);
  WriteFile(dir + "/2_font.yaml", std::string(kScene) + "style: {font: /dev/zero}\n");
  WriteFile(dir + "/3_folder_font.yaml", std::string(kScene) + "style: {font: /}\n");
  WriteFile(dir + "/4_good.yaml", kScene);
  const RunResult run = RunConvanim({"check", dir});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.out.find(dir + "/1_good.yaml: ok"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(dir + "/4_good.yaml: ok"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find(dir + "/2_font.yaml:4:15: error:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(dir + "/3_folder_font.yaml:4:15: error:"), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("2 of 4 files ok"), std::string::npos) << run.out;
}

TEST(Hardening, CheckPrintsFileNamesEscaped) {
  const std::string dir = MakeTempDir();
  const std::string name = "t\x1b]0;pwned\x07.yaml";
  WriteFile(dir + "/" + name, kScene);
  const RunResult run = RunConvanim({"check", dir});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(run.out.find('\x07'), std::string::npos);
  EXPECT_NE(run.out.find("t\\u001B]0;pwned\\u0007.yaml: ok"), std::string::npos) << run.out;
}

TEST(Hardening, AFigureNamingAFileThatIsNotASceneNeverQuotesIt) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/secret.txt", "TOKEN=abcdef0123456789\n");
  WriteFile(dir + "/fig.yaml", "figure: '1'\nscene: secret.txt\n");
  const RunResult run = RunConvanim({"check", dir + "/fig.yaml"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find(dir + "/fig.yaml:2:8: error: scene 'secret.txt' is not a scene file"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.err.find("TOKEN"), std::string::npos) << run.err;
  const RunResult passwd = RunConvanim({"check", SourcePath("tests/data/bad_figures/passwd.yaml")});
  EXPECT_EQ(passwd.exit_code, 2) << passwd.err;
  EXPECT_EQ(passwd.err.find("root:"), std::string::npos) << passwd.err;
}

TEST(Hardening, NonFiniteOptionValuesAreRefusedAtParse) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/a.yaml", kScene);
  for (const char* option : {"--scale", "--frame-duration", "--cell-size"}) {
    for (const char* value : {"nan", "-nan", "inf", "NaN"}) {
      SCOPED_TRACE(std::string(option) + " " + value);
      const RunResult run =
          RunConvanim({"render", dir + "/a.yaml", option, value, "-o", dir + "/a.png"});
      EXPECT_EQ(run.exit_code, 2) << run.err;
      EXPECT_NE(run.err.find(std::string(option) + ": Value " + value + " is not a finite number"),
                std::string::npos)
          << run.err;
      EXPECT_FALSE(FileExists(dir + "/a.png"));
    }
  }
  const RunResult guide = RunConvanim({"guide", "--scale", "nan", "-o", dir + "/g"});
  EXPECT_EQ(guide.exit_code, 2) << guide.err;
}

TEST(Hardening, AWriteErrorOnStandardOutputIsExitStatusOne) {
  const std::string tool = Quoted(ConvanimBinary());
  const std::string scene = Quoted(SourcePath("scenes/guide/padding_strides.yaml"));
  for (const std::string& args :
       {std::string("--help"), std::string("check ") + scene, std::string("check --help"),
        std::string("explain -i 6 -k 3 -s 2 -p 1"), std::string("eval ") + scene}) {
    SCOPED_TRACE(args);
    EXPECT_EQ(Shell(tool + " " + args + " > /dev/full 2>/dev/null"), 1);
    EXPECT_EQ(Shell(tool + " " + args + " > /dev/null 2>/dev/null"), 0);
  }
}

TEST(Hardening, AGuideRunThatWouldWriteOnePathTwiceIsRefusedBeforeAnyWork) {
  const std::string dir = MakeTempDir();
  fs::create_directories(dir + "/s/figures");
  WriteFile(dir + "/s/a.yaml", kScene);
  WriteFile(dir + "/s/a.yml", kScene);
  WriteFile(dir + "/s/figure-9.yaml", kScene);
  WriteFile(dir + "/s/figures/f9.yaml", "figure: \"9\"\nscene: ../a.yaml\n");
  const RunResult run = RunConvanim({"guide", "--scenes", dir + "/s", "-o", dir + "/out",
                                     "--formats", "svg", "--figure-formats", "svg", "-j", "2"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find(dir + "/s/a.yml: error: '" + dir + "/s/a.yml' and '" + dir +
                         "/s/a.yaml' would both be written to '" + dir + "/out/a.svg'"),
            std::string::npos)
      << run.err;
  EXPECT_NE(
      run.err.find("'" + dir + "/s/figures/f9.yaml' and '" + dir +
                   "/s/figure-9.yaml' would both be written to '" + dir + "/out/figure-9.svg'"),
      std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(dir + "/out"));  // nothing was written
  // The gallery is an output of the plan too.
  fs::remove(dir + "/s/a.yml");
  fs::remove(dir + "/s/figure-9.yaml");
  const RunResult gallery =
      RunConvanim({"guide", "--scenes", dir + "/s", "-o", dir + "/out", "--formats", "svg",
                   "--figure-formats", "none", "--gallery", dir + "/out/a.svg"});
  EXPECT_EQ(gallery.exit_code, 2) << gallery.err;
  EXPECT_NE(gallery.err.find("and '--gallery' would both be written to"), std::string::npos)
      << gallery.err;
}

// DejaVu Sans with its 'head' table's magic number broken: FreeType reads it (the rasters
// and PDF draw it) but HarfBuzz refuses to subset it.
std::string BrokenMagicFont(const std::string& dir) {
  std::string font = ReadFile(SourcePath("assets/fonts/DejaVuSans.ttf"));
  const auto u16 = [&font](std::size_t at) {
    return (static_cast<unsigned char>(font[at]) << 8) | static_cast<unsigned char>(font[at + 1]);
  };
  const auto u32 = [&](std::size_t at) {
    return (static_cast<uint32_t>(u16(at)) << 16) | static_cast<uint32_t>(u16(at + 2));
  };
  const int tables = u16(4);
  for (int t = 0; t < tables; ++t) {
    const std::size_t entry = 12 + 16 * static_cast<std::size_t>(t);
    if (font.compare(entry, 4, "head") == 0) {
      const std::size_t head = u32(entry + 8);
      EXPECT_EQ(u32(head + 12), 0x5F0F3CF5u);  // the magic number
      font[head + 14] = static_cast<char>(0xF2);
    }
  }
  WriteFile(dir + "/broken.ttf", font);
  return dir + "/broken.ttf";
}

TEST(Hardening, AFontHarfBuzzCannotSubsetIsAcceptedInEveryFormat) {
  const std::string dir = MakeTempDir();
  const std::string font = BrokenMagicFont(dir);
  // U+263A is in DejaVu Sans, not in Latin Modern: the user's font draws it.
  WriteFile(dir + "/a.yaml", std::string(kScene) + "style: {title: \"\u263A a\"}\n");
  for (const char* extension : {"svg", "html", "png", "pdf"}) {
    SCOPED_TRACE(extension);
    const std::string out = dir + "/a." + extension;
    const RunResult run = RunConvanim({"render", dir + "/a.yaml", "--font", font, "-q", "-o", out});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(FileExists(out));
  }
  // SVG embeds the whole font (its base64 is at least 4/3 of the font file).
  const std::string svg = ReadFile(dir + "/a.svg");
  EXPECT_GT(svg.size(), ReadFile(font).size() * 4 / 3);
  EXPECT_NE(svg.find("@font-face"), std::string::npos);
}

TEST(Hardening, AOneWordTitleWiderThanThePictureIsWrappedInsideTheWordNotCut) {
  const std::string dir = MakeTempDir();
  const std::string word(300, 'W');
  WriteFile(dir + "/a.yaml", std::string(kScene) + "style: {title: " + word + "}\n");
  const RunResult run = RunConvanim({"render", dir + "/a.yaml", "-q", "-o", dir + "/a.json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json model = nlohmann::json::parse(ReadFile(dir + "/a.json"));
  const double width = model["width"].get<double>();
  std::string drawn;
  int lines = 0;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& node) {
    if (node.is_object() && node.value("role", "") == "title" && node.contains("text")) {
      ++lines;
      drawn += node["text"].get<std::string>();
      EXPECT_GE(node["x"].get<double>(), 0.0);
      // Each line fits: W is about 0.9 em at the title's size.
      EXPECT_LT(
          node["x"].get<double>() + 0.85 * node["size"].get<double>() *
                                        static_cast<double>(node["text"].get<std::string>().size()),
          width + 1e-9);
    }
    if (node.is_structured()) {
      for (const auto& child : node) walk(child);
    }
  };
  walk(model);
  EXPECT_GT(lines, 1);
  EXPECT_EQ(drawn, word);  // every character drawn, in order: wrapped, none cut
}

TEST(Hardening, AOneWordFigureCaptionIsWrappedInsideTheWordNotCut) {
  const std::string dir = MakeTempDir();
  const std::string word(300, 'W');
  WriteFile(dir + "/f.yaml",
            "figure: \"1\"\nscene: " + SourcePath("scenes/guide/padding_strides.yaml") +
                "\nshow_caption: true\ncaption: " + word + "\n");
  const RunResult run = RunConvanim({"render", dir + "/f.yaml", "-q", "-o", dir + "/f.json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json model = nlohmann::json::parse(ReadFile(dir + "/f.json"));
  const double width = model["width"].get<double>();
  std::string drawn;
  int lines = 0;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& node) {
    if (node.is_object() && node.contains("text") && node["text"].is_string() &&
        node["text"].get<std::string>().find("WWW") != std::string::npos) {
      ++lines;
      drawn += node["text"].get<std::string>();
      EXPECT_LT(
          node["x"].get<double>() + 0.85 * node["size"].get<double>() *
                                        static_cast<double>(node["text"].get<std::string>().size()),
          width + 1e-9);
    }
    if (node.is_structured()) {
      for (const auto& child : node) walk(child);
    }
  };
  walk(model);
  EXPECT_GT(lines, 1);
  EXPECT_EQ(drawn, word);  // after the "Figure 1:" label: every character, in order
}

}  // namespace
}  // namespace convanim::testing
