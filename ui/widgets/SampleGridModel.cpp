#include "SampleGridModel.h"

#include <algorithm>

namespace nw::ui {

SampleGridModel::SampleGridModel(QObject* parent) : QAbstractListModel(parent) {}

void SampleGridModel::setDataset(std::shared_ptr<const Dataset> data, Split split) {
    beginResetModel();
    data_ = std::move(data);
    split_ = split;
    endResetModel();
}

const SampleSet* SampleGridModel::samples() const {
    if (!data_) return nullptr;
    switch (split_) {
    case Split::Train: return &data_->train;
    case Split::Validation: return &data_->validation;
    case Split::Test: return &data_->test;
    }
    return nullptr;
}

int SampleGridModel::rowCount(const QModelIndex& parent) const {
    const SampleSet* set = samples();
    return parent.isValid() || !set ? 0 : static_cast<int>(set->size());
}

QImage SampleGridModel::image(int row) const {
    const SampleSet* set = samples();
    if (!set || row < 0 || row >= rowCount()) return {};
    return sampleImage(*set, static_cast<std::size_t>(row));
}

QImage SampleGridModel::sampleImage(const SampleSet& set, std::size_t index) {
    if (index >= set.size() || set.sampleShape().size() != 3) return {};
    const int channels = set.sampleShape()[0], height = set.sampleShape()[1], width = set.sampleShape()[2];
    if (channels != 1 && channels != 3) return {};
    const std::vector<float> raw = set.rawSample(index);
    // Byte images show as they are; float data is stretched to its own range.
    float low = 0.0f, high = 255.0f;
    if (!set.isBytes()) {
        const auto [mn, mx] = std::minmax_element(raw.begin(), raw.end());
        low = *mn;
        high = *mx > *mn ? *mx : *mn + 1.0f;
    }
    auto byte = [&](float v) { return static_cast<uchar>(std::clamp((v - low) * 255.0f / (high - low), 0.0f, 255.0f)); };
    QImage image(width, height, channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    const std::size_t plane = static_cast<std::size_t>(height) * width;
    for (int y = 0; y < height; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c)
                line[x * channels + c] = byte(raw[c * plane + static_cast<std::size_t>(y) * width + x]);
    }
    return image;
}

QVariant SampleGridModel::data(const QModelIndex& index, int role) const {
    const SampleSet* set = samples();
    if (!set || !index.isValid() || index.row() >= rowCount()) return {};
    const auto row = static_cast<std::size_t>(index.row());
    const bool classification = data_->task == Task::Classification;
    const int label = classification ? static_cast<int>(set->target(row)) : -1;
    const QString name = classification && label >= 0 && label < data_->classCount()
                             ? QString::fromStdString(data_->classNames[label])
                             : QString::number(set->target(row));
    switch (role) {
    case Qt::DisplayRole:
    case ClassNameRole: return name;
    case LabelRole: return label;
    case Qt::DecorationRole: return image(index.row());
    case Qt::ToolTipRole: return tr("sample %1: %2").arg(index.row() + 1).arg(name);
    default: return {};
    }
}

}  // namespace nw::ui
