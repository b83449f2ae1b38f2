#pragma once
#include <QAbstractListModel>
#include <QCache>
#include <QImage>
#include <QStringList>
#include <memory>
#include <vector>

#include "data/Dataset.h"
#include "inspect/PredictionSet.h"

namespace nw::ui {

// Which predictions the gallery shows. Class filters take the class in classA; Cell takes
// the true class in classA and the predicted class in classB (a confusion-matrix cell).
enum class GalleryFilter { All, Wrong, TrueClass, PredictedClass, Cell };
// Index: by sample index. Confidence: of the predicted class. Loss: worst first. Ties keep
// sample-index order, so the order is stable from update to update.
enum class GallerySort { Index, ConfidenceAscending, ConfidenceDescending, LossDescending };

// The live prediction gallery: one row per shown prediction of the latest PredictionSet,
// filtered and sorted through an index vector, so 10,000 predictions stay cheap. Images are
// made from the split on first use and cached; they survive prediction updates.
class PredictionGalleryModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        // Qt::DisplayRole: "true 4 · predicted 9 · 83 %"; Qt::ToolTipRole: that, the sample,
        // the loss and what it was before a change; Qt::DecorationRole: as ImageRole.
        ImageRole = Qt::UserRole + 1,  // QImage: the sample, 8-bit grayscale or RGB (null for non-image data)
        TrueClassRole,                 // int
        PredictedClassRole,            // int
        ConfidenceRole,                // double: probability of the predicted class, 0..1
        LossRole,                      // double: −log p(true class)
        CorrectRole,                   // bool: predicted == true
        ChangedRole,                   // bool: the predicted class differs from the previous update's
        SampleIndexRole,               // qulonglong: index of the sample in the split
        PreviousClassRole,             // int: the previous update's predicted class, −1 when none
    };

    explicit PredictionGalleryModel(QObject* parent = nullptr);

    // Where the images come from: `split` lives inside `data` (kept alive by the model) and is
    // what SamplePrediction::sample indexes. nullptr for either shows no images. Setting the
    // same source again changes nothing (the image cache stays).
    void setSource(std::shared_ptr<const Dataset> data, const SampleSet* split);
    // Replaces the shown predictions. The set before it becomes the "previous" one that
    // ChangedRole compares with (by sample index); the first set marks nothing.
    void setPredictions(PredictionSet predictions);
    // Drops the current and previous predictions (for a new model or dataset).
    void clearPredictions();
    // Display names of the classes; a class without one shows its number.
    void setClassNames(const QStringList& names);
    void setFilter(GalleryFilter filter, int classA = -1, int classB = -1);
    void setSort(GallerySort sort);

    GalleryFilter filter() const { return filter_; }
    int filterClassA() const { return classA_; }
    int filterClassB() const { return classB_; }
    GallerySort sort() const { return sort_; }
    const PredictionSet& predictions() const { return predictions_; }
    const QStringList& classNames() const { return classNames_; }
    QString className(int cls) const;
    // A confidence as a whole percentage for captions; "100" only for a certain prediction.
    static int percent(double confidence);
    // Predictions whose class changed since the previous update (all of them, not only shown ones).
    int changedCount() const { return changedCount_; }
    // The prediction shown in `row`, or nullptr.
    const SamplePrediction* predictionAt(int row) const;
    // The row showing `sample`, or −1 when it is filtered out or absent (to keep a selection
    // across updates).
    int rowOfSample(std::size_t sample) const;
    QImage image(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    bool accepts(const SamplePrediction& p) const;
    void rebuildRows();
    void markChanges(const PredictionSet& previous);

    std::shared_ptr<const Dataset> data_;
    const SampleSet* split_ = nullptr;
    PredictionSet predictions_;
    std::vector<int> previousClass_;  // per prediction; −1: not in the previous set
    int changedCount_ = 0;
    QStringList classNames_;
    GalleryFilter filter_ = GalleryFilter::All;
    int classA_ = -1, classB_ = -1;
    GallerySort sort_ = GallerySort::Index;
    std::vector<int> rows_;  // shown row -> index into predictions_.samples
    mutable QCache<std::size_t, QImage> images_;  // by sample index, cost in bytes
};

}  // namespace nw::ui
