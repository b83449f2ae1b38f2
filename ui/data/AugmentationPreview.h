#pragma once
#include <QList>
#include <QCoreApplication>
#include <QWidget>

#include "data/Dataset.h"
#include "data/ImageAugmentation.h"

class QLabel;

namespace nw::ui {

// The augmentation preview: a row of tiles showing the first training images of an image set
// with the augmentation settings applied (fixed seed, so the same settings show the same warps).
class AugmentationPreview : public QWidget {
    Q_DECLARE_TR_FUNCTIONS(AugmentationPreview)
public:
    explicit AugmentationPreview(QWidget* parent);

    // Whether a set's samples are images (1 or 3 channels), so augmentation applies.
    static bool isImageSet(const Dataset& data);
    // Shows data's first training images under settings; clears the tiles for no image set.
    void showSamples(const Dataset* data, const AugmentationSettings& settings);

private:
    QList<QLabel*> tiles_;
};

}  // namespace nw::ui
