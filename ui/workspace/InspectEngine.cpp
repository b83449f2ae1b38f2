#include "InspectEngine.h"

#include <QCoreApplication>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "inspect/Saliency.h"

namespace nw::ui {
namespace {

// One raw sample as a normalised (1, shape...) tensor, as training saw its inputs.
Tensor normalizedSample(const ModelSnapshot& snapshot, const std::vector<float>& raw) {
    Shape dims{1};
    dims.insert(dims.end(), snapshot.inputShape.begin(), snapshot.inputShape.end());
    Tensor t(dims);
    std::copy(raw.begin(), raw.end(), t.data());
    snapshot.normalization.apply(t.data(), 1, raw.size());
    return t;
}

// Class probabilities for one raw sample: softmax outputs as they are, a single sigmoid
// output as [1 − p, p], other outputs through a softmax.
std::vector<float> predictRawProbabilities(Model& model, const ModelSnapshot& snapshot, const std::vector<float>& raw) {
    Tensor input = normalizedSample(snapshot, raw);
    const Tensor& out = model.forward(input, false);
    std::vector<float> p(out.data(), out.data() + out.size());
    if (p.size() == 1) return {1.0f - p[0], p[0]};
    if (model.outputActivation().kind != ActivationKind::Softmax) {
        const float top = *std::max_element(p.begin(), p.end());
        float sum = 0.0f;
        for (float& v : p) sum += (v = std::exp(v - top));
        for (float& v : p) v /= sum;
    }
    return p;
}

}  // namespace

InspectEngine::InspectEngine(QObject* parent) : QObject(parent) {
    connect(this, &InspectEngine::resultsReady, this, &InspectEngine::deliverResults, Qt::QueuedConnection);
    qRegisterMetaType<SampleDetail>();
    qRegisterMetaType<std::vector<float>>();
    qRegisterMetaType<RegionGrid>();
}

InspectEngine::~InspectEngine() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void InspectEngine::setSnapshot(std::shared_ptr<const ModelSnapshot> snapshot) { snapshot_ = std::move(snapshot); }

void InspectEngine::submit(Kind kind, Job job) {
    if (!snapshot_) return;
    Slot& slot = slots_[kind];
    if (slot.running) {
        slot.waiting = std::move(job);  // replaces any older waiting request
        return;
    }
    launch(kind, std::move(job));
}

void InspectEngine::launch(Kind kind, Job job) {
    slots_[kind].running = true;
    ++running_;
    {
        std::lock_guard lock(mutex_);
        requests_.push_back({kind, std::move(job), snapshot_});
        if (!thread_.joinable()) thread_ = std::thread([this] { serve(); });
    }
    wake_.notify_one();
}

// The engine's own thread: takes requests in order, runs each on a model built from its
// snapshot, and posts what to do with the result. Requests and results cross under mutex_
// (the event queue's own synchronisation is invisible to ThreadSanitizer); the wake-up
// signal carries nothing.
void InspectEngine::serve() {
    for (;;) {
        Request request;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !requests_.empty(); });
            if (stopping_) return;
            request = std::move(requests_.front());
            requests_.pop_front();
        }
        std::function<void()> deliver;
        try {
            auto model = buildModel(*request.snapshot);
            deliver = request.job(*model, *request.snapshot);
        } catch (const std::exception& e) {
            deliver = [this, message = QString::fromStdString(e.what())] { emit failed(message); };
        }
        bool wasEmpty = false;
        {
            std::lock_guard lock(mutex_);
            wasEmpty = results_.empty();
            results_.push_back({request.kind, std::move(deliver)});
        }
        if (wasEmpty) emit resultsReady();
    }
}

void InspectEngine::deliverResults() {
    std::deque<Result> results;
    {
        std::lock_guard lock(mutex_);
        results.swap(results_);
    }
    for (auto& r : results) {
        --running_;
        Slot& slot = slots_[r.kind];
        slot.running = false;
        if (r.deliver) r.deliver();
        if (slot.waiting) launch(r.kind, std::exchange(slot.waiting, {}));
    }
}

