#include "io/ModelFile.h"

#include <zlib.h>

#include <array>
#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/Error.h"
#include "io/AtomicFile.h"
#include "data/TabularSchema.h"
#include "train/EpochReportJson.h"

namespace nw {
namespace fs = std::filesystem;
namespace {

constexpr std::array<char, 8> kMagic{'N', 'W', 'M', 'O', 'D', 'E', 'L', '\0'};
constexpr std::uint32_t kVersion = 1;
// magic + version + header length
constexpr std::size_t kPreamble = 8 + 4 + 4;

static_assert(std::endian::native == std::endian::little, "the model file stores little-endian floats");

void putU32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint32_t getU32(const char* p) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
}

std::uint32_t crcOf(const char* data, std::size_t size) {
    uLong crc = crc32(0L, Z_NULL, 0);
    while (size > 0) {
        const uInt n = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
        crc = crc32(crc, reinterpret_cast<const Bytef*>(data), n);
        data += n;
        size -= n;
    }
    return static_cast<std::uint32_t>(crc);
}

std::string taskName(Task t) { return t == Task::Classification ? "classification" : "regression"; }

}  // namespace

ModelMetadata metadataFor(const Dataset& data, const Normalization& normalization, const TrainingConfig& training,
                          std::vector<EpochReport> history) {
    ModelMetadata m;
    m.dataset = data.name;
    m.task = data.task;
    m.classNames = data.classNames;
    m.outputs = data.outputs;
    m.normalization = normalization;
    m.training = training;
    m.history = std::move(history);
    m.tabularSchema = data.tabularSchema;
    return m;
}

namespace {

void writeModelFile(const std::string& path, Model& model, const ModelMetadata& metadata, const TrainingState* state,
                    const nlohmann::json& run) {
    nlohmann::json header;
    header["producer"] = "netwright " NETWRIGHT_VERSION;
    header["spec"] = model.spec();
    header["input_shape"] = model.inputShape();
    header["dataset"] = metadata.dataset;
    header["task"] = taskName(metadata.task);
    header["class_names"] = metadata.classNames;
    header["outputs"] = metadata.outputs;
    header["normalization"] = metadata.normalization.toJson();
    header["training"] = metadata.training.toJson();
    header["history"] = nlohmann::json::array();
    for (const auto& r : metadata.history) header["history"].push_back(epochReportToJson(r));
    if (!metadata.tabularSchema.is_null()) header["tabular_schema"] = metadata.tabularSchema;
    header["tensors"] = nlohmann::json::array();
    const auto tensors = model.namedTensors();
    for (const auto& [name, t] : tensors) header["tensors"].push_back({{"name", name}, {"dims", t->dims()}});
    if (state) {
        nlohmann::json arrays = nlohmann::json::array();
        for (const auto& [name, values] : state->optimizer.arrays) arrays.push_back({{"name", name}, {"size", values.size()}});
        nlohmann::json history = nlohmann::json::array();
        for (const auto& r : state->history) history.push_back(epochReportToJson(r));
        header["training_state"] = {{"epochs_done", state->epochsDone},
                                    {"step", state->step},
                                    {"optimizer_steps", state->optimizer.steps},
                                    {"optimizer_arrays", arrays},
                                    {"history", history},
                                    {"run", run}};
    }

    const std::string headerText = header.dump();
    std::string bytes(kMagic.begin(), kMagic.end());
    putU32(bytes, kVersion);
    putU32(bytes, static_cast<std::uint32_t>(headerText.size()));
    bytes += headerText;
    for (const auto& [name, t] : tensors) bytes.append(reinterpret_cast<const char*>(t->data()), t->size() * sizeof(float));
    if (state)
        for (const auto& [name, values] : state->optimizer.arrays)
            bytes.append(reinterpret_cast<const char*>(values.data()), static_cast<std::size_t>(values.size()) * sizeof(float));
    putU32(bytes, crcOf(bytes.data(), bytes.size()));

    writeFileAtomically(path, bytes);
}

}  // namespace

