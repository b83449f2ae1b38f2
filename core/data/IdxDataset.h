#pragma once
#include <functional>
#include <string>
#include <vector>

#include "data/Dataset.h"

namespace nw {

// Loads a folder holding IDX image/label pairs named like MNIST's
// (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-…): the train pair is
// required, the t10k pair becomes the test split when present. Images of any size; labels
// must be one per image. Class names default to "0", "1", ….
Dataset loadIdxFolder(const std::string& folder, const std::string& name,
                      std::vector<std::string> classNames = {},
                      const std::function<void(double)>& progress = {});

// Whether the folder holds a training pair of IDX files.
bool looksLikeIdxFolder(const std::string& folder);

}  // namespace nw
