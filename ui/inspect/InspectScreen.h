#pragma once
#include <QWidget>
#include <memory>
#include <vector>

#include "InspectEngine.h"
#include "TrainingUpdate.h"
#include "inspect/ConfusionMatrix.h"

class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QSlider;
class QTabWidget;
class QTimer;

namespace nw::ui {

class ClassMetricsTable;
class ConfusionMatrixView;
class DecisionRegionView;
class DigitCanvas;
class ImageGridView;
class PredictionGalleryModel;
class ProbabilityBars;
class RegressionFitView;
class SaliencyView;
class Workspace;

// The Inspect screen: what the model predicts, live, and why. A gallery of a fixed subset
// of validation samples re-predicted as the run goes (filter, sort, changed tiles marked), a
// confusion matrix to click into with per-class precision/recall/F1, one sample's class
// probabilities, saliency map and feature maps, a canvas to draw a digit on, the first
// layer's weights as images, and for the toy sets the fitted line or the decision regions.
// Heavy work runs on InspectEngine's pool threads over the latest weight snapshot.
class InspectScreen : public QWidget {
    Q_OBJECT
public:
    explicit InspectScreen(Workspace& workspace, QWidget* parent = nullptr);
    ~InspectScreen() override;

    // Shows a snapshot (every snapshot of the workspace's runs comes here).
    void showSnapshot(const TrainingSnapshot& snapshot);

    enum Tab { ConfusionTab, SampleTab, DrawTab, WeightsTab, FitTab };
    QTabWidget* tabs() const { return tabs_; }
    PredictionGalleryModel* gallery() const { return gallery_; }
    QListView* galleryView() const { return galleryView_; }
    ConfusionMatrixView* confusionView() const { return confusionView_; }
    ClassMetricsTable* metricsTable() const { return metricsTable_; }
    DigitCanvas* digitCanvas() const { return canvas_; }
    ProbabilityBars* digitProbabilities() const { return digitBars_; }
    SaliencyView* saliencyView() const { return saliencyView_; }
    ProbabilityBars* sampleProbabilities() const { return sampleBars_; }
    RegressionFitView* fitView() const { return fitView_; }
    DecisionRegionView* regionView() const { return regionView_; }
    InspectEngine& engine() { return engine_; }
    const ConfusionMatrix& confusion() const { return confusion_; }
    // Shows the detail of a gallery row (what a click does).
    void showSample(int row);
    // The fitted lines seen so far (linreg): one per snapshot, oldest first.
    int fitHistorySize() const { return static_cast<int>(fitHistory_.size()); }

signals:
    // The user asked for fresh predictions (Predict now).
    void snapshotRequested();

private:
    QWidget* buildGalleryPane();
    QWidget* buildConfusionTab();
    QWidget* buildSampleTab();
    QWidget* buildDrawTab();
    QWidget* buildWeightsTab();
    QWidget* buildFitTab();
    void setDataset(std::shared_ptr<const Dataset> data);
    void applyGalleryFilter();
    void updateAvailability();
    void updateDigit();
    void updateFit(const ModelSnapshot& weights);
    void showFitAt(int index);
    QStringList classNames() const;

    Workspace& workspace_;
    std::shared_ptr<const Dataset> data_;
    TrainingSnapshot snapshot_;
    ConfusionMatrix confusion_;
    InspectEngine engine_;
    std::vector<std::pair<int, std::vector<QPointF>>> fitHistory_;  // (epoch, curve)

    QTabWidget* tabs_ = nullptr;
    QLabel* status_ = nullptr;
    PredictionGalleryModel* gallery_ = nullptr;
    QListView* galleryView_ = nullptr;
    QComboBox* filter_ = nullptr;
    QComboBox* filterClass_ = nullptr;
    QComboBox* sort_ = nullptr;
    QLabel* galleryCount_ = nullptr;
    QPushButton* predictNow_ = nullptr;
    ConfusionMatrixView* confusionView_ = nullptr;
    ClassMetricsTable* metricsTable_ = nullptr;
    SaliencyView* saliencyView_ = nullptr;
    ProbabilityBars* sampleBars_ = nullptr;
    QLabel* sampleCaption_ = nullptr;
    ImageGridView* featureMaps_ = nullptr;
    DigitCanvas* canvas_ = nullptr;
    ProbabilityBars* digitBars_ = nullptr;
    QLabel* digitPreview_ = nullptr;
    QLabel* digitHint_ = nullptr;
    QTimer* digitTimer_ = nullptr;
    ImageGridView* weights_ = nullptr;
    RegressionFitView* fitView_ = nullptr;
    DecisionRegionView* regionView_ = nullptr;
    QLabel* fitCaption_ = nullptr;
    QSlider* fitSlider_ = nullptr;
    QTimer* replayTimer_ = nullptr;
    int cellFilterTrue_ = -1, cellFilterPredicted_ = -1;
};

}  // namespace nw::ui
