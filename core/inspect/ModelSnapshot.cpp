#include "inspect/ModelSnapshot.h"

#include "common/Error.h"

namespace nw {

ModelSnapshot takeSnapshot(Model& model, const Normalization& normalization, const Dataset& data, long long step, int epoch) {
    ModelSnapshot snapshot;
    snapshot.spec = model.spec();
    snapshot.inputShape = model.inputShape();
    const auto named = model.namedTensors();
    snapshot.tensors.reserve(named.size());
    for (const auto& [name, tensor] : named)
        snapshot.tensors.emplace_back(name, std::vector<float>(tensor->data(), tensor->data() + tensor->size()));
    snapshot.normalization = normalization;
    snapshot.task = data.task;
    snapshot.classNames = data.classNames;
    snapshot.step = step;
    snapshot.epoch = epoch;
    return snapshot;
}

std::unique_ptr<Model> buildModel(const ModelSnapshot& snapshot) {
    auto model = std::make_unique<Model>(snapshot.spec, snapshot.inputShape, 0);
    const auto named = model->namedTensors();
    if (named.size() != snapshot.tensors.size())
        throw Error("the snapshot holds " + std::to_string(snapshot.tensors.size()) + " tensors but its model has " +
                    std::to_string(named.size()));
    for (std::size_t i = 0; i < named.size(); ++i) {
        const auto& [name, values] = snapshot.tensors[i];
        Tensor& target = *named[i].second;
        if (name != named[i].first || values.size() != target.size())
            throw Error("snapshot tensor " + std::to_string(i + 1) + " is '" + name + "' with " +
                        std::to_string(values.size()) + " values but the model expects '" + named[i].first + "' with " +
                        std::to_string(target.size()));
        std::copy(values.begin(), values.end(), target.data());
    }
    model->setOutputActivationFusedIntoLoss(false);
    return model;
}

}  // namespace nw
