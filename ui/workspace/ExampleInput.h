#pragma once
#include <QString>
#include <vector>

#include "nn/Tensor.h"

namespace nw {
struct Dataset;
}

namespace nw::ui {

// One real sample to put in the call examples, so that a copied command predicts something
// true instead of zeros.
struct ExampleInput {
    std::vector<float> values;  // raw, unnormalised: what a client sends as numbers
    QString imagePath;          // image models: the sample written as a PNG
    QString description;        // "test sample 1 of mnist, labelled 7"

    bool empty() const { return values.empty(); }
    bool isImage() const { return !imagePath.isEmpty(); }
};

// Whether a model with this input takes images over the wire (gray or RGB planes).
bool takesImages(const Shape& inputShape);

// The first test sample of `data` (validation or training when there is no test split),
// when the data fits a model with this input; image models also get it written as
// `folder`/example-input.png. Empty when the data does not fit or the PNG cannot be written.
ExampleInput writeExampleInput(const Dataset* data, const Shape& inputShape, const QString& folder);

}  // namespace nw::ui
