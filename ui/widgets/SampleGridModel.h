#pragma once
#include <QAbstractListModel>
#include <QImage>
#include <memory>

#include "data/Dataset.h"

namespace nw::ui {

// The samples of one split as a list model for a virtualized grid: a view asks only for
// the rows on screen, and images are made from the 8-bit data on demand, so 60,000
// samples cost nothing until they are looked at.
class SampleGridModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { LabelRole = Qt::UserRole + 1, ClassNameRole };
    enum class Split { Train, Validation, Test };

    explicit SampleGridModel(QObject* parent = nullptr);

    // Shows `split` of `data` (kept alive by the model); nullptr clears the model.
    void setDataset(std::shared_ptr<const Dataset> data, Split split = Split::Train);
    const Dataset* dataset() const { return data_.get(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // The sample as an image (grayscale or RGB), or a null image for non-image data.
    QImage image(int row) const;
    // Sample `index` of `samples` as an 8-bit grayscale or RGB image: byte data as it is,
    // float data stretched to its own range; a null image for non-image data or a bad index.
    static QImage sampleImage(const SampleSet& samples, std::size_t index);

private:
    const SampleSet* samples() const;

    std::shared_ptr<const Dataset> data_;
    Split split_ = Split::Train;
};

}  // namespace nw::ui
