#include "data/Normalization.h"

#include <Eigen/Core>

#include "common/Error.h"

namespace nw {

void Normalization::apply(float* values, std::size_t count, std::size_t features) const {
    using Rows = Eigen::Map<Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
    Rows x(values, static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(features));
    if (offset.size() == 1 && scale.size() == 1) {
        if (offset[0] != 0.0f) x -= offset[0];
        if (scale[0] != 1.0f) x *= scale[0];
        return;
    }
    const Eigen::Map<const Eigen::Array<float, 1, Eigen::Dynamic>> o(offset.data(), static_cast<Eigen::Index>(features));
    const Eigen::Map<const Eigen::Array<float, 1, Eigen::Dynamic>> s(scale.data(), static_cast<Eigen::Index>(features));
    x.rowwise() -= o;
    x.rowwise() *= s;
}

void Normalization::applyToBytes(const std::uint8_t* bytes, float* out, std::size_t features) const {
    if (offset.size() == 1 && scale.size() == 1) {
        const float o = offset[0], s = scale[0];
#pragma omp simd
        for (std::size_t k = 0; k < features; ++k) out[k] = (static_cast<float>(bytes[k]) - o) * s;
        return;
    }
    const float* o = offset.data();
    const float* s = scale.data();
#pragma omp simd
    for (std::size_t k = 0; k < features; ++k) out[k] = (static_cast<float>(bytes[k]) - o[k]) * s[k];
}

nlohmann::json Normalization::toJson() const { return {{"offset", offset}, {"scale", scale}}; }

Normalization Normalization::fromJson(const nlohmann::json& j, std::size_t features) {
    Normalization n;
    try {
        n.offset = j.at("offset").get<std::vector<float>>();
        n.scale = j.at("scale").get<std::vector<float>>();
    } catch (const nlohmann::json::exception&) {
        throw Error("normalization needs numeric arrays \"offset\" and \"scale\"");
    }
    const bool scalar = n.offset.size() == 1 && n.scale.size() == 1;
    const bool perFeature = n.offset.size() == features && n.scale.size() == features;
    if (!scalar && !perFeature)
        throw Error("normalization has " + std::to_string(n.offset.size()) + " offsets and " +
                    std::to_string(n.scale.size()) + " scales for " + std::to_string(features) + " features");
    return n;
}

}  // namespace nw
