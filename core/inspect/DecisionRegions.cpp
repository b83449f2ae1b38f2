#include "inspect/DecisionRegions.h"

#include <algorithm>
#include <cmath>

#include "common/Error.h"
#include "inspect/ClassProbabilities.h"

namespace nw {
namespace {

// Points per forward pass: a 2-D input makes the activations small, so a large batch is cheap.
constexpr std::size_t kBatch = 4096;
// Far beyond any plot, far below memory trouble.
constexpr std::size_t kMaxCells = std::size_t{1} << 24;

void checkRange(double low, double high, const char* axis) {
    if (!std::isfinite(low) || !std::isfinite(high) || !(low < high))
        throw Error(std::string("the ") + axis + " range needs finite bounds with min < max");
}

// Fills x (n, features) with the raw points [start, start + n) of `point`, then normalises.
template <typename PointFn>
void fillBatch(Tensor& x, const Shape& inputShape, std::size_t start, std::size_t n, const Normalization& normalization,
               PointFn point) {
    const std::size_t features = shapeSize(inputShape);
    x.resizeBatch(static_cast<int>(n), inputShape);
    for (std::size_t i = 0; i < n; ++i) point(start + i, x.data() + i * features);
    normalization.apply(x.data(), n, features);
}

}  // namespace

RegionGrid decisionRegions(Model& model, const Normalization& normalization, double xMin, double xMax, double yMin,
                           double yMax, int width, int height) {
    if (model.inputShape() != Shape{2})
        throw Error("decision regions need a model of two inputs but this one takes " + shapeToString(model.inputShape()));
    checkRange(xMin, xMax, "x");
    checkRange(yMin, yMax, "y");
    if (width < 1 || height < 1 || static_cast<std::size_t>(width) * static_cast<std::size_t>(height) > kMaxCells)
        throw Error("a decision-region grid needs between 1 and " + std::to_string(kMaxCells) + " cells (got " +
                    std::to_string(width) + " x " + std::to_string(height) + ")");
    checkNormalization(normalization, 2);

    RegionGrid grid;
    grid.width = width;
    grid.height = height;
    grid.xMin = xMin;
    grid.xMax = xMax;
    grid.yMin = yMin;
    grid.yMax = yMax;
    const std::size_t cells = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    grid.classes.resize(cells);
    grid.confidence.resize(cells);

    const int outputs = static_cast<int>(shapeSize(model.outputShape()));
    const int classes = classWidth(outputs);
    const Activation activation = model.outputActivation();
    const double dx = (xMax - xMin) / width, dy = (yMax - yMin) / height;
    Tensor x;
    std::vector<float> probabilities(kBatch * static_cast<std::size_t>(classes));
    for (std::size_t start = 0; start < cells; start += kBatch) {
        const std::size_t n = std::min(kBatch, cells - start);
        fillBatch(x, model.inputShape(), start, n, normalization, [&](std::size_t cell, float* p) {
            const std::size_t row = cell / static_cast<std::size_t>(width), col = cell % static_cast<std::size_t>(width);
            p[0] = static_cast<float>(xMin + (static_cast<double>(col) + 0.5) * dx);
            p[1] = static_cast<float>(yMax - (static_cast<double>(row) + 0.5) * dy);
        });
        const Tensor& out = model.forward(x, false);
        classProbabilities(out.data(), static_cast<int>(n), outputs, activation, probabilities.data());
        for (std::size_t i = 0; i < n; ++i) {
            const float* p = probabilities.data() + i * static_cast<std::size_t>(classes);
            const int cls = mostProbableClass(p, outputs);
            grid.classes[start + i] = cls;
            grid.confidence[start + i] = p[cls];
        }
    }
    return grid;
}

std::vector<float> regressionCurve(Model& model, const Normalization& normalization, double xMin, double xMax, int points) {
    if (model.inputShape() != Shape{1})
        throw Error("a regression curve needs a model of one input but this one takes " + shapeToString(model.inputShape()));
    if (!std::isfinite(xMin) || !std::isfinite(xMax) || xMin > xMax)
        throw Error("the x range of a regression curve needs finite bounds with min <= max");
    if (points < 1 || static_cast<std::size_t>(points) > kMaxCells)
        throw Error("a regression curve needs between 1 and " + std::to_string(kMaxCells) + " points (got " +
                    std::to_string(points) + ")");
    checkNormalization(normalization, 1);

    std::vector<float> curve(static_cast<std::size_t>(points));
    const double step = points > 1 ? (xMax - xMin) / (points - 1) : 0.0;
    Tensor x;
    for (std::size_t start = 0; start < curve.size(); start += kBatch) {
        const std::size_t n = std::min(kBatch, curve.size() - start);
        fillBatch(x, model.inputShape(), start, n, normalization,
                  [&](std::size_t k, float* p) { p[0] = static_cast<float>(xMin + static_cast<double>(k) * step); });
        const Tensor& out = model.forward(x, false);
        const std::size_t width = out.sampleSize();
        for (std::size_t i = 0; i < n; ++i) curve[start + i] = out[i * width];
    }
    return curve;
}

}  // namespace nw
