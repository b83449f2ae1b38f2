#include "inspect/FeatureMaps.h"

#include <algorithm>

#include "common/Error.h"
#include "nn/layers/Conv2DLayer.h"
#include "nn/layers/DenseLayer.h"

namespace nw {

std::vector<FeatureMapSet> featureMaps(Model& model, const Tensor& sample) {
    if (sample.batch() != 1 || sample.sampleShape() != model.inputShape())
        throw Error("feature maps need one sample of shape " + shapeToString(model.inputShape()) +
                    " but got a tensor of " + shapeToString(sample.dims()));
    std::vector<FeatureMapSet> sets;
    // The layers one by one (what Model::forward does), keeping each convolution's output.
    const Tensor* x = &sample;
    for (std::size_t i = 0; i < model.layerCount(); ++i) {
        x = &model.layer(i).forward(*x, false);
        if (model.layer(i).type() != "conv2d") continue;
        FeatureMapSet set;
        set.layer = layerLabel(i, model.layer(i).type());
        set.channels = x->dim(1);
        set.height = x->dim(2);
        set.width = x->dim(3);
        set.values.assign(x->data(), x->data() + x->size());
        sets.push_back(std::move(set));
    }
    return sets;
}

std::vector<WeightImage> firstLayerWeightImages(Model& model, int maxImages) {
    std::vector<WeightImage> images;
    if (maxImages <= 0) return images;
    std::size_t first = 0;
    while (first < model.layerCount() && model.layer(first).parameters().empty()) ++first;
    if (first == model.layerCount()) return images;
    Layer& layer = model.layer(first);

    if (auto* conv = dynamic_cast<Conv2DLayer*>(&layer)) {
        const Tensor& w = conv->weights();  // (filters, channels, kh, kw)
        const int filters = w.dim(0);
        const std::size_t size = w.size() / static_cast<std::size_t>(filters);
        const int count = std::min(filters, maxImages);
        for (int f = 0; f < count; ++f)
            images.push_back({"filter " + std::to_string(f + 1), w.dim(1), w.dim(2), w.dim(3),
                              std::vector<float>(w.data() + f * size, w.data() + (f + 1) * size)});
        return images;
    }

    auto* dense = dynamic_cast<DenseLayer*>(&layer);
    if (!dense) return images;
    // The image the dense layer's features were flattened from: the last (C, H, W) shape
    // before it (the model's input, or a pooling output), if it has as many values.
    Shape image = model.inputShape();
    for (std::size_t i = 0; i < first; ++i)
        if (model.layer(i).builtOutputShape().size() == 3) image = model.layer(i).builtOutputShape();
    const Tensor& w = dense->weights();  // (inputs, units)
    const int inputs = w.dim(0), units = w.dim(1);
    if (image.size() != 3 || shapeSize(image) != static_cast<std::size_t>(inputs)) return images;
    const int count = std::min(units, maxImages);
    for (int u = 0; u < count; ++u) {
        WeightImage img{"unit " + std::to_string(u + 1), image[0], image[1], image[2], std::vector<float>(inputs)};
        for (int k = 0; k < inputs; ++k) img.values[k] = w[static_cast<std::size_t>(k) * units + u];
        images.push_back(std::move(img));
    }
    return images;
}

}  // namespace nw
