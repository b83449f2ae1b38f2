#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

namespace nw {

// x' = (x - offset) * scale, with one pair for all features or one per feature. Stored in
// the model file so predict applies exactly what training applied.
struct Normalization {
    std::vector<float> offset{0.0f};
    std::vector<float> scale{1.0f};

    static Normalization identity() { return {}; }
    static Normalization scaled(float factor) { return {{0.0f}, {factor}}; }
    // Applies in place to `count` samples of `features` values each.
    void apply(float* values, std::size_t count, std::size_t features) const;
    // Converts one sample of 8-bit values and normalises it in the same pass; the same
    // numbers as converting and then apply().
    void applyToBytes(const std::uint8_t* bytes, float* out, std::size_t features) const;
    nlohmann::json toJson() const;
    // Throws nw::Error when the JSON is not a normalization for `features` features.
    static Normalization fromJson(const nlohmann::json& j, std::size_t features);
};

}  // namespace nw
