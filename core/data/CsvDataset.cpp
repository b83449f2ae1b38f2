#include "data/CsvDataset.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <string_view>
#include <unordered_map>

#include "common/Error.h"

#include "data/CsvCells.h"

namespace nw {
namespace fs = std::filesystem;
using namespace csv;
namespace {

// One-hot encoding a column with more distinct texts than this is almost always an
// identifier or free text, and would silently blow the model's input up.
constexpr std::size_t kMaxCategories = 1000;
// The encoded matrix is held in memory as floats; beyond this (4 GiB) a CSV is not the
// right container and the allocation would likely fail anyway.
constexpr std::size_t kMaxEncodedValues = std::size_t{1} << 30;

void checkOptions(const CsvOptions& options) {
    if (options.task != "auto" && options.task != "classification" && options.task != "regression")
        throw Error("unknown task '" + options.task + "' (expected auto, classification or regression)");
    if (options.missing != "error" && options.missing != "drop" && options.missing != "mean")
        throw Error("unknown missing-value policy '" + options.missing + "' (expected error, drop or mean)");
}

std::size_t resolveTarget(const std::string& path, const CsvTable& table, const std::string& target) {
    const auto& header = table.header;
    if (target.empty()) return header.size() - 1;
    const auto byName = std::find(header.begin(), header.end(), target);
    if (byName != header.end()) return static_cast<std::size_t>(byName - header.begin());
    const bool digits = target.size() <= 9 && std::all_of(target.begin(), target.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) {
        const std::size_t index = std::stoul(target);
        if (index < header.size()) return index;
        throw FileFormatError(path, "target column index " + target + " is out of range: the file has " +
                                        std::to_string(header.size()) + " columns (0 to " +
                                        std::to_string(header.size() - 1) + "): " + joined(header));
    }
    throw FileFormatError(path, "target column '" + target + "' does not exist; the columns are: " + joined(header) +
                                    " (or give a 0-based column index)");
}

}  // namespace

Dataset loadCsvDataset(const std::string& path, const CsvOptions& options, const std::function<void(double)>& progress) {
    checkOptions(options);
    const CsvTable table = readCsvTable(path, [&](double f) { if (progress) progress(0.8 * f); });
    const auto& header = table.header;
    const std::size_t columns = header.size();
    if (columns < 2)
        throw FileFormatError(path, "the file has a single column ('" + header[0] +
                                        "'); a dataset needs at least one feature column besides the target");
    const std::size_t target = resolveTarget(path, table, options.target);
    const std::string& targetName = header[target];

    // Rows kept under the missing-value policy.
    std::vector<std::size_t> kept;
    kept.reserve(table.rows.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        bool any = false;
        for (std::size_t c = 0; c < columns; ++c) {
            const std::string& cell = table.rows[r][c];
            if (!isMissing(cell)) continue;
            const std::string where = lineText(table.lines[r]) + ", " + columnText(c, header[c]);
            if (options.missing == "error")
                throw FileFormatError(path, where + ": the value is missing (" + missingText(cell) +
                                                "); use --missing drop to skip rows with missing cells or --missing mean "
                                                "to fill them (mean, or most frequent category)");
            if (options.missing == "mean" && c == target)
                throw FileFormatError(path, where + ": the target is missing (" + missingText(cell) +
                                                "); --missing mean fills features only, use --missing drop to skip such rows");
            any = true;
        }
        if (!(any && options.missing == "drop")) kept.push_back(r);
    }
    if (kept.empty())
        throw FileFormatError(path, "every one of the " + std::to_string(table.rows.size()) +
                                        " rows has a missing cell, so --missing drop leaves no data");

    // Column types over the kept rows. parsed[c][k]: the number in kept row k (NaN if missing).
    std::vector<bool> numeric(columns);
    std::vector<std::vector<float>> parsed(columns);
    for (std::size_t c = 0; c < columns; ++c) {
        std::size_t present = 0, numbers = 0, firstBad = kept.size();
        parsed[c].assign(kept.size(), std::nanf(""));
        for (std::size_t k = 0; k < kept.size(); ++k) {
            const std::string& cell = table.rows[kept[k]][c];
            if (isMissing(cell)) continue;
            ++present;
            if (parseNumber(cell, table.delimiter, parsed[c][k])) ++numbers;
            else if (firstBad == kept.size()) firstBad = k;
        }
        if (present == 0)
            throw FileFormatError(path, columnText(c, header[c]) + " has no value in any row; remove the column");
        numeric[c] = numbers == present;
        // A column that is almost all numbers holds a typo, not categories: one-hot encoding it
        // would quietly turn every number into its own category.
        if (!numeric[c] && numbers * 10 >= present * 9)
            throw FileFormatError(path, lineText(table.lines[kept[firstBad]]) + ", " + columnText(c, header[c]) + ": " +
                                            shown(table.rows[kept[firstBad]][c]) + " is not a finite number, but " +
                                            std::to_string(numbers) + " of the column's " + std::to_string(present) +
                                            " cells are; correct the cell or leave it empty to mark it missing");
    }

    Dataset d;
    d.name = fs::path(path).stem().string();
    const bool classification = options.task == "classification" || (options.task == "auto" && !numeric[target]);
    std::vector<float> targets(kept.size());
    if (!classification) {
        if (!numeric[target]) {
            std::size_t k = 0;
            float unused;
            while (k + 1 < kept.size() && parseNumber(table.rows[kept[k]][target], table.delimiter, unused)) ++k;
            throw FileFormatError(path, "the target " + columnText(target, targetName) + " holds text (" +
                                            lineText(table.lines[kept[k]]) + ": " + shown(table.rows[kept[k]][target]) +
                                            "), so it cannot be a regression target; use --task classification");
        }
        d.task = Task::Regression;
        d.outputs = 1;
        targets = parsed[target];
    } else {
        d.task = Task::Classification;
        if (numeric[target]) {
            // Numeric labels in numeric order ("2" before "10"), each named as first written.
            std::map<float, std::string> classes;
            for (std::size_t k = 0; k < kept.size(); ++k)
                classes.try_emplace(parsed[target][k], std::string(trimmedView(table.rows[kept[k]][target])));
            std::map<float, float> index;
            for (const auto& [value, name] : classes) {
                index.emplace(value, static_cast<float>(d.classNames.size()));
                d.classNames.push_back(name);
            }
            for (std::size_t k = 0; k < kept.size(); ++k) targets[k] = index.at(parsed[target][k]);
        } else {
            std::map<std::string, float> index;
            for (std::size_t r : kept) index.emplace(table.rows[r][target], 0.0f);
            for (auto& [name, position] : index) {
                position = static_cast<float>(d.classNames.size());
                d.classNames.push_back(name);
            }
            for (std::size_t k = 0; k < kept.size(); ++k) targets[k] = index.at(table.rows[kept[k]][target]);
        }
        if (d.classNames.size() < 2)
            throw FileFormatError(path, "the target " + columnText(target, targetName) + " has only one class ('" +
                                            d.classNames.front() + "'); classification needs at least two");
    }

    TabularSchema schema;
    schema.target = targetName;
    schema.fillMissing = options.missing == "mean";
    for (std::size_t c = 0; c < columns; ++c) {
        if (c == target) continue;
        TabularSchema::Column column;
        column.name = header[c];
        if (numeric[c]) {
            double sum = 0.0;
            std::size_t count = 0;
            for (float v : parsed[c])
                if (!std::isnan(v)) sum += v, ++count;
            column.fill = static_cast<float>(sum / static_cast<double>(count));
        } else {
            column.categorical = true;
            std::map<std::string, std::size_t> counts;
            for (std::size_t r : kept)
                if (!isMissing(table.rows[r][c])) ++counts[table.rows[r][c]];
            if (counts.size() > kMaxCategories)
                throw FileFormatError(path, columnText(c, header[c]) + " holds " + std::to_string(counts.size()) +
                                                " distinct text values; one-hot encoding allows at most " +
                                                std::to_string(kMaxCategories) +
                                                " (an identifier or free-text column should be removed)");
            std::size_t most = 0;
            for (const auto& [category, count] : counts) {
                if (count > most) {
                    most = count;
                    column.fill = static_cast<float>(column.categories.size());
                }
                column.categories.push_back(category);
            }
        }
        schema.features.push_back(std::move(column));
    }

    const std::size_t width = schema.featureWidth();
    if (width > kMaxEncodedValues / kept.size())
        throw FileFormatError(path, "encoding " + std::to_string(kept.size()) + " rows of " + std::to_string(width) +
                                        " features would need more than 2^30 values; reduce the categorical columns");
    std::vector<float> values;
    values.reserve(kept.size() * width);
    for (std::size_t k = 0; k < kept.size(); ++k) {
        std::size_t f = 0;
        for (std::size_t c = 0; c < columns; ++c) {
            if (c == target) continue;
            const TabularSchema::Column& column = schema.features[f++];
            if (!column.categorical) {
                const float v = parsed[c][k];
                values.push_back(std::isnan(v) ? column.fill : v);
                continue;
            }
            const std::string& cell = table.rows[kept[k]][c];
            const std::size_t hot =
                isMissing(cell) ? static_cast<std::size_t>(column.fill)
                                : static_cast<std::size_t>(std::lower_bound(column.categories.begin(), column.categories.end(), cell) -
                                                           column.categories.begin());
            for (std::size_t j = 0; j < column.categories.size(); ++j) values.push_back(j == hot ? 1.0f : 0.0f);
        }
        if (progress && k % 4096 == 0) progress(0.8 + 0.2 * static_cast<double>(k) / static_cast<double>(kept.size()));
    }

    d.sampleShape = {static_cast<int>(width)};
    d.train = SampleSet(d.sampleShape, std::move(values), std::move(targets), 1);
    d.normalization = Normalization::identity();
    d.tabularSchema = schema.toJson();
    d.preferredNormalization = NormalizationKind::PerFeature;
    if (progress) progress(1.0);
    return d;
}

std::vector<EncodedRow> encodeCsvForSchema(const std::string& path, const TabularSchema& schema) {
    return encodeTableForSchema(readCsvTable(path), path, schema);
}

std::vector<EncodedRow> encodeTableForSchema(const CsvTable& table, const std::string& path, const TabularSchema& schema) {
    const auto& header = table.header;
    std::vector<std::size_t> source;
    std::vector<std::unordered_map<std::string, std::size_t>> lookup(schema.features.size());
    for (std::size_t f = 0; f < schema.features.size(); ++f) {
        const auto& column = schema.features[f];
        const auto found = std::find(header.begin(), header.end(), column.name);
        if (found == header.end())
            throw FileFormatError(path, lineText(table.headerLine) + ": the header has no column '" + column.name +
                                            "', which the model was trained on; the columns are: " + joined(header));
        source.push_back(static_cast<std::size_t>(found - header.begin()));
        for (std::size_t j = 0; j < column.categories.size(); ++j) lookup[f].emplace(column.categories[j], j);
    }

    const std::size_t width = schema.featureWidth();
    std::vector<EncodedRow> out;
    out.reserve(table.rows.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        EncodedRow row{table.lines[r], {}};
        row.values.reserve(width);
        for (std::size_t f = 0; f < schema.features.size(); ++f) {
            const auto& column = schema.features[f];
            const std::size_t c = source[f];
            const std::string& cell = table.rows[r][c];
            const std::string where = lineText(table.lines[r]) + ", " + columnText(c, header[c]);
            const bool missing = isMissing(cell);
            if (missing && !schema.fillMissing)
                throw FileFormatError(path, where + ": the value is missing (" + missingText(cell) +
                                                "); the model was trained without --missing mean, so it has no fill value");
            if (!column.categorical) {
                float v = column.fill;
                if (!missing && !parseNumber(cell, table.delimiter, v))
                    throw FileFormatError(path, where + ": " + shown(cell) + " is not a finite number");
                row.values.push_back(v);
                continue;
            }
            std::size_t hot = static_cast<std::size_t>(column.fill);
            if (!missing) {
                const auto found = lookup[f].find(cell);
                if (found == lookup[f].end())
                    throw FileFormatError(path, where + ": unknown category " + shown(cell) +
                                                    "; the model knows: " + joined(column.categories));
                hot = found->second;
            }
            for (std::size_t j = 0; j < column.categories.size(); ++j) row.values.push_back(j == hot ? 1.0f : 0.0f);
        }
        out.push_back(std::move(row));
    }
    return out;
}

Dataset loadCsvForModel(const std::string& path, const TabularSchema& schema, Task task,
                        const std::vector<std::string>& classNames) {
    const CsvTable table = readCsvTable(path);
    const auto found = std::find(table.header.begin(), table.header.end(), schema.target);
    if (found == table.header.end())
        throw FileFormatError(path, lineText(table.headerLine) + ": the header has no target column '" + schema.target +
                                        "'; the columns are: " + joined(table.header));
    const std::size_t target = static_cast<std::size_t>(found - table.header.begin());
    auto rows = encodeTableForSchema(table, path, schema);
    std::vector<float> values, targets;
    values.reserve(rows.size() * schema.featureWidth());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::string& cell = table.rows[r][target];
        const std::string where = lineText(table.lines[r]) + ", " + columnText(target, schema.target);
        if (task == Task::Classification) {
            const auto known = std::find(classNames.begin(), classNames.end(), cell);
            if (known == classNames.end())
                throw FileFormatError(path, where + ": class " + shown(cell) + " is not one the model knows (" +
                                                joined(classNames) + ")");
            targets.push_back(static_cast<float>(known - classNames.begin()));
        } else {
            float v = 0.0f;
            if (!parseNumber(cell, table.delimiter, v)) throw FileFormatError(path, where + ": " + shown(cell) + " is not a finite number");
            targets.push_back(v);
        }
        values.insert(values.end(), rows[r].values.begin(), rows[r].values.end());
    }
    Dataset d;
    d.name = std::filesystem::path(path).stem().string();
    d.task = task;
    d.classNames = classNames;
    d.outputs = 1;
    d.sampleShape = {static_cast<int>(schema.featureWidth())};
    d.train = SampleSet(d.sampleShape, std::move(values), std::move(targets), 1);
    d.tabularSchema = schema.toJson();
    d.preferredNormalization = NormalizationKind::PerFeature;
    return d;
}

}  // namespace nw
