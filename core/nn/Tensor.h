#pragma once
#include <Eigen/Core>
#include <Eigen/StdVector>
#include <cstddef>
#include <string>
#include <vector>

namespace nw {

// The shape of one sample (no batch axis): {features} or {channels, height, width}.
using Shape = std::vector<int>;

std::string shapeToString(const Shape& shape);
std::size_t shapeSize(const Shape& shape);

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<RowMatrix>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;
using ArrayMap = Eigen::Map<Eigen::ArrayXf>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf>;

// A dense float32 tensor, batch-first (N, ...), images in NCHW. Resizing keeps the
// allocation when it is large enough, so buffers sized for the first batch are reused for
// every later one.
class Tensor {
public:
    Tensor() = default;
    explicit Tensor(std::vector<int> dims) { resize(std::move(dims)); }

    void resize(std::vector<int> dims);
    // Batch-first resize: (batch, sampleShape...).
    void resizeBatch(int batch, const Shape& sampleShape);

    const std::vector<int>& dims() const { return dims_; }
    int dim(std::size_t axis) const { return dims_[axis]; }
    std::size_t rank() const { return dims_.size(); }
    std::size_t size() const { return size_; }
    int batch() const { return dims_.empty() ? 0 : dims_[0]; }
    // Everything after the batch axis.
    Shape sampleShape() const { return Shape(dims_.begin() + (dims_.empty() ? 0 : 1), dims_.end()); }
    std::size_t sampleSize() const { return dims_.empty() || dims_[0] == 0 ? 0 : size_ / dims_[0]; }

    float* data() { return data_.data(); }
    const float* data() const { return data_.data(); }
    float& operator[](std::size_t i) { return data_[i]; }
    float operator[](std::size_t i) const { return data_[i]; }

    // (batch) x (everything else), row-major.
    MatrixMap matrix() { return MatrixMap(data(), batch(), static_cast<Eigen::Index>(sampleSize())); }
    ConstMatrixMap matrix() const { return ConstMatrixMap(data(), batch(), static_cast<Eigen::Index>(sampleSize())); }
    // An arbitrary row-major view of the same numbers.
    MatrixMap matrix(Eigen::Index rows, Eigen::Index cols) { return MatrixMap(data(), rows, cols); }
    ConstMatrixMap matrix(Eigen::Index rows, Eigen::Index cols) const { return ConstMatrixMap(data(), rows, cols); }
    ArrayMap array() { return ArrayMap(data(), static_cast<Eigen::Index>(size_)); }
    ConstArrayMap array() const { return ConstArrayMap(data(), static_cast<Eigen::Index>(size_)); }

    void setZero() { array().setZero(); }
    bool sameDims(const Tensor& other) const { return dims_ == other.dims_; }

private:
    std::vector<int> dims_;
    std::size_t size_ = 0;
    // 64-byte aligned storage: vector kernels then see the same alignment on every run, so
    // their summation order, and with it every rounding, repeats exactly.
    std::vector<float, Eigen::aligned_allocator<float>> data_;
};

}  // namespace nw
