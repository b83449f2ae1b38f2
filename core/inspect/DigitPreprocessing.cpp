#include "inspect/DigitPreprocessing.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"

namespace nw {
namespace {

constexpr int kSide = 28;  // MNIST's image
constexpr int kBox = 20;   // the box its digits were scaled into

}  // namespace

std::vector<float> mnistStyleDigit(const std::vector<float>& canvas, int width, int height) {
    if (width < 1 || height < 1)
        throw Error("a drawing needs a positive size (got " + std::to_string(width) + " x " + std::to_string(height) + ")");
    if (canvas.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height))
        throw Error("a " + std::to_string(width) + " x " + std::to_string(height) + " drawing needs " +
                    std::to_string(static_cast<std::size_t>(width) * height) + " values but got " +
                    std::to_string(canvas.size()));
    std::vector<float> digit(kSide * kSide, 0.0f);

    cv::Mat ink(height, width, CV_32F);
    for (int r = 0; r < height; ++r) {
        float* row = ink.ptr<float>(r);
        const float* src = canvas.data() + static_cast<std::size_t>(r) * width;
        for (int c = 0; c < width; ++c) row[c] = std::isnan(src[c]) ? 0.0f : std::clamp(src[c], 0.0f, 1.0f);
    }
    std::vector<cv::Point> inked;
    cv::findNonZero(ink > 0.0f, inked);
    if (inked.empty()) return digit;
    const cv::Rect box = cv::boundingRect(inked);

    // Longest side to 20 px, aspect ratio kept; area averaging anti-aliases a shrink, and
    // bilinear interpolation smooths the rare drawing smaller than the box.
    const double factor = static_cast<double>(kBox) / std::max(box.width, box.height);
    const cv::Size fitted(std::clamp(static_cast<int>(std::lround(box.width * factor)), 1, kBox),
                          std::clamp(static_cast<int>(std::lround(box.height * factor)), 1, kBox));
    cv::Mat scaled;
    cv::resize(ink(box), scaled, fitted, 0, 0, factor < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);

    // Centre of mass to the image centre, by a whole-pixel shift as MNIST's were (a
    // fractional one would blur the strokes and widen the box by a pixel).
    const cv::Moments m = cv::moments(scaled);
    double shiftX = (kSide - fitted.width) / 2.0, shiftY = (kSide - fitted.height) / 2.0;
    if (m.m00 > 0.0) {
        shiftX = std::round(kSide / 2.0 - m.m10 / m.m00);
        shiftY = std::round(kSide / 2.0 - m.m01 / m.m00);
    }
    const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1.0, 0.0, shiftX, 0.0, 1.0, shiftY);
    cv::Mat placed;
    cv::warpAffine(scaled, placed, shift, cv::Size(kSide, kSide), cv::INTER_NEAREST, cv::BORDER_CONSTANT, cv::Scalar(0.0));
    // MNIST's bytes: 0..255 whole numbers.
    for (int r = 0; r < kSide; ++r) {
        const float* row = placed.ptr<float>(r);
        for (int c = 0; c < kSide; ++c) digit[r * kSide + c] = std::clamp(std::round(row[c] * 255.0f), 0.0f, 255.0f);
    }
    return digit;
}

}  // namespace nw
