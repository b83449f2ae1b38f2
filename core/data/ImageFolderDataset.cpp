#include "data/ImageFolderDataset.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"

namespace nw {
namespace fs = std::filesystem;
namespace {

const char* const kExtensions = ".png, .jpg, .jpeg or .bmp";

bool isHidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

bool hasImageExtension(const fs::path& p) {
    std::string ext = p.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp";
}

// The visible sub-folders of `folder`, sorted by name so class indices never depend on the
// order the file system happens to list them in.
std::vector<fs::path> subfolders(const fs::path& folder) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(folder))
        if (!isHidden(entry.path()) && entry.is_directory()) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

// Every image file under a class folder, nested folders included (as torchvision and Keras
// do), hidden files and folders left out, in sorted order.
std::vector<fs::path> imageFiles(const fs::path& classFolder) {
    std::vector<fs::path> out;
    for (auto it = fs::recursive_directory_iterator(classFolder); it != fs::recursive_directory_iterator(); ++it) {
        if (isHidden(it->path())) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && hasImageExtension(it->path())) out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct ClassFolder {
    fs::path folder;
    int label = 0;
    std::vector<fs::path> files;
};

struct Split {
    std::vector<ClassFolder> classes;
    std::size_t fileCount = 0;
    std::vector<std::uint8_t> bytes;
    std::vector<float> targets;
};

std::vector<ClassFolder> listClasses(const fs::path& splitFolder, const std::vector<std::string>* knownClasses,
                                     const fs::path& trainFolder) {
    std::vector<ClassFolder> classes;
    for (const auto& folder : subfolders(splitFolder)) {
        ClassFolder c;
        c.folder = folder;
        c.label = static_cast<int>(classes.size());
        if (knownClasses) {
            const std::string name = folder.filename().string();
            const auto found = std::find(knownClasses->begin(), knownClasses->end(), name);
            if (found == knownClasses->end()) {
                std::string names;
                for (const auto& k : *knownClasses) names += (names.empty() ? "" : ", ") + k;
                throw FileFormatError(folder.string(), "class '" + name + "' is not one of the training classes in " +
                                                           trainFolder.string() + " (" + names + ")");
            }
            c.label = static_cast<int>(found - knownClasses->begin());
        }
        c.files = imageFiles(folder);
        if (c.files.empty())
            throw FileFormatError(folder.string(), std::string("this class folder holds no images (") + kExtensions + ")");
        classes.push_back(std::move(c));
    }
    if (classes.empty())
        throw FileFormatError(splitFolder.string(), std::string("no class sub-folders: expected one sub-folder of images (") +
                                                        kExtensions + ") per class");
    return classes;
}

// Decodes, converts and resizes images into the CHW bytes of their split. With channels
// left open it stores one channel until the first colour image, then widens what it has,
// so a grayscale set never costs three times its size, and a colour one is decoded once.
class Decoder {
public:
    Decoder(const ImageFolderOptions& options, std::size_t totalFiles, std::vector<Split*> splits)
        : width_(options.width), height_(options.height), fixedChannels_(options.channels),
          channels_(options.channels == 0 ? 1 : options.channels), total_(totalFiles), splits_(std::move(splits)),
          progress_(options.progress) {}

    // False when the file cannot be decoded.
    bool add(const fs::path& file, int label, Split& split) {
        cv::Mat image = read(file);
        report();
        if (image.empty()) return false;
        if (width_ == 0) {
            width_ = image.cols;
            height_ = image.rows;
        }
        if (plane_ == 0) reserve();
        const bool colour = image.channels() == 3 && !isGray(image);
        if (colour && channels_ == 1) widen();
        if (image.cols != width_ || image.rows != height_) {
            cv::Mat resized;
            const bool shrinking = width_ <= image.cols && height_ <= image.rows;
            cv::resize(image, resized, cv::Size(width_, height_), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
            image = resized;
        }
        append(image, split.bytes);
        split.targets.push_back(static_cast<float>(label));
        return true;
    }

    int channels() const { return channels_; }
    int width() const { return width_; }
    int height() const { return height_; }
    void finish() {
        if (progress_) progress_(1.0);
    }

private:
    cv::Mat read(const fs::path& file) const {
        // IMREAD_ANYCOLOR keeps grayscale files at one channel, drops alpha and still applies
        // the EXIF orientation (IMREAD_UNCHANGED would not).
        const int flags = fixedChannels_ == 1 ? cv::IMREAD_GRAYSCALE
                          : fixedChannels_ == 3 ? cv::IMREAD_COLOR
                                                : cv::IMREAD_ANYCOLOR;
        try {
            return cv::imread(file.string(), flags);
        } catch (const cv::Exception&) {
            return {};
        }
    }

    // A three-channel file whose channels all agree (gray content saved as RGB, common for
    // exported data sets) counts as grayscale for the automatic choice.
    bool isGray(const cv::Mat& bgr) const {
        if (fixedChannels_ != 0) return false;
        for (int y = 0; y < bgr.rows; ++y) {
            const std::uint8_t* p = bgr.ptr<std::uint8_t>(y);
            for (int x = 0; x < bgr.cols; ++x, p += 3)
                if (p[0] != p[1] || p[1] != p[2]) return false;
        }
        return true;
    }

    void reserve() {
        plane_ = static_cast<std::size_t>(width_) * height_;
        for (Split* s : splits_) s->bytes.reserve(s->fileCount * channels_ * plane_);
    }

    // One channel so far, and now a colour image: repeat each stored plane three times.
    void widen() {
        const std::size_t plane = plane_;
        for (Split* s : splits_) {
            std::vector<std::uint8_t> wide;
            wide.reserve(s->fileCount * 3 * plane);
            for (std::size_t offset = 0; offset < s->bytes.size(); offset += plane)
                for (int c = 0; c < 3; ++c) wide.insert(wide.end(), s->bytes.begin() + offset, s->bytes.begin() + offset + plane);
            s->bytes = std::move(wide);
        }
        channels_ = 3;
    }

    void append(const cv::Mat& image, std::vector<std::uint8_t>& out) const {
        const std::size_t plane = plane_, start = out.size();
        out.resize(start + channels_ * plane);
        std::uint8_t* dst = out.data() + start;
        for (int y = 0; y < height_; ++y) {
            const std::uint8_t* row = image.ptr<std::uint8_t>(y);
            const std::size_t at = static_cast<std::size_t>(y) * width_;
            if (image.channels() == 1) {
                for (int c = 0; c < channels_; ++c) std::memcpy(dst + c * plane + at, row, static_cast<std::size_t>(width_));
            } else if (channels_ == 3) {  // BGR pixels to R, G, B planes
                for (int x = 0; x < width_; ++x)
                    for (int c = 0; c < 3; ++c) dst[c * plane + at + x] = row[3 * x + (2 - c)];
            } else {  // gray content in a three-channel file
                for (int x = 0; x < width_; ++x) dst[at + x] = row[3 * x];
            }
        }
    }

    void report() {
        ++done_;
        if (!progress_ || total_ == 0) return;
        // A few hundred calls at most: the callback may cross threads.
        const std::size_t step = done_ * 500 / total_;
        if (step != lastStep_) {
            lastStep_ = step;
            progress_(static_cast<double>(done_) / static_cast<double>(total_));
        }
    }

    int width_, height_;
    int fixedChannels_;
    int channels_;
    std::size_t plane_ = 0;
    std::size_t total_, done_ = 0, lastStep_ = 0;
    std::vector<Split*> splits_;
    const std::function<void(double)>& progress_;
};

std::string datasetName(const fs::path& root) {
    fs::path p = root.lexically_normal();
    if (p.filename().empty()) p = p.parent_path();
    if (p.filename().empty() || p.filename() == "." || p.filename() == "..") p = fs::absolute(root).lexically_normal();
    if (p.filename().empty()) p = p.parent_path();
    return p.filename().string();
}

}  // namespace

Dataset loadImageFolder(const std::string& root, const ImageFolderOptions& options) {
    if (options.channels != 0 && options.channels != 1 && options.channels != 3)
        throw Error("image channels must be 1 (grayscale), 3 (RGB) or 0 (decide from the images), got " +
                    std::to_string(options.channels));
    if (options.width < 0 || options.height < 0 || (options.width == 0) != (options.height == 0))
        throw Error("image size must be two positive numbers, or 0 x 0 to keep the first image's size, got " +
                    std::to_string(options.width) + "x" + std::to_string(options.height));
    std::error_code ec;
    if (!fs::is_directory(root, ec))
        throw FileFormatError(root, fs::exists(root, ec) ? "not a folder" : "no such folder");

    Split train, validation, test;
    std::vector<std::string> classNames;
    try {
        const fs::path rootPath(root);
        const bool splitLayout = fs::is_directory(rootPath / "train", ec);
        const fs::path trainFolder = splitLayout ? rootPath / "train" : rootPath;
        train.classes = listClasses(trainFolder, nullptr, trainFolder);
        for (const auto& c : train.classes) classNames.push_back(c.folder.filename().string());
        if (splitLayout) {
            // Keras writes val/, other tools validation/ or valid/; the first present is used.
            for (const char* name : {"val", "validation", "valid"})
                if (validation.classes.empty() && fs::is_directory(rootPath / name, ec))
                    validation.classes = listClasses(rootPath / name, &classNames, trainFolder);
            if (fs::is_directory(rootPath / "test", ec)) test.classes = listClasses(rootPath / "test", &classNames, trainFolder);
        }
    } catch (const fs::filesystem_error& e) {
        throw FileFormatError(e.path1().empty() ? root : e.path1().string(), e.code().message());
    }

    std::size_t total = 0;
    for (Split* s : {&train, &validation, &test}) {
        for (const auto& c : s->classes) s->fileCount += c.files.size();
        s->targets.reserve(s->fileCount);
        total += s->fileCount;
    }
    if (total == 0) throw FileFormatError(root, std::string("no images (") + kExtensions + ") in the class folders");

    Decoder decoder(options, total, {&train, &validation, &test});
    std::size_t skipped = 0;
    for (Split* s : {&train, &validation, &test})
        for (const auto& c : s->classes) {
            std::size_t readable = 0;
            for (const auto& file : c.files) {
                if (decoder.add(file, c.label, *s)) ++readable;
                else ++skipped;
            }
            if (readable == 0)
                throw FileFormatError(c.folder.string(), "none of the " + std::to_string(c.files.size()) +
                                                             " image files in this class folder could be decoded");
        }
    decoder.finish();

    const Shape shape{decoder.channels(), decoder.height(), decoder.width()};
    Dataset d;
    d.name = datasetName(root);
    d.task = Task::Classification;
    d.sampleShape = shape;
    d.classNames = std::move(classNames);
    d.train = SampleSet(shape, std::move(train.bytes), std::move(train.targets), 1);
    if (!validation.targets.empty()) d.validation = SampleSet(shape, std::move(validation.bytes), std::move(validation.targets), 1);
    if (!test.targets.empty()) d.test = SampleSet(shape, std::move(test.bytes), std::move(test.targets), 1);
    d.normalization = Normalization::scaled(1.0f / 255.0f);
    d.skippedFiles = skipped;
    return d;
}

bool looksLikeImageFolder(const std::string& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return false;
    try {
        const fs::path train = fs::path(root) / "train";
        if (fs::is_directory(train, ec) && !subfolders(train).empty()) return true;
        // Only a quick look: images directly inside some sub-folder.
        for (const auto& folder : subfolders(root))
            for (const auto& entry : fs::directory_iterator(folder))
                if (!isHidden(entry.path()) && entry.is_regular_file() && hasImageExtension(entry.path())) return true;
    } catch (const fs::filesystem_error&) {
    }
    return false;
}

}  // namespace nw
