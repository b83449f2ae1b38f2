#include "nn/Tensor.h"

#include <numeric>

namespace nw {

std::string shapeToString(const Shape& shape) {
    std::string text = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) text += ", ";
        text += std::to_string(shape[i]);
    }
    return text + ")";
}

std::size_t shapeSize(const Shape& shape) {
    return std::accumulate(shape.begin(), shape.end(), std::size_t{1},
                           [](std::size_t a, int b) { return a * static_cast<std::size_t>(b); });
}

void Tensor::resize(std::vector<int> dims) {
    dims_ = std::move(dims);
    size_ = dims_.empty() ? 0 : shapeSize(dims_);
    if (data_.size() < size_) data_.resize(size_);
}

void Tensor::resizeBatch(int batch, const Shape& sampleShape) {
    std::vector<int> dims;
    dims.reserve(sampleShape.size() + 1);
    dims.push_back(batch);
    dims.insert(dims.end(), sampleShape.begin(), sampleShape.end());
    resize(std::move(dims));
}

}  // namespace nw
