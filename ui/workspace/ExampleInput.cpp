#include "ExampleInput.h"

#include <QDir>
#include <QImage>
#include <QObject>
#include <algorithm>

#include "data/Dataset.h"

namespace nw::ui {
namespace {

// Planes (C, H, W) of 0..255 values as a PNG that decodes back to the same values.
QImage planesToImage(const std::vector<float>& values, const Shape& shape) {
    const int channels = shape[0], height = shape[1], width = shape[2];
    const auto byteAt = [&](int c, int y, int x) {
        const float v = values[(static_cast<std::size_t>(c) * height + y) * width + x];
        return static_cast<uchar>(std::clamp(v + 0.5f, 0.0f, 255.0f));
    };
    QImage image(width, height, channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c) line[x * channels + c] = byteAt(c, y, x);
    }
    return image;
}

}  // namespace

bool takesImages(const Shape& inputShape) {
    return inputShape.size() == 3 && (inputShape[0] == 1 || inputShape[0] == 3);
}

ExampleInput writeExampleInput(const Dataset* data, const Shape& inputShape, const QString& folder) {
    if (!data || data->sampleShape != inputShape) return {};
    const SampleSet& split = data->hasTest() ? data->test : !data->validation.empty() ? data->validation : data->train;
    const QString splitName = data->hasTest() ? "test" : !data->validation.empty() ? "validation" : "training";
    if (split.empty()) return {};
    ExampleInput input;
    input.values = split.rawSample(0);
    input.description = QObject::tr("%1 sample 1 of %2").arg(splitName, QString::fromStdString(data->name));
    if (data->task == Task::Classification) {
        const int label = static_cast<int>(split.target(0));
        if (label >= 0 && label < data->classCount())
            input.description += QObject::tr(", labelled %1").arg(QString::fromStdString(data->classNames[label]));
    }
    if (takesImages(inputShape)) {
        const QString path = QDir(folder).filePath("example-input.png");
        if (!QDir().mkpath(folder) || !planesToImage(input.values, inputShape).save(path, "PNG")) return {};
        input.imagePath = path;
    }
    return input;
}

}  // namespace nw::ui
