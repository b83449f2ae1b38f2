#include "InspectScreen.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

#include "ClassMetricsTable.h"
#include "ConfusionMatrixView.h"
#include "DecisionRegionView.h"
#include "DigitCanvas.h"
#include "ImageGridView.h"
#include "PredictionGalleryModel.h"
#include "PredictionTileDelegate.h"
#include "ProbabilityBars.h"
#include "RegressionFitView.h"
#include "SaliencyView.h"
#include "Workspace.h"
#include "inspect/DigitPreprocessing.h"

namespace nw::ui {
namespace {

constexpr int kDigitThrottleMs = 40;  // the canvas asks for a prediction at most 25 times a second
constexpr int kMaxWeightImages = 64;

bool isDigitShaped(const Shape& s) { return s == Shape{1, 28, 28}; }

// A 28×28 preview of what the model is given (0..255 values).
QImage digitImage(const std::vector<float>& raw) {
    QImage image(28, 28, QImage::Format_Grayscale8);
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x)
            image.scanLine(y)[x] = static_cast<uchar>(std::clamp(raw[static_cast<std::size_t>(y * 28 + x)], 0.0f, 255.0f));
    return image;
}

std::vector<ImageGridView::GridImage> gridImagesOf(const std::vector<WeightImage>& images) {
    std::vector<ImageGridView::GridImage> out;
    for (const auto& w : images) {
        // Multi-channel filters show their first channel (MNIST-like inputs have one).
        const std::size_t plane = static_cast<std::size_t>(w.height * w.width);
        out.push_back({QString::fromStdString(w.label), w.width, w.height,
                       std::vector<float>(w.values.begin(), w.values.begin() + static_cast<long>(plane))});
    }
    return out;
}

}  // namespace

