#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "common/Random.h"
#include "nn/Tensor.h"

namespace nw {

// Random geometric changes applied to each image of a training batch, on the fly.
struct AugmentationSettings {
    double maxShift = 0.0;     // pixels, in each direction
    double maxRotation = 0.0;  // degrees, either way
    double maxScale = 0.0;     // fraction: zoom drawn from [1 - maxScale, 1 + maxScale]

    bool enabled() const { return maxShift > 0 || maxRotation > 0 || maxScale > 0; }
    nlohmann::json toJson() const;
    static AugmentationSettings fromJson(const nlohmann::json& j);
    // "shift=2,rotate=10,scale=0.1" (any subset, any order); throws nw::Error naming the bad part.
    static AugmentationSettings parse(const std::string& text);
};

// Applies one random affine warp (through OpenCV) per image of an NCHW float batch, in
// place, drawing from its own seeded generator: the same seed gives the same warps. Border
// pixels repeat the image's edge. Buffers are reused between batches.
class ImageAugmenter {
public:
    ImageAugmenter(AugmentationSettings settings, std::uint64_t seed);
    void apply(Tensor& batch);

private:
    AugmentationSettings settings_;
    Random random_;
    std::vector<float> scratch_;
};

}  // namespace nw