void InspectEngine::waitForIdle() {
    while (running_ > 0) {
        deliverResults();
        if (running_ > 0) QThread::msleep(5);
    }
}

void InspectEngine::requestDigit(std::vector<float> raw) {
    InspectEngine* self = this;  // results are delivered by the engine itself, on its thread
    submit(Digit, [self, raw = std::move(raw)](Model& model, const ModelSnapshot& snapshot) -> std::function<void()> {
        auto outputs = predictRawProbabilities(model, snapshot, raw);
        return [self, outputs] {
            emit self->digitReady(outputs);
        };
    });
}

void InspectEngine::requestDetail(std::shared_ptr<const Dataset> data, const SampleSet* split, std::size_t sample) {
    InspectEngine* self = this;  // results are delivered by the engine itself, on its thread
    submit(Detail, [self, data, split, sample](Model& model, const ModelSnapshot& snapshot) -> std::function<void()> {
        SampleDetail detail;
        detail.sample = sample;
        const std::vector<float> raw = split->rawSample(sample);
        detail.probabilities = predictRawProbabilities(model, snapshot, raw);
        detail.explainedClass = static_cast<int>(
            std::max_element(detail.probabilities.begin(), detail.probabilities.end()) - detail.probabilities.begin());
        Tensor input = normalizedSample(snapshot, raw);
        const Shape& shape = snapshot.inputShape;
        if (shape.size() == 3) {
            // A single sigmoid output explains its one logit, whichever class it predicts.
            const int output = model.outputShape()[0] == 1 ? 0 : detail.explainedClass;
            detail.saliency = saliencyMap(model, input, output);
            detail.height = shape[1];
            detail.width = shape[2];
            detail.featureMaps = featureMaps(model, input);
        }
        return [self, detail = std::move(detail)] {
            emit self->detailReady(detail);
        };
    });
}

void InspectEngine::requestWeights(int maxImages) {
    InspectEngine* self = this;  // results are delivered by the engine itself, on its thread
    submit(Weights, [self, maxImages](Model& model, const ModelSnapshot&) -> std::function<void()> {
        auto images = firstLayerWeightImages(model, maxImages);
        return [self, images = std::move(images)] {
            emit self->weightsReady(images);
        };
    });
}

void InspectEngine::requestRegions(double xMin, double xMax, double yMin, double yMax, int width, int height) {
    InspectEngine* self = this;  // results are delivered by the engine itself, on its thread
    submit(Regions, [=](Model& model, const ModelSnapshot& snapshot) -> std::function<void()> {
        auto grid = decisionRegions(model, snapshot.normalization, xMin, xMax, yMin, yMax, width, height);
        return [self, grid = std::move(grid)] {
            emit self->regionsReady(grid);
        };
    });
}

void InspectEngine::requestCurve(double xMin, double xMax, int points) {
    InspectEngine* self = this;  // results are delivered by the engine itself, on its thread
    submit(Curve, [=](Model& model, const ModelSnapshot& snapshot) -> std::function<void()> {
        auto values = regressionCurve(model, snapshot.normalization, xMin, xMax, points);
        return [self, xMin, xMax, values = std::move(values)] {
            emit self->curveReady(xMin, xMax, values);
        };
    });
}

void InspectEngine::requestPredictions(std::shared_ptr<const Dataset> data, const SampleSet* split,
                                       std::vector<std::size_t> indices) {
    InspectEngine* self = this;  // results are delivered by the engine itself, on its thread
    submit(Predictions, [self, data, split, indices = std::move(indices)](Model& model,
                                                                          const ModelSnapshot& snapshot) -> std::function<void()> {
        PredictionSet predictions = predictSamples(model, *split, snapshot.normalization, indices, data->classCount());
        predictions.step = snapshot.step;
        predictions.epoch = snapshot.epoch;
        return [self, predictions = std::move(predictions)] {
            emit self->predictionsReady(predictions);
        };
    });
}

}  // namespace nw::ui