void saveModel(const std::string& path, Model& model, const ModelMetadata& metadata) {
    writeModelFile(path, model, metadata, nullptr, nullptr);
}

void saveCheckpoint(const std::string& path, Model& model, const ModelMetadata& metadata, const TrainingState& state,
                    const nlohmann::json& run) {
    writeModelFile(path, model, metadata, &state, run);
}

bool looksLikeModelFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::array<char, 8> head{};
    return in.read(head.data(), head.size()) && head == kMagic;
}

namespace {

SavedModel readModelFile(const std::string& path, TrainingState* state, nlohmann::json* run) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw FileFormatError(path, "no such model file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileFormatError(path, "cannot open the model file");
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    if (bytes.size() < kPreamble + 4 || std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0)
        throw FileFormatError(path, "not a Netwright model file (the file does not start with NWMODEL)");
    const std::uint32_t version = getU32(bytes.data() + 8);
    if (version != kVersion)
        throw FileFormatError(path, "model file version " + std::to_string(version) + " is not supported (this build reads version " +
                                        std::to_string(kVersion) + ")");
    const std::uint64_t headerSize = getU32(bytes.data() + 12);
    if (kPreamble + headerSize + 4 > bytes.size())
        throw FileFormatError(path, "truncated: the header claims " + std::to_string(headerSize) + " bytes but the file has only " +
                                        std::to_string(bytes.size()));
    const std::uint32_t storedCrc = getU32(bytes.data() + bytes.size() - 4);

    nlohmann::json header;
    try {
        header = nlohmann::json::parse(bytes.begin() + kPreamble, bytes.begin() + static_cast<long>(kPreamble + headerSize));
    } catch (const nlohmann::json::exception& e) {
        throw FileFormatError(path, std::string("the header is not valid JSON (corrupt file?): ") + e.what());
    }

    SavedModel saved;
    std::vector<std::pair<std::string, std::vector<int>>> tensorTable;
    try {
        for (const auto& t : header.at("tensors")) tensorTable.emplace_back(t.at("name").get<std::string>(), t.at("dims").get<std::vector<int>>());
        std::uint64_t expected = 0;
        for (const auto& [name, dims] : tensorTable) {
            std::uint64_t count = 1;
            for (int d : dims) {
                if (d < 1 || count > (std::uint64_t{1} << 40) / static_cast<std::uint64_t>(d))
                    throw FileFormatError(path, "tensor " + name + " has impossible dimensions");
                count *= static_cast<std::uint64_t>(d);
            }
            expected += count * sizeof(float);
        }
        // Optimizer arrays of a checkpoint follow the weights. Each must be as large as one
        // of the model's tensors, and there are at most three per tensor, so a header cannot
        // claim more memory than a few copies of the model it describes.
        std::vector<std::pair<std::string, std::uint64_t>> optimizerTable;
        if (header.contains("training_state")) {
            std::uint64_t largest = 0;
            for (const auto& [name, dims] : tensorTable) largest = std::max<std::uint64_t>(largest, static_cast<std::uint64_t>(shapeSize(dims)));
            for (const auto& a : header["training_state"].at("optimizer_arrays")) {
                const auto size = a.at("size").get<std::uint64_t>();
                if (size < 1 || size > largest || optimizerTable.size() >= 3 * tensorTable.size())
                    throw FileFormatError(path, "the optimizer state does not fit the model (array " + a.at("name").dump() + ")");
                optimizerTable.emplace_back(a.at("name").get<std::string>(), size);
                expected += size * sizeof(float);
            }
        }
        const std::uint64_t actual = bytes.size() - kPreamble - headerSize - 4;
        if (actual != expected)
            throw FileFormatError(path, (actual < expected ? "truncated: " : "corrupt: ") + std::string("the header lists ") +
                                            std::to_string(expected) + " bytes of weights but the file holds " + std::to_string(actual));
        if (crcOf(bytes.data(), bytes.size() - 4) != storedCrc)
            throw FileFormatError(path, "checksum mismatch: the file is corrupt");

        auto& meta = saved.metadata;
        const Shape input = header.at("input_shape").get<Shape>();
        meta.dataset = header.value("dataset", std::string());
        meta.task = header.at("task").get<std::string>() == "regression" ? Task::Regression : Task::Classification;
        meta.classNames = header.value("class_names", std::vector<std::string>{});
        meta.outputs = header.value("outputs", 1);
        meta.normalization = Normalization::fromJson(header.at("normalization"), shapeSize(input));
        meta.training = TrainingConfig::fromJson(header.value("training", nlohmann::json::object()));
        for (const auto& r : header.value("history", nlohmann::json::array())) meta.history.push_back(epochReportFromJson(r));
        if (header.contains("tabular_schema")) {
            meta.tabularSchema = header["tabular_schema"];
            if (TabularSchema::fromJson(meta.tabularSchema).featureWidth() != shapeSize(input))
                throw FileFormatError(path, "the tabular schema does not match the model's input size");
        }
        // The spec must ask for exactly the tensors the file holds before the model is built,
        // so a small file cannot make the loader allocate a large network.
        const auto planned = plannedTensors(header.at("spec"), input);
        if (planned.size() != tensorTable.size())
            throw FileFormatError(path, "the spec needs " + std::to_string(planned.size()) + " tensors but the file has " +
                                            std::to_string(tensorTable.size()));
        for (std::size_t i = 0; i < planned.size(); ++i)
            if (planned[i].name != tensorTable[i].first || planned[i].dims != tensorTable[i].second)
                throw FileFormatError(path, "tensor " + tensorTable[i].first + " " + shapeToString(tensorTable[i].second) +
                                                " does not match the spec's " + planned[i].name + " " +
                                                shapeToString(planned[i].dims));
        saved.model = std::make_unique<Model>(header.at("spec"), input, 0);
        auto tensors = saved.model->namedTensors();
        const char* cursor = bytes.data() + kPreamble + headerSize;
        for (std::size_t i = 0; i < tensors.size(); ++i) {
            auto& [name, tensor] = tensors[i];
            std::memcpy(tensor->data(), cursor, tensor->size() * sizeof(float));
            cursor += tensor->size() * sizeof(float);
        }
        if (state && header.contains("training_state")) {
            const auto& ts = header["training_state"];
            state->epochsDone = ts.at("epochs_done").get<int>();
            state->step = ts.at("step").get<long long>();
            state->optimizer.steps = ts.at("optimizer_steps").get<long>();
            state->history.clear();
            for (const auto& r : ts.value("history", nlohmann::json::array())) state->history.push_back(epochReportFromJson(r));
            state->optimizer.arrays.clear();
            for (const auto& [name, size] : optimizerTable) {
                Eigen::ArrayXf values(static_cast<Eigen::Index>(size));
                std::memcpy(values.data(), cursor, size * sizeof(float));
                cursor += size * sizeof(float);
                state->optimizer.arrays.emplace_back(name, std::move(values));
            }
            if (run) *run = ts.value("run", nlohmann::json());
        } else if (state) {
            throw FileFormatError(path, "a model file without training state, not a checkpoint; start a new run from it instead");
        }
    } catch (const FileFormatError&) {
        throw;
    } catch (const nlohmann::json::exception& e) {
        throw FileFormatError(path, std::string("the header is missing a field or has a wrong type: ") + e.what());
    } catch (const Error& e) {
        throw FileFormatError(path, e.what());
    }
    return saved;
}

}  // namespace

SavedModel loadModel(const std::string& path) { return readModelFile(path, nullptr, nullptr); }

Checkpoint loadCheckpoint(const std::string& path) {
    Checkpoint c;
    c.saved = readModelFile(path, &c.state, &c.run);
    return c;
}

}  // namespace nw