InspectScreen::InspectScreen(Workspace& workspace, QWidget* parent) : QWidget(parent), workspace_(workspace) {
    status_ = new QLabel(tr("Train the model (F5) to see what it predicts; the views follow the run live."), this);
    status_->setObjectName("inspectStatus");
    status_->setWordWrap(true);

    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    tabs_->addTab(buildConfusionTab(), tr("Confusion matrix"));
    tabs_->addTab(buildSampleTab(), tr("Sample"));
    tabs_->addTab(buildDrawTab(), tr("Draw a digit"));
    tabs_->addTab(buildWeightsTab(), tr("Weights"));
    tabs_->addTab(buildFitTab(), tr("Fit"));

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(buildGalleryPane());
    split->addWidget(tabs_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(status_);
    layout->addWidget(split, 1);

    connect(&engine_, &InspectEngine::detailReady, this, [this](const SampleDetail& d) {
        const QStringList names = classNames();
        const int row = gallery_->rowOfSample(d.sample);
        const SamplePrediction* p = row >= 0 ? gallery_->predictionAt(row) : nullptr;
        sampleBars_->setProbabilities(d.probabilities, names, p ? p->trueClass : -1);
        if (!d.saliency.empty()) saliencyView_->setSaliency(d.saliency, d.width, d.height);
        std::vector<ImageGridView::GridImage> maps;
        for (const auto& layer : d.featureMaps)
            for (int c = 0; c < layer.channels; ++c) {
                const std::size_t plane = static_cast<std::size_t>(layer.height * layer.width);
                const auto first = layer.values.begin() + static_cast<long>(plane * static_cast<std::size_t>(c));
                maps.push_back({tr("%1 · %2").arg(QString::fromStdString(layer.layer)).arg(c + 1), layer.width, layer.height,
                                std::vector<float>(first, first + static_cast<long>(plane))});
            }
        featureMaps_->setImages(std::move(maps), ImageGridView::ColourMap::Sequential);
    });
    connect(&engine_, &InspectEngine::digitReady, this,
            [this](const std::vector<float>& p) { digitBars_->setProbabilities(p, classNames()); });
    connect(&engine_, &InspectEngine::weightsReady, this, [this](const std::vector<WeightImage>& images) {
        weights_->setImages(gridImagesOf(images), ImageGridView::ColourMap::Diverging);
    });
    connect(&engine_, &InspectEngine::regionsReady, this, [this](const RegionGrid& grid) { regionView_->setRegions(grid); });
    TrainingSession& session = workspace_.session();
    connect(&session, &TrainingSession::snapshotReady, this, &InspectScreen::showSnapshot);
    connect(this, &InspectScreen::snapshotRequested, &session, &TrainingSession::requestSnapshot);
    connect(&workspace_, &Workspace::datasetChanged, this, [this] { setDataset(workspace_.dataset()); });
    if (workspace_.dataset()) setDataset(workspace_.dataset());
    updateAvailability();
}

InspectScreen::~InspectScreen() = default;  // the engine joins its thread

QWidget* InspectScreen::buildGalleryPane() {
    auto* pane = new QWidget(this);
    auto* column = new QVBoxLayout(pane);
    column->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    filter_ = new QComboBox(pane);
    filter_->setObjectName("galleryFilter");
    filter_->addItems({tr("All"), tr("Wrong only"), tr("True class"), tr("Predicted class"), tr("Matrix cell")});
    filterClass_ = new QComboBox(pane);
    filterClass_->setObjectName("galleryFilterClass");
    sort_ = new QComboBox(pane);
    sort_->setObjectName("gallerySort");
    sort_->addItems({tr("In order"), tr("Least confident first"), tr("Most confident first"), tr("Highest loss first")});
    predictNow_ = new QPushButton(tr("Predict now"), pane);
    predictNow_->setToolTip(tr("Re-predict the gallery with the current weights"));
    galleryCount_ = new QLabel(pane);
    bar->addWidget(new QLabel(tr("Show"), pane));
    bar->addWidget(filter_);
    bar->addWidget(filterClass_);
    bar->addWidget(new QLabel(tr("Sort"), pane));
    bar->addWidget(sort_);
    bar->addStretch(1);
    bar->addWidget(galleryCount_);
    bar->addWidget(predictNow_);
    column->addLayout(bar);

    gallery_ = new PredictionGalleryModel(this);
    galleryView_ = new QListView(pane);
    galleryView_->setObjectName("predictionGallery");
    galleryView_->setViewMode(QListView::IconMode);
    galleryView_->setResizeMode(QListView::Adjust);
    galleryView_->setMovement(QListView::Static);
    galleryView_->setUniformItemSizes(true);
    galleryView_->setSpacing(2);
    galleryView_->setModel(gallery_);
    galleryView_->setItemDelegate(new PredictionTileDelegate(galleryView_));
    column->addWidget(galleryView_, 1);

    connect(filter_, &QComboBox::currentIndexChanged, this, [this] { applyGalleryFilter(); });
    connect(filterClass_, &QComboBox::currentIndexChanged, this, [this] { applyGalleryFilter(); });
    connect(sort_, &QComboBox::currentIndexChanged, this, [this](int i) { gallery_->setSort(static_cast<GallerySort>(i)); });
    connect(predictNow_, &QPushButton::clicked, this, [this] {
        emit snapshotRequested();
        // Between runs the engine re-predicts with the last weights it has.
        if (snapshot_.predictions && snapshot_.data && engine_.snapshot()) {
            std::vector<std::size_t> indices;
            for (const auto& p : snapshot_.predictions->samples) indices.push_back(p.sample);
            engine_.requestPredictions(snapshot_.data, &snapshot_.samples(), std::move(indices));
        }
    });
    connect(&engine_, &InspectEngine::predictionsReady, this, [this](const PredictionSet& p) {
        TrainingSnapshot s = snapshot_;
        s.predictions = std::make_shared<const PredictionSet>(p);
        showSnapshot(s);
    });
    connect(galleryView_, &QListView::clicked, this, [this](const QModelIndex& index) { showSample(index.row()); });
    return pane;
}

QWidget* InspectScreen::buildConfusionTab() {
    auto* page = new QWidget(this);
    auto* column = new QVBoxLayout(page);
    confusionView_ = new ConfusionMatrixView(page);
    metricsTable_ = new ClassMetricsTable(page);
    column->addWidget(confusionView_, 3);
    column->addWidget(metricsTable_, 2);
    const auto filterCell = [this](int trueClass, int predictedClass) {
        cellFilterTrue_ = trueClass;
        cellFilterPredicted_ = predictedClass;
        confusionView_->setSelectedCell(trueClass, predictedClass);
        {
            const QSignalBlocker block(filter_);
            filter_->setCurrentIndex(static_cast<int>(GalleryFilter::Cell));
        }
        applyGalleryFilter();
    };
    connect(confusionView_, &ConfusionMatrixView::cellClicked, this, filterCell);
    connect(metricsTable_, &ClassMetricsTable::pairActivated, this, filterCell);
    return page;
}

QWidget* InspectScreen::buildSampleTab() {
    auto* page = new QWidget(this);
    auto* column = new QVBoxLayout(page);
    sampleCaption_ = new QLabel(tr("Click a tile in the gallery to see why the model said what it said."), page);
    sampleCaption_->setWordWrap(true);
    saliencyView_ = new SaliencyView(page);
    sampleBars_ = new ProbabilityBars(page);
    featureMaps_ = new ImageGridView(page);
    featureMaps_->setCellSize(56);
    featureMaps_->setEmptyText(tr("Feature maps appear here for models with convolutional layers."));
    auto* top = new QHBoxLayout;
    top->addWidget(saliencyView_, 3);
    top->addWidget(sampleBars_, 2);
    column->addWidget(sampleCaption_);
    column->addLayout(top, 3);
    column->addWidget(new QLabel(tr("Feature maps of each convolutional layer for this sample"), page));
    column->addWidget(featureMaps_, 2);
    return page;
}

QWidget* InspectScreen::buildDrawTab() {
    auto* page = new QWidget(this);
    auto* row = new QHBoxLayout(page);
    auto* left = new QVBoxLayout;
    canvas_ = new DigitCanvas(page);
    auto* buttons = new QHBoxLayout;
    auto* undo = new QPushButton(tr("Undo stroke"), page);
    auto* clear = new QPushButton(tr("Clear"), page);
    buttons->addWidget(undo);
    buttons->addWidget(clear);
    buttons->addStretch(1);
    digitHint_ = new QLabel(tr("Draw a digit with the mouse. It is scaled and centred the way MNIST's digits were, then "
                               "classified by the latest weights, also while training runs."),
                            page);
    digitHint_->setWordWrap(true);
    left->addWidget(digitHint_);
    left->addWidget(canvas_, 1);
    left->addLayout(buttons);
    auto* right = new QVBoxLayout;
    digitPreview_ = new QLabel(page);
    digitPreview_->setFixedSize(112, 112);
    digitPreview_->setScaledContents(true);
    digitPreview_->setToolTip(tr("What the model sees: 28 × 28, digit in a 20 × 20 box, centred by its centre of mass"));
    digitBars_ = new ProbabilityBars(page);
    right->addWidget(new QLabel(tr("What the model sees"), page));
    right->addWidget(digitPreview_);
    right->addWidget(digitBars_, 1);
    row->addLayout(left, 3);
    row->addLayout(right, 2);

    digitTimer_ = new QTimer(this);
    digitTimer_->setSingleShot(true);
    digitTimer_->setInterval(kDigitThrottleMs);
    connect(digitTimer_, &QTimer::timeout, this, &InspectScreen::updateDigit);
    connect(canvas_, &DigitCanvas::drawingChanged, this, [this] {
        if (!digitTimer_->isActive()) digitTimer_->start();
    });
    connect(undo, &QPushButton::clicked, canvas_, &DigitCanvas::undoStroke);
    connect(clear, &QPushButton::clicked, canvas_, &DigitCanvas::clear);
    return page;
}

QWidget* InspectScreen::buildWeightsTab() {
    auto* page = new QWidget(this);
    auto* column = new QVBoxLayout(page);
    column->addWidget(new QLabel(tr("The first layer's weights: each unit's incoming weights in the input's shape, or "
                                    "each convolution filter (red positive, blue negative)."),
                                 page));
    weights_ = new ImageGridView(page);
    weights_->setCellSize(64);
    weights_->setEmptyText(tr("The first layer does not look at an image, so its weights are not pictures."));
    column->addWidget(weights_, 1);
    return page;
}

QWidget* InspectScreen::buildFitTab() {
    auto* page = new QWidget(this);
    auto* column = new QVBoxLayout(page);
    fitView_ = new RegressionFitView(page);
    regionView_ = new DecisionRegionView(page);
    fitCaption_ = new QLabel(page);
    fitCaption_->setObjectName("fitCaption");
    fitSlider_ = new QSlider(Qt::Horizontal, page);
    fitSlider_->setObjectName("fitHistory");
    fitSlider_->setToolTip(tr("Drag to see the fit at an earlier epoch"));
    auto* replay = new QPushButton(tr("Replay"), page);
    replay->setToolTip(tr("Play the fit from the first epoch to the last"));
    auto* history = new QHBoxLayout;
    history->addWidget(fitCaption_, 1);
    history->addWidget(fitSlider_, 2);
    history->addWidget(replay);
    column->addWidget(fitView_, 1);
    column->addWidget(regionView_, 1);
    column->addLayout(history);
    replayTimer_ = new QTimer(this);
    replayTimer_->setInterval(30);
    connect(replayTimer_, &QTimer::timeout, this, [this] {
        if (fitSlider_->value() >= fitSlider_->maximum()) replayTimer_->stop();
        else fitSlider_->setValue(fitSlider_->value() + std::max(1, fitSlider_->maximum() / 100));
    });
    connect(replay, &QPushButton::clicked, this, [this] {
        fitSlider_->setValue(0);
        replayTimer_->start();
    });
    connect(fitSlider_, &QSlider::valueChanged, this, &InspectScreen::showFitAt);
    return page;
}

void InspectScreen::setDataset(std::shared_ptr<const Dataset> data) {
    data_ = std::move(data);
    snapshot_ = {};
    fitHistory_.clear();
    gallery_->clearPredictions();
    gallery_->setClassNames(classNames());
    {
        const QSignalBlocker block(filterClass_);
        filterClass_->clear();
        filterClass_->addItems(classNames());
    }
    confusion_ = ConfusionMatrix(data_ && data_->task == Task::Classification ? data_->classCount() : 0);
    confusionView_->setMatrix(confusion_, classNames());
    metricsTable_->setMatrix(confusion_, classNames());
    if (data_ && data_->task == Task::Regression && data_->sampleShape == Shape{1}) {
        std::vector<QPointF> points;
        for (std::size_t i = 0; i < data_->train.size(); ++i)
            points.emplace_back(data_->train.rawSample(i)[0], data_->train.target(i));
        fitView_->setData(points);
        // The least-squares line is where a converged linear model ends up: the target to watch.
        const QRectF range = fitView_->dataRange();
        fitView_->setReference(RegressionFitView::leastSquaresLine(points, range.left(), range.right()));
    }
    if (data_ && data_->task == Task::Classification && data_->sampleShape == Shape{2}) {
        std::vector<QPointF> points;
        std::vector<int> labels;
        for (std::size_t i = 0; i < data_->train.size(); ++i) {
            const auto x = data_->train.rawSample(i);
            points.emplace_back(x[0], x[1]);
            labels.push_back(static_cast<int>(data_->train.target(i)));
        }
        regionView_->setPoints(points, labels, classNames());
    }
    updateAvailability();
}

QStringList InspectScreen::classNames() const {
    QStringList names;
    if (data_)
        for (const auto& n : data_->classNames) names << QString::fromStdString(n);
    return names;
}

void InspectScreen::updateAvailability() {
    const bool images = data_ && data_->task == Task::Classification && data_->sampleShape.size() == 3;
    const bool classification = data_ && data_->task == Task::Classification;
    const bool line = data_ && data_->task == Task::Regression && data_->sampleShape == Shape{1};
    const bool regions = classification && data_->sampleShape == Shape{2};
    tabs_->setTabEnabled(ConfusionTab, classification);
    tabs_->setTabEnabled(SampleTab, images);
    tabs_->setTabEnabled(DrawTab, data_ && isDigitShaped(data_->sampleShape) && classification);
    tabs_->setTabEnabled(WeightsTab, images);
    tabs_->setTabEnabled(FitTab, line || regions);
    fitView_->setVisible(line);
    regionView_->setVisible(regions);
    galleryView_->parentWidget()->setVisible(images);
    if (!tabs_->isTabEnabled(tabs_->currentIndex()))
        for (int i = 0; i < tabs_->count(); ++i)
            if (tabs_->isTabEnabled(i)) {
                tabs_->setCurrentIndex(i);
                break;
            }
}

void InspectScreen::showSnapshot(const TrainingSnapshot& snapshot) {
    if (!snapshot.weights) return;
    if (snapshot.data && snapshot.data != data_) setDataset(snapshot.data);
    const bool firstOfRun = !snapshot_.weights || snapshot.weights->step < snapshot_.weights->step;
    snapshot_ = snapshot;
    engine_.setSnapshot(snapshot.weights);
    const ModelSnapshot& w = *snapshot.weights;
    status_->setText(tr("Weights after epoch %1 (step %2)%3")
                         .arg(w.epoch)
                         .arg(w.step)
                         .arg(snapshot.predictions ? tr(" · predictions on %1 %2 samples")
                                                         .arg(snapshot.predictions->samples.size())
                                                         .arg(snapshot.splitName())
                                                   : QString()));
    if (snapshot.predictions) {
        if (firstOfRun) gallery_->clearPredictions();
        gallery_->setSource(snapshot.data, &snapshot.samples());
        gallery_->setPredictions(*snapshot.predictions);
        confusion_ = ConfusionMatrix::from(*snapshot.predictions);
        confusionView_->setMatrix(confusion_, classNames());
        metricsTable_->setMatrix(confusion_, classNames());
        galleryCount_->setText(tr("%1 shown").arg(gallery_->rowCount()));
    }
    if (data_ && data_->task == Task::Classification && data_->sampleShape.size() == 3) engine_.requestWeights(kMaxWeightImages);
    if (regionView_->isVisibleTo(this) || (data_ && data_->sampleShape == Shape{2} && data_->task == Task::Classification)) {
        const QRectF r = regionView_->dataRange();
        engine_.requestRegions(r.left(), r.right(), r.top(), r.bottom(), 160, 160);
    }
    if (data_ && data_->task == Task::Regression && data_->sampleShape == Shape{1}) {
        if (firstOfRun) fitHistory_.clear();
        updateFit(w);
    }
    if (!canvas_->isEmpty() && tabs_->isTabEnabled(DrawTab)) updateDigit();
}

void InspectScreen::applyGalleryFilter() {
    const auto filter = static_cast<GalleryFilter>(filter_->currentIndex());
    filterClass_->setVisible(filter == GalleryFilter::TrueClass || filter == GalleryFilter::PredictedClass);
    if (filter == GalleryFilter::Cell) {
        gallery_->setFilter(filter, cellFilterTrue_, cellFilterPredicted_);
    } else {
        gallery_->setFilter(filter, filterClass_->currentIndex());
        confusionView_->clearSelection();
    }
    const bool noCell = filter == GalleryFilter::Cell && cellFilterTrue_ < 0;
    galleryCount_->setText(noCell ? tr("click a cell of the confusion matrix") : tr("%1 shown").arg(gallery_->rowCount()));
    if (noCell) tabs_->setCurrentIndex(ConfusionTab);
}

void InspectScreen::showSample(int row) {
    const SamplePrediction* p = gallery_->predictionAt(row);
    if (!p || !snapshot_.data) return;
    const QStringList names = classNames();
    sampleCaption_->setText(tr("Sample %1: true %2, predicted %3 with %4 % confidence")
                                .arg(p->sample)
                                .arg(names.value(p->trueClass), names.value(p->predictedClass))
                                .arg(p->confidence * 100.0, 0, 'f', 1));
    saliencyView_->setImage(gallery_->image(row));
    engine_.requestDetail(snapshot_.data, &snapshot_.samples(), p->sample);
    tabs_->setCurrentIndex(SampleTab);
}

void InspectScreen::updateDigit() {
    if (!engine_.snapshot()) return;
    int width = 0, height = 0;
    const std::vector<float> ink = canvas_->ink(&width, &height);
    const std::vector<float> raw = mnistStyleDigit(ink, width, height);
    digitPreview_->setPixmap(QPixmap::fromImage(digitImage(raw)));
    if (canvas_->isEmpty()) {
        digitBars_->clear();
        return;
    }
    engine_.requestDigit(raw);
}

// The fitted line of a one-input regression model is two numbers to evaluate: it is worked
// out here for every snapshot (so the whole history can be replayed), not on a pool thread.
void InspectScreen::updateFit(const ModelSnapshot& weights) {
    std::vector<float> xs;
    for (std::size_t i = 0; i < data_->train.size(); ++i) xs.push_back(data_->train.rawSample(i)[0]);
    if (xs.empty()) return;
    const auto [lo, hi] = std::minmax_element(xs.begin(), xs.end());
    const double xMin = *lo, xMax = *hi;
    auto model = buildModel(weights);
    const int points = 50;
    const std::vector<float> ys = regressionCurve(*model, weights.normalization, xMin, xMax, points);
    std::vector<QPointF> curve;
    for (int i = 0; i < points; ++i) curve.emplace_back(xMin + (xMax - xMin) * i / (points - 1), ys[static_cast<std::size_t>(i)]);
    fitHistory_.emplace_back(weights.epoch, std::move(curve));
    const QSignalBlocker block(fitSlider_);
    fitSlider_->setRange(0, static_cast<int>(fitHistory_.size()) - 1);
    fitSlider_->setValue(fitSlider_->maximum());
    showFitAt(fitSlider_->maximum());
}

void InspectScreen::showFitAt(int index) {
    if (index < 0 || index >= static_cast<int>(fitHistory_.size())) return;
    const auto& [epoch, curve] = fitHistory_[static_cast<std::size_t>(index)];
    const double slope = (curve.back().y() - curve.front().y()) / (curve.back().x() - curve.front().x());
    const double intercept = curve.front().y() - slope * curve.front().x();
    const QString equation = tr("y = %1 x %2 %3").arg(slope, 0, 'f', 3).arg(intercept < 0 ? "−" : "+").arg(std::abs(intercept), 0, 'f', 3);
    fitView_->setFit(curve, equation);
    fitCaption_->setText(tr("Epoch %1: %2").arg(epoch).arg(equation));
}

}  // namespace nw::ui
