#include "AugmentationPreview.h"

#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <algorithm>
#include <vector>


namespace nw::ui {

namespace {

constexpr int kPreviewTiles = 8;
constexpr int kPreviewSize = 44;

// A sample as an 8-bit image from values in [0, 1] laid out CHW.
QImage imageFromUnit(const float* values, int channels, int height, int width) {
    QImage image(width, height, channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    const std::size_t plane = static_cast<std::size_t>(height) * width;
    for (int y = 0; y < height; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c) {
                const float v = values[c * plane + static_cast<std::size_t>(y) * width + x];
                line[x * channels + c] = static_cast<uchar>(std::clamp(v * 255.0f + 0.5f, 0.0f, 255.0f));
            }
    }
    return image;
}

}  // namespace

AugmentationPreview::AugmentationPreview(QWidget* parent) : QWidget(parent) {
    setObjectName("augmentationPreview");
    auto* tiles = new QHBoxLayout(this);
    tiles->setContentsMargins(0, 0, 0, 0);
    tiles->setSpacing(4);
    for (int i = 0; i < kPreviewTiles; ++i) {
        auto* tile = new QLabel(this);
        tile->setObjectName("augmentationTile");
        tile->setFixedSize(kPreviewSize, kPreviewSize);
        tile->setFrameShape(QFrame::StyledPanel);
        tile->setAlignment(Qt::AlignCenter);
        tiles->addWidget(tile);
        tiles_ << tile;
    }
    tiles->addStretch(1);
}

bool AugmentationPreview::isImageSet(const Dataset& data) {
    return data.sampleShape.size() == 3 && (data.sampleShape[0] == 1 || data.sampleShape[0] == 3);
}

void AugmentationPreview::showSamples(const Dataset* data, const AugmentationSettings& settings) {
    for (QLabel* tile : tiles_) tile->clear();
    if (!data || !isImageSet(*data) || data->train.empty()) return;
    const SampleSet& train = data->train;
    const int count = static_cast<int>(std::min<std::size_t>(train.size(), kPreviewTiles));
    const int channels = data->sampleShape[0], height = data->sampleShape[1], width = data->sampleShape[2];
    Tensor batch({count, channels, height, width});
    const std::size_t sampleSize = static_cast<std::size_t>(channels) * height * width;
    for (int i = 0; i < count; ++i) {
        const std::vector<float> raw = train.rawSample(static_cast<std::size_t>(i));
        float low = 0.0f, high = 255.0f;
        if (!train.isBytes()) {
            const auto [mn, mx] = std::minmax_element(raw.begin(), raw.end());
            low = *mn;
            high = *mx > *mn ? *mx : *mn + 1.0f;
        }
        float* out = batch.data() + static_cast<std::size_t>(i) * sampleSize;
        for (std::size_t k = 0; k < sampleSize; ++k) out[k] = (raw[k] - low) / (high - low);
    }
    if (settings.enabled()) {
        ImageAugmenter augmenter(settings, 1234);  // fixed seed: the same settings show the same warps
        augmenter.apply(batch);
    }
    for (int i = 0; i < count; ++i) {
        const QImage image = imageFromUnit(batch.data() + static_cast<std::size_t>(i) * sampleSize, channels, height, width);
        const QImage scaled = image.scaled(kPreviewSize - 4, kPreviewSize - 4, Qt::KeepAspectRatio, Qt::FastTransformation);
        tiles_[i]->setPixmap(QPixmap::fromImage(scaled));
    }
    setToolTip(settings.enabled() ? tr("The first %1 training images, augmented").arg(count)
                                            : tr("The first %1 training images (no augmentation)").arg(count));
}

}  // namespace nw::ui
