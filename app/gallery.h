// docs/gallery.md: every animation of the guide embedded with its caption, parameters,
// output-size formula and alt text, then the still figures. Written by `convanim guide
// --gallery FILE`; links are relative to FILE's folder so it renders on a code host.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/figure_spec.h"
#include "core/scene.h"
#include "core/schedule.h"
#include "renderer/words.h"

namespace convanim {

struct GalleryAnimation {
  std::string name;              // "padding_strides"
  const Scene* scene = nullptr;  // not owned
  const Schedule* schedule = nullptr;
  std::string figure;                        // the paper's figure that shows it ("2.6"), or ""
  std::map<std::string, std::string> files;  // format name -> link relative to the gallery
  std::string scene_link;                    // the scene file, relative to the gallery file
  bool example = false;                      // from the examples folder, not the guide
};

struct GalleryFigure {
  const FigureSpec* spec = nullptr;          // not owned
  std::map<std::string, std::string> files;  // format name -> link relative to the gallery
  bool example = false;                      // from the examples folder, not the guide
};

// "2.10" sorts after "2.9": figure numbers compare part by part as numbers.
bool FigureNumberLess(const std::string& a, const std::string& b);

// The page in `words`' language (its prose, alt texts, parameters and formulas).
std::string GalleryMarkdown(std::vector<GalleryAnimation> animations,
                            std::vector<GalleryFigure> figures, const std::string& command,
                            const Words& words = Words::English());

}  // namespace convanim
