#pragma once
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "data/Dataset.h"
#include "inspect/ModelSnapshot.h"
#include "inspect/PredictionSet.h"
#include "nn/Model.h"
#include "train/RunRecord.h"
#include "train/TrainingObserver.h"

namespace nw::ui {

// Where a run stands, for the progress bar.
struct TrainingProgress {
    int epoch = 0;            // 1-based, the epoch in progress
    int epochs = 0;
    int batch = 0;            // 1-based within the epoch
    int batchesPerEpoch = 0;
    long long step = 0;
    double samplesPerSecond = 0.0;  // over the last few seconds
    double etaSeconds = -1.0;       // −1 until there is a rate to go by
};

// What the worker sends a few dozen times a second at most: every batch since the last
// update (so the curves lose nothing), sampled layer statistics, and the progress.
struct TrainingUpdate {
    std::vector<BatchPoint> batches;
    std::vector<GradientNormPoint> gradientNorms;
    std::vector<LayerStatistics> layerStatistics;  // the latest sample, if any since the last update
    long long layerStatisticsStep = 0;
    TrainingProgress progress;
};

// How a run ended. The model is the trained network, handed over once the worker is done
// with it, so the GUI thread may read it freely.
struct TrainingOutcome {
    RunRecord::Status status = RunRecord::Status::Completed;
    QString message;
    std::shared_ptr<Model> model;
    Normalization normalization;
    std::vector<EpochReport> history;
};

// The run has started (from epoch epochsDone + 1); layer names label the gradient norms.
struct TrainingStarted {
    int epochsDone = 0;
    QStringList layerNames;
};

// An epoch ended and its checkpoint was written (path empty and error set when it was not).
struct TrainingEpochEnded {
    EpochReport report;
    QString checkpointPath;
    QString checkpointError;
};

// The weights at one moment and what they predict on the run's fixed gallery subset, for the
// Inspect screen. Both are immutable once sent.
struct TrainingSnapshot {
    enum class Split { Training, Validation, Test };
    std::shared_ptr<const ModelSnapshot> weights;
    std::shared_ptr<const PredictionSet> predictions;  // null for regression runs
    std::shared_ptr<const Dataset> data;
    Split split = Split::Validation;  // which of data's splits the predictions' sample indices point into
    bool final = false;               // the run's last snapshot
    const SampleSet& samples() const {
        return split == Split::Test ? data->test : split == Split::Validation ? data->validation : data->train;
    }
    QString splitName() const {
        return split == Split::Test ? QStringLiteral("test") : split == Split::Validation ? QStringLiteral("validation")
                                                                                            : QStringLiteral("held-out training");
    }
};

}  // namespace nw::ui

Q_DECLARE_METATYPE(nw::ui::TrainingUpdate)
Q_DECLARE_METATYPE(nw::ui::TrainingOutcome)
Q_DECLARE_METATYPE(nw::EpochReport)
