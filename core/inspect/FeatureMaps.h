#pragma once
#include <string>
#include <vector>

#include "nn/Model.h"

namespace nw {

// What one convolutional layer outputs for one sample: `channels` maps of height × width.
struct FeatureMapSet {
    std::string layer;  // "layer 1 (conv2d)"
    int channels = 0, height = 0, width = 0;
    std::vector<float> values;  // channel-major, row by row
};

// Runs one normalised sample (shape (1, sampleShape...)) through the model in inference
// mode and returns the output of every conv2d layer, in order (empty for a model without
// convolutions).
std::vector<FeatureMapSet> featureMaps(Model& model, const Tensor& sample);

// A filter or a unit's incoming weights shown as a small image.
struct WeightImage {
    std::string label;  // "unit 3", "filter 7"
    int channels = 0, height = 0, width = 0;
    std::vector<float> values;  // channel-major, row by row
};

// The first trainable layer's weights as images: for a conv2d layer its filters
// (channels × kh × kw); for a dense layer whose input is an image (directly or through
// flatten) each unit's incoming weights in the image's shape. At most maxImages. Empty
// when the first trainable layer is neither (a dense layer on tabular data).
std::vector<WeightImage> firstLayerWeightImages(Model& model, int maxImages);

}  // namespace nw
