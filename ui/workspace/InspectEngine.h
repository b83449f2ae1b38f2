#pragma once
#include <QMetaType>
#include <QObject>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <memory>
#include <vector>

#include "inspect/DecisionRegions.h"
#include "inspect/FeatureMaps.h"
#include "inspect/ModelSnapshot.h"
#include "inspect/PredictionSet.h"

namespace nw::ui {

// Everything the Inspect screen learns about one sample.
struct SampleDetail {
    std::size_t sample = 0;
    std::vector<float> probabilities;
    int explainedClass = 0;          // the class the saliency map explains (the predicted one)
    std::vector<float> saliency;     // height × width in [0, 1]; empty for non-image inputs
    int width = 0, height = 0;
    std::vector<FeatureMapSet> featureMaps;
};

// The Inspect screen's computations, off the GUI thread: each request runs on the engine's
// own thread over a model built from the latest weight snapshot (never the one the trainer
// is writing). Requests of one kind are coalesced: while one runs, only the newest waiting
// one is kept, so drawing a digit or dragging never queues up stale work. Results arrive as
// signals on the GUI thread.
class InspectEngine : public QObject {
    Q_OBJECT
public:
    explicit InspectEngine(QObject* parent = nullptr);
    ~InspectEngine() override;

    void setSnapshot(std::shared_ptr<const ModelSnapshot> snapshot);
    const std::shared_ptr<const ModelSnapshot>& snapshot() const { return snapshot_; }

    // 784 raw pixel values (0..255) of a drawn digit, preprocessed like MNIST.
    void requestDigit(std::vector<float> raw);
    void requestDetail(std::shared_ptr<const Dataset> data, const SampleSet* split, std::size_t sample);
    void requestWeights(int maxImages);
    void requestRegions(double xMin, double xMax, double yMin, double yMax, int width, int height);
    void requestCurve(double xMin, double xMax, int points);
    // Re-predicts a subset with the snapshot (when no run is sending predictions).
    void requestPredictions(std::shared_ptr<const Dataset> data, const SampleSet* split, std::vector<std::size_t> indices);

    // Waits for every running request (tests, shutdown).
    void waitForIdle();

signals:
    void digitReady(const std::vector<float>& probabilities);
    void detailReady(const nw::ui::SampleDetail& detail);
    void weightsReady(const std::vector<nw::WeightImage>& images);
    void regionsReady(const nw::RegionGrid& grid);
    void curveReady(double xMin, double xMax, const std::vector<float>& values);
    void predictionsReady(const nw::PredictionSet& predictions);
    void failed(const QString& message);
    // From the engine's thread: results are waiting (internal).
    void resultsReady();

private:
    enum Kind { Digit, Detail, Weights, Regions, Curve, Predictions, KindCount };
    // Work run on a pool thread with its own model; returns what to do on the GUI thread.
    using Job = std::function<std::function<void()>(Model& model, const ModelSnapshot& snapshot)>;
    void submit(Kind kind, Job job);
    void launch(Kind kind, Job job);
    void serve();
    void deliverResults();

    std::shared_ptr<const ModelSnapshot> snapshot_;
    struct Slot {
        bool running = false;
        Job waiting;
    };
    Slot slots_[KindCount];
    int running_ = 0;

    struct Request {
        Kind kind = Digit;
        Job job;
        std::shared_ptr<const ModelSnapshot> snapshot;
    };
    struct Result {
        Kind kind = Digit;
        std::function<void()> deliver;
    };
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Request> requests_;
    std::deque<Result> results_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace nw::ui

Q_DECLARE_METATYPE(nw::ui::SampleDetail)
Q_DECLARE_METATYPE(nw::RegionGrid)
