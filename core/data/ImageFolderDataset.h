#pragma once
#include <functional>
#include <string>
#include <vector>

#include "data/Dataset.h"

namespace nw {

struct ImageFolderOptions {
    int width = 0, height = 0;  // 0: the size of the first readable image
    int channels = 0;           // 1 (grayscale) or 3 (RGB); 0: 1 when every image is grayscale, else 3
    std::function<void(double)> progress;
};

// Loads images laid out as Keras and torchvision expect: ROOT/CLASS/*.png|jpg|jpeg|bmp, or
// ROOT/train/CLASS/…, with optional ROOT/val/CLASS/… (or validation/, valid/; becomes
// Dataset::validation) and
// ROOT/test/CLASS/… (becomes Dataset::test). Class names are the train sub-folder names in
// sorted order; val/test folders must use the same names. Images are decoded by OpenCV,
// converted to the chosen channel count, resized to the chosen size and kept as 8-bit
// (normalization 1/255). A file that cannot be decoded is skipped and counted in
// Dataset::skippedFiles, never fatal. Throws FileFormatError naming the folder for: a root
// that is not a folder, no class sub-folders, a class folder with no readable image, no
// images at all, val/test classes the train split does not have.
Dataset loadImageFolder(const std::string& root, const ImageFolderOptions& options);

// Whether a folder looks like an image-folder dataset (class sub-folders, or train/).
bool looksLikeImageFolder(const std::string& root);

}  // namespace nw
