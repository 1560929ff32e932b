#include "app/gallery.h"

#include <algorithm>
#include <sstream>

#include "core/operations.h"
#include "renderer/arithmetic_words.h"
#include "renderer/describe.h"

namespace convanim {
namespace {

std::vector<long> FigureParts(const std::string& number) {
  std::vector<long> parts;
  std::string part;
  std::istringstream in(number);
  while (std::getline(in, part, '.')) parts.push_back(std::strtol(part.c_str(), nullptr, 10));
  return parts;
}

enum class Section { kConvolution, kTransposed, kDilated, kNumerical };

Section SectionOf(const Scene& scene) {
  if (scene.view == View::kNumerical) return Section::kNumerical;
  if (TraitsOf(scene.operation).transposed) return Section::kTransposed;
  if (scene.dilation[0] > 1 || scene.dilation[1] > 1) return Section::kDilated;
  return Section::kConvolution;
}

const char* SectionKey(Section section) {
  switch (section) {
    case Section::kConvolution:
      return "gallery.section.convolution";
    case Section::kTransposed:
      return "gallery.section.transposed";
    case Section::kDilated:
      return "gallery.section.dilated";
    case Section::kNumerical:
      return "gallery.section.numerical";
  }
  return "gallery.section.convolution";
}

// Text from scenes, figures and file names, escaped for where it goes (docs/
// text-and-escaping.md). Markdown processors (Python-Markdown, cmark-gfm) pass inline
// HTML through, so text must never reach them as markup:
//  - Text(): Markdown prose (captions, names, link text, headings, table cells). HTML's
//    < > & " ' and the table's | become character references; Markdown's \ ` * _ [ ] ( ) !
//    get a backslash; a line break becomes a space (a table row and a quote are one line).
//  - Attribute(): an HTML attribute value in double quotes: all of those as character
//    references (a backslash means nothing there).
//  - Url(): a link target: every byte but unreserved characters and '/' percent-encoded,
//    so that no name becomes a scheme (javascript:), a title ("...") or leaves the ().
const char* HtmlReference(char c) {
  switch (c) {
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '&':
      return "&amp;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    case '|':
      return "&#124;";
    default:
      return nullptr;
  }
}

bool IsMarkdownPunctuation(char c) {
  return c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '(' ||
         c == ')' || c == '!';
}

std::string Text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (const char* reference = HtmlReference(c)) {
      out += reference;
    } else if (IsMarkdownPunctuation(c)) {
      out += '\\';
      out += c;
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Attribute(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (const char* reference = HtmlReference(c)) {
      out += reference;
    } else if (IsMarkdownPunctuation(c)) {
      out += "&#" + std::to_string(static_cast<int>(c)) + ";";
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Url(const std::string& link) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : link) {
    const unsigned char b = static_cast<unsigned char>(c);
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' ||
        b == '.' || b == '_' || b == '~' || b == '/') {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

// The id of an animation's section: letters, digits, '-' and '_' kept, any other byte as
// ".HH", so that every name has its own id and the id needs no escaping anywhere.
std::string Anchor(const std::string& name) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "anim-";
  for (char c : name) {
    const unsigned char b = static_cast<unsigned char>(c);
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' ||
        b == '_') {
      out += c;
    } else {
      out += '.';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

std::string Link(const std::map<std::string, std::string>& files, const char* format) {
  auto found = files.find(format);
  return found == files.end() ? "" : Url(found->second);
}

// The picture of an animation: the animated SVG (sharp, light and dark) with the GIF as
// fallback, or whichever of the two was written. Links are Url()s; `alt` is an Attribute().
std::string Picture(const GalleryAnimation& a, const std::string& alt, const char* width) {
  const std::string svg = Link(a.files, "svg"), gif = Link(a.files, "gif");
  const std::string size = width[0] != 0 ? std::string(" width=\"") + width + "\"" : "";
  if (!svg.empty() && !gif.empty()) {
    // A srcset is split at commas and blanks; Url() leaves neither.
    return "<picture><source srcset=\"" + svg + "\" type=\"image/svg+xml\"><img src=\"" + gif +
           "\" alt=\"" + alt + "\"" + size + "></picture>";
  }
  const std::string src = !svg.empty() ? svg : gif;
  if (src.empty()) return "";
  return "<img src=\"" + src + "\" alt=\"" + alt + "\"" + size + ">";
}

// Labels of the files, in the reader's words.
std::string FileLinks(const std::map<std::string, std::string>& files, const Words& words) {
  std::string links;
  for (const char* format : {"svg", "gif", "mp4", "html", "pdf", "png", "json"}) {
    const std::string link = Link(files, format);
    if (link.empty()) continue;
    links += (links.empty() ? "" : " · ") + std::string("[") +
             words.Say(std::string("gallery.file.") + format) + "](" + link + ")";
  }
  return links;
}

}  // namespace

bool FigureNumberLess(const std::string& a, const std::string& b) {
  if (a.empty() != b.empty()) return !a.empty();  // figures first, loose scenes last
  return FigureParts(a) < FigureParts(b);
}

std::string GalleryMarkdown(std::vector<GalleryAnimation> animations,
                            std::vector<GalleryFigure> figures, const std::string& command,
                            const Words& words) {
  std::stable_sort(animations.begin(), animations.end(),
                   [](const GalleryAnimation& x, const GalleryAnimation& y) {
                     if (x.figure != y.figure) return FigureNumberLess(x.figure, y.figure);
                     return x.name < y.name;
                   });
  std::stable_sort(figures.begin(), figures.end(),
                   [](const GalleryFigure& x, const GalleryFigure& y) {
                     return FigureNumberLess(x.spec->figure, y.spec->figure);
                   });

  std::ostringstream md;
  md << "# " << words.Say("gallery.title") << "\n\n"
     << words.Say("gallery.intro", {{"command", "<code>" + Text(command) + "</code>"}}) << "\n\n";
  constexpr int kColumns = 4;
  // A grid like the original README (pictures in one row, names in the next), then each
  // animation with its caption, parameters and files.
  auto animation_section = [&](const std::string& title,
                               const std::vector<const GalleryAnimation*>& in_section) {
    if (in_section.empty()) return;
    md << "## " << title << "\n\n";
    for (std::size_t row = 0; row < in_section.size(); row += kColumns) {
      const std::size_t end = std::min(in_section.size(), row + kColumns);
      std::string pictures = "|", names = "|", rule = "|";
      for (std::size_t i = row; i < end; ++i) {
        const GalleryAnimation& a = *in_section[i];
        pictures +=
            " " + Picture(a, Attribute(AltText(*a.scene, *a.schedule, words)), "180") + " |";
        names += " [" + Text(a.name) + "](#" + Anchor(a.name) + ") |";
        rule += " :---: |";
      }
      md << pictures << "\n" << rule << "\n" << names << "\n\n";
    }
    for (const GalleryAnimation* a : in_section) {
      md << "<a id=\"" << Anchor(a->name) << "\"></a>\n### " << Text(a->name);
      if (!a->figure.empty()) md << words.Say("gallery.figure_of", {{"figure", Text(a->figure)}});
      md << "\n\n";
      md << Picture(*a, Attribute(AltText(*a->scene, *a->schedule, words)), "") << "\n\n";
      if (!a->scene->caption.empty()) md << "> " << Text(a->scene->caption) << "\n\n";
      md << "- "
         << words.Say("gallery.parameters", {{"parameters", ParameterText(*a->scene, words)}})
         << "\n";
      md << "- "
         << words.Say("gallery.output_size",
                      {{"formula", FormulaText(*a->schedule, words)},
                       {"relationship", RelationshipName(a->schedule->axis(kAxisH), words)}})
         << "\n";
      md << "- "
         << words.Say("gallery.view", {{"view", ViewName(a->scene->view)},
                                       {"style", PresetName(a->scene->style.preset)},
                                       {"steps", std::to_string(a->schedule->step_count())}})
         << "\n";
      md << "- "
         << words.Say("gallery.files", {{"links", FileLinks(a->files, words)},
                                        {"name", Text(a->name)},
                                        {"link", Url(a->scene_link)}})
         << "\n\n";
    }
  };
  auto figure_section = [&](const std::string& title, const std::string& intro, bool example) {
    bool any = false;
    for (const GalleryFigure& f : figures) any = any || f.example == example;
    if (!any) return;
    md << "## " << title << "\n\n" << intro << "\n\n";
    for (const GalleryFigure& f : figures) {
      if (f.example != example) continue;
      md << "### " << words.Say("gallery.figure", {{"figure", Text(f.spec->figure)}}) << "\n\n";
      const std::string picture =
          !Link(f.files, "svg").empty() ? Link(f.files, "svg") : Link(f.files, "png");
      if (!picture.empty()) {
        md << "!["
           << words.Say("gallery.figure_alt",
                        {{"figure", Text(f.spec->figure)}, {"caption", Text(f.spec->caption)}})
           << "](" << picture << ")\n\n";
      }
      if (!f.spec->caption.empty()) md << "> " << Text(f.spec->caption) << "\n\n";
      md << words.Say("gallery.figure_files",
                      {{"links", FileLinks(f.files, words)}, {"stem", Text(f.spec->OutputStem())}})
         << "\n\n";
    }
  };
  for (Section section :
       {Section::kConvolution, Section::kTransposed, Section::kDilated, Section::kNumerical}) {
    std::vector<const GalleryAnimation*> in_section;
    for (const auto& a : animations) {
      if (!a.example && SectionOf(*a.scene) == section) in_section.push_back(&a);
    }
    animation_section(words.Say(SectionKey(section)), in_section);
  }
  figure_section(words.Say("gallery.figures"), words.Say("gallery.figures_intro"), false);
  std::vector<const GalleryAnimation*> examples;
  for (const auto& a : animations) {
    if (a.example) examples.push_back(&a);
  }
  animation_section(words.Say("gallery.examples"), examples);
  figure_section(words.Say("gallery.example_figures"), words.Say("gallery.example_figures_intro"),
                 true);
  return md.str();
}

}  // namespace convanim
