#include "data/ImageAugmentation.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"

namespace nw {
namespace {

constexpr double kMaxShift = 100.0, kMaxRotation = 180.0;

std::string formatNumber(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// The one place the limits live, shared by parse and fromJson; `where` names the setting as
// the user wrote it.
void checkRange(const std::string& key, double value, const std::string& where) {
    if (!std::isfinite(value)) throw Error("augmentation " + where + ": expected a finite number");
    if (value < 0.0) throw Error("augmentation " + where + ": must not be negative");
    if (key == "shift" && value > kMaxShift)
        throw Error("augmentation " + where + ": the shift is in pixels and at most " + formatNumber(kMaxShift));
    if (key == "rotate" && value > kMaxRotation)
        throw Error("augmentation " + where + ": the rotation is in degrees either way and at most " +
                    formatNumber(kMaxRotation));
    if (key == "scale" && value >= 1.0)
        throw Error("augmentation " + where + ": the scale is a fraction below 1 (0.1 zooms by 0.9 to 1.1)");
}

double* field(AugmentationSettings& s, const std::string& key) {
    if (key == "shift") return &s.maxShift;
    if (key == "rotate") return &s.maxRotation;
    if (key == "scale") return &s.maxScale;
    return nullptr;
}

}  // namespace

nlohmann::json AugmentationSettings::toJson() const {
    // The same keys as the "shift=2,rotate=10,scale=0.1" text, so there is one vocabulary.
    return {{"shift", maxShift}, {"rotate", maxRotation}, {"scale", maxScale}};
}

AugmentationSettings AugmentationSettings::fromJson(const nlohmann::json& j) {
    if (!j.is_object()) throw Error("augmentation: expected an object with shift, rotate and scale, found " + j.dump());
    AugmentationSettings s;
    for (const auto& [key, value] : j.items()) {
        double* target = field(s, key);
        // A misspelt key would otherwise silently switch augmentation off.
        if (!target) throw Error("augmentation: unknown setting '" + key + "' (expected shift, rotate or scale)");
        if (!value.is_number()) throw Error("augmentation " + key + ": expected a number, found " + value.dump());
        *target = value.get<double>();
        checkRange(key, *target, key + "=" + value.dump());
    }
    return s;
}

AugmentationSettings AugmentationSettings::parse(const std::string& text) {
    AugmentationSettings s;
    if (trim(text).empty()) return s;
    bool seen[3] = {false, false, false};
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        const std::string part = trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (part.empty()) throw Error("augmentation '" + text + "': empty part (expected shift=N, rotate=N or scale=N)");
        const std::size_t eq = part.find('=');
        if (eq == std::string::npos)
            throw Error("augmentation '" + part + "': expected KEY=VALUE with KEY shift, rotate or scale");
        const std::string key = trim(part.substr(0, eq)), valueText = trim(part.substr(eq + 1));
        double* target = field(s, key);
        if (!target) throw Error("augmentation '" + part + "': unknown setting '" + key + "' (expected shift, rotate or scale)");
        const int index = key == "shift" ? 0 : key == "rotate" ? 1 : 2;
        if (seen[index]) throw Error("augmentation '" + part + "': " + key + " is given twice");
        seen[index] = true;
        // from_chars, not strtod: the C locale may use a decimal comma.
        double value = 0.0;
        const char* end = valueText.data() + valueText.size();
        const auto result = std::from_chars(valueText.data(), end, value);
        if (valueText.empty() || result.ec != std::errc() || result.ptr != end)
            throw Error("augmentation '" + part + "': '" + valueText + "' is not a number");
        checkRange(key, value, "'" + part + "'");
        *target = value;
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return s;
}

ImageAugmenter::ImageAugmenter(AugmentationSettings settings, std::uint64_t seed)
    : settings_(settings), random_(seed) {}

void ImageAugmenter::apply(Tensor& batch) {
    if (!settings_.enabled()) return;
    if (batch.rank() != 4)
        throw Error("image augmentation needs a batch of images (batch, channels, height, width), got rank " +
                    std::to_string(batch.rank()));
    const int n = batch.dim(0), channels = batch.dim(1), height = batch.dim(2), width = batch.dim(3);
    const std::size_t plane = static_cast<std::size_t>(height) * width;
    if (plane == 0) return;
    scratch_.resize(plane);
    cv::Mat warped(height, width, CV_32F, scratch_.data());
    // The pixel grid's centre, so a rotation of an odd-sized image keeps its middle pixel.
    const cv::Point2f centre(static_cast<float>(width - 1) / 2.0f, static_cast<float>(height - 1) / 2.0f);
    for (int i = 0; i < n; ++i) {
        const double dx = random_.uniform(-settings_.maxShift, settings_.maxShift);
        const double dy = random_.uniform(-settings_.maxShift, settings_.maxShift);
        const double angle = random_.uniform(-settings_.maxRotation, settings_.maxRotation);
        const double scale = random_.uniform(1.0 - settings_.maxScale, 1.0 + settings_.maxScale);
        cv::Mat m = cv::getRotationMatrix2D(centre, angle, scale);
        m.at<double>(0, 2) += dx;
        m.at<double>(1, 2) += dy;
        for (int c = 0; c < channels; ++c) {
            float* data = batch.data() + (static_cast<std::size_t>(i) * channels + c) * plane;
            const cv::Mat source(height, width, CV_32F, data);
            // warpAffine cannot work in place: warp into the scratch plane, then copy back.
            cv::warpAffine(source, warped, m, warped.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
            std::memcpy(data, scratch_.data(), plane * sizeof(float));
        }
    }
}

}  // namespace nw
