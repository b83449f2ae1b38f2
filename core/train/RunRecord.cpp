#include "train/RunRecord.h"

#include <algorithm>
#include <cmath>

#include "common/Error.h"
#include "train/EpochReportJson.h"

namespace nw {
namespace {

// Six significant digits: a curve point is a picture, not a measurement, and the project
// file stays a third of the size.
double rounded(double v) {
    if (!std::isfinite(v) || v == 0.0) return v;
    const double scale = std::pow(10.0, 5 - static_cast<int>(std::floor(std::log10(std::fabs(v)))));
    return std::round(v * scale) / scale;
}

template <typename T, typename Get>
nlohmann::json column(const std::vector<T>& points, Get get) {
    nlohmann::json c = nlohmann::json::array();
    for (const auto& p : points) c.push_back(get(p));
    return c;
}

const nlohmann::json& columnOf(const nlohmann::json& table, const char* name, std::size_t expected) {
    const auto& c = table.at(name);
    if (!c.is_array() || c.size() != expected)
        throw Error(std::string("curve column '") + name + "' has " + std::to_string(c.size()) + " values; expected " +
                    std::to_string(expected));
    return c;
}

}  // namespace

std::string runStatusName(RunRecord::Status status) {
    switch (status) {
        case RunRecord::Status::Running: return "running";
        case RunRecord::Status::Completed: return "completed";
        case RunRecord::Status::Stopped: return "stopped";
        case RunRecord::Status::Diverged: return "diverged";
        case RunRecord::Status::Failed: return "failed";
    }
    return "failed";
}

RunRecord::Status runStatusFromName(const std::string& name) {
    for (auto s : {RunRecord::Status::Running, RunRecord::Status::Completed, RunRecord::Status::Stopped,
                   RunRecord::Status::Diverged, RunRecord::Status::Failed})
        if (runStatusName(s) == name) return s;
    throw Error("unknown run status '" + name + "'");
}

nlohmann::json RunRecord::toJson() const {
    nlohmann::json j{{"id", id},
                     {"name", name},
                     {"dataset", dataset},
                     {"started_at", startedAt},
                     {"model", modelSpec},
                     {"training", config.toJson()},
                     {"status", runStatusName(status)},
                     {"message", message},
                     {"checkpoint", checkpointPath},
                     {"layer_names", layerNames}};
    j["batches"] = {{"step", column(batches, [](const BatchPoint& p) { return p.step; })},
                    {"epoch", column(batches, [](const BatchPoint& p) { return rounded(p.epoch); })},
                    {"loss", column(batches, [](const BatchPoint& p) { return rounded(p.loss); })},
                    {"accuracy", column(batches, [](const BatchPoint& p) { return rounded(p.accuracy); })},
                    {"learning_rate", column(batches, [](const BatchPoint& p) { return rounded(p.learningRate); })}};
    j["epochs"] = column(epochs, [](const EpochReport& r) { return epochReportToJson(r); });
    nlohmann::json norms = nlohmann::json::array();
    for (const auto& p : gradientNorms) {
        nlohmann::json values = nlohmann::json::array();
        for (float v : p.norms) values.push_back(rounded(v));
        norms.push_back({{"step", p.step}, {"epoch", rounded(p.epoch)}, {"norms", values}});
    }
    j["gradient_norms"] = norms;
    return j;
}

RunRecord RunRecord::fromJson(const nlohmann::json& j) {
    RunRecord r;
    try {
        r.id = j.at("id").get<std::string>();
        r.name = j.value("name", r.id);
        r.dataset = j.value("dataset", std::string());
        r.startedAt = j.value("started_at", std::string());
        r.modelSpec = j.value("model", nlohmann::json::object());
        r.config = TrainingConfig::fromJson(j.value("training", nlohmann::json::object()));
        r.status = runStatusFromName(j.value("status", std::string("stopped")));
        r.message = j.value("message", std::string());
        // A run saved while it was going was cut short when the program ended.
        if (r.status == Status::Running) {
            r.status = Status::Stopped;
            if (r.message.empty()) r.message = "interrupted";
        }
        r.checkpointPath = j.value("checkpoint", std::string());
        r.layerNames = j.value("layer_names", std::vector<std::string>{});
        if (j.contains("batches")) {
            const auto& b = j.at("batches");
            const std::size_t n = b.at("step").size();
            const auto& step = columnOf(b, "step", n);
            const auto& epoch = columnOf(b, "epoch", n);
            const auto& loss = columnOf(b, "loss", n);
            const auto& accuracy = columnOf(b, "accuracy", n);
            const auto& rate = columnOf(b, "learning_rate", n);
            r.batches.reserve(n);
            for (std::size_t i = 0; i < n; ++i)
                r.batches.push_back({step[i].get<long long>(), epoch[i].get<double>(), loss[i].get<float>(),
                                     accuracy[i].get<float>(), rate[i].get<float>()});
        }
        for (const auto& e : j.value("epochs", nlohmann::json::array())) r.epochs.push_back(epochReportFromJson(e));
        for (const auto& g : j.value("gradient_norms", nlohmann::json::array())) {
            GradientNormPoint p{g.at("step").get<long long>(), g.at("epoch").get<double>(), g.at("norms").get<std::vector<float>>()};
            if (p.norms.size() != r.layerNames.size())
                throw Error("a gradient-norm point has " + std::to_string(p.norms.size()) + " values for " +
                            std::to_string(r.layerNames.size()) + " layers");
            r.gradientNorms.push_back(std::move(p));
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("a run record field is missing or has the wrong type: ") + e.what());
    }
    return r;
}

void RunRecord::truncateAfterEpoch(int epochsDone) {
    const auto after = [epochsDone](double epoch) { return epoch > epochsDone + 1e-9; };
    std::erase_if(batches, [&](const BatchPoint& p) { return after(p.epoch); });
    std::erase_if(gradientNorms, [&](const GradientNormPoint& p) { return after(p.epoch); });
    std::erase_if(epochs, [&](const EpochReport& e) { return e.epoch > epochsDone; });
}

}  // namespace nw
