#include "nn/Activation.h"

#include <cmath>

#include "common/Error.h"

namespace nw {

void Activation::apply(Tensor& values) const {
    apply(values.data(), static_cast<Eigen::Index>(values.batch()), static_cast<Eigen::Index>(values.sampleSize()));
}

void Activation::apply(float* values, Eigen::Index rows, Eigen::Index columns) const {
    ArrayMap a(values, rows * columns);
    switch (kind) {
    case ActivationKind::Linear: break;
    case ActivationKind::ReLU: a = a.max(0.0f); break;
    case ActivationKind::LeakyReLU: a = (a > 0.0f).select(a, a * alpha); break;
    case ActivationKind::Sigmoid: a = 1.0f / (1.0f + (-a).exp()); break;
    case ActivationKind::Tanh: a = a.tanh(); break;
    case ActivationKind::Softmax: {
        MatrixMap m(values, rows, columns);
        // Subtracting the row maximum keeps exp() finite for any logits.
        for (Eigen::Index r = 0; r < m.rows(); ++r) {
            auto row = m.row(r).array();
            row = (row - row.maxCoeff()).exp();
            row /= row.sum();
        }
        break;
    }
    }
}

void Activation::backward(const Tensor& output, const Tensor& gradOutput, Tensor& gradInput) const {
    if (&gradInput != &gradOutput) gradInput.resize(gradOutput.dims());
    backward(output.data(), gradOutput.data(), gradInput.data(), static_cast<Eigen::Index>(output.batch()),
             static_cast<Eigen::Index>(output.sampleSize()));
}

void Activation::backward(const float* output, const float* gradOutput, float* gradInput, Eigen::Index rows,
                          Eigen::Index columns) const {
    const Eigen::Index size = rows * columns;
    ConstArrayMap y(output, size), g(gradOutput, size);
    ArrayMap out(gradInput, size);
    switch (kind) {
    case ActivationKind::Linear: if (gradInput != gradOutput) out = g; break;
    case ActivationKind::ReLU: out = (y > 0.0f).select(g, 0.0f); break;
    case ActivationKind::LeakyReLU: out = (y > 0.0f).select(g, g * alpha); break;
    case ActivationKind::Sigmoid: out = g * y * (1.0f - y); break;
    case ActivationKind::Tanh: out = g * (1.0f - y * y); break;
    case ActivationKind::Softmax: {
        // dL/dz = y * (g - <g, y>) per sample: the Jacobian-vector product without the Jacobian.
        ConstMatrixMap ym(output, rows, columns), gm(gradOutput, rows, columns);
        MatrixMap om(gradInput, rows, columns);
        for (Eigen::Index r = 0; r < rows; ++r) {
            const float dot = ym.row(r).dot(gm.row(r));
            om.row(r) = (ym.row(r).array() * (gm.row(r).array() - dot)).matrix();
        }
        break;
    }
    }
}

std::string Activation::name() const {
    switch (kind) {
    case ActivationKind::Linear: return "linear";
    case ActivationKind::ReLU: return "relu";
    case ActivationKind::LeakyReLU: return "leaky_relu";
    case ActivationKind::Sigmoid: return "sigmoid";
    case ActivationKind::Tanh: return "tanh";
    case ActivationKind::Softmax: return "softmax";
    }
    return "linear";
}

int Activation::flopsPerElement() const {
    switch (kind) {
    case ActivationKind::Linear: return 0;
    case ActivationKind::ReLU:
    case ActivationKind::LeakyReLU: return 1;
    case ActivationKind::Sigmoid:
    case ActivationKind::Tanh: return 4;
    case ActivationKind::Softmax: return 5;
    }
    return 0;
}

Activation activationFromName(const std::string& name, float alpha) {
    if (name.empty() || name == "linear" || name == "none") return {ActivationKind::Linear, alpha};
    if (name == "relu") return {ActivationKind::ReLU, alpha};
    if (name == "leaky_relu" || name == "leakyrelu") return {ActivationKind::LeakyReLU, alpha};
    if (name == "sigmoid") return {ActivationKind::Sigmoid, alpha};
    if (name == "tanh") return {ActivationKind::Tanh, alpha};
    if (name == "softmax") return {ActivationKind::Softmax, alpha};
    throw ModelError("unknown activation '" + name +
                     "' (expected relu, leaky_relu, sigmoid, tanh, softmax or linear)");
}

}  // namespace nw
