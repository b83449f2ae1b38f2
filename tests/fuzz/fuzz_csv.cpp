// libFuzzer target: arbitrary bytes as a CSV file through readCsvTable, loadCsvDataset (four
// option sets) and encodeCsvForSchema. Bad input must end in an nw::Error; a crash, a
// sanitizer report, any other exception or a broken invariant (abort) is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/Error.h"
#include "data/CsvDataset.h"

namespace {

// Per process: libFuzzer's -fork/-jobs modes run several of these side by side.
const std::string& tempPath() {
    // Never destroyed, so the exit handler that removes the file can still read it.
    static const std::string* path = [] {
        auto* p = new std::string("/tmp/netwright-fuzz-csv-" + std::to_string(getpid()) + ".csv");
        std::atexit([] { std::remove(tempPath().c_str()); });
        return p;
    }();
    return *path;
}

void writeFile(const std::string& path, const std::uint8_t* data, std::size_t size) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
}

void checkFraction(double f) {
    if (!(f >= 0.0 && f <= 1.0)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string& path = tempPath();
    writeFile(path, data, size);
    try {
        const nw::CsvTable table = nw::readCsvTable(path, checkFraction);
        if (table.header.empty() || table.rows.empty() || table.rows.size() != table.lines.size()) std::abort();
        for (const auto& row : table.rows)
            if (row.size() != table.header.size()) std::abort();
    } catch (const nw::Error&) {
    }

    nw::CsvOptions variants[4];
    variants[1].target = "0";
    variants[2].target = "0";
    variants[2].task = "classification";
    variants[2].missing = "mean";
    variants[3].missing = "drop";
    for (const nw::CsvOptions& options : variants) {
        try {
            const nw::Dataset d = nw::loadCsvDataset(path, options, checkFraction);
            // The schema survives the trip through the model file's JSON text.
            const auto schema = nw::TabularSchema::fromJson(nlohmann::json::parse(d.tabularSchema.dump()));
            if (d.train.empty() || d.sampleShape.size() != 1 ||
                static_cast<std::size_t>(d.sampleShape[0]) != schema.featureWidth() ||
                schema.featureNames().size() != schema.featureWidth())
                std::abort();
            if (d.task == nw::Task::Classification)
                for (float t : d.train.targets())
                    if (!(t >= 0.0f && t < static_cast<float>(d.classCount()))) std::abort();
            // Without dropped rows, predicting on the training file must reproduce the training encoding.
            if (options.missing != "drop") {
                const auto rows = nw::encodeCsvForSchema(path, schema);
                if (rows.size() != d.train.size()) std::abort();
                for (std::size_t i = 0; i < rows.size(); ++i)
                    if (rows[i].values != d.train.rawSample(i)) std::abort();
            }
        } catch (const nw::Error&) {
        }
    }
    return 0;
}
