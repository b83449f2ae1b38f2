#pragma once
#include <functional>
#include <string>
#include <vector>

#include "data/CsvReader.h"
#include "data/Dataset.h"
#include "data/TabularSchema.h"

namespace nw {

struct CsvOptions {
    std::string target;          // column name or 0-based index; empty: the last column
    std::string task = "auto";   // auto (text target: classification; numeric: regression), classification, regression
    std::string missing = "error";  // error, drop (rows with a missing cell), mean (numeric) / most frequent (categorical)
};

// A CSV file as a dataset: numeric columns stay numbers, text columns are one-hot encoded,
// the target becomes class indices (class names sorted: numeric order for numeric labels,
// text order otherwise) or regression values. Missing cells ("", "NA", "NaN", "?", "null")
// are an error naming line and column unless a policy is chosen. No test split; sample
// shape {featureWidth}; Dataset::tabularSchema holds the schema (with fill values computed
// on all rows: the trainer's per-feature normalization is fitted on the training split).
// Errors name the file, and the line and column (by number and header name) where relevant:
// a target that does not exist, a non-numeric cell in a numeric column (a column is numeric
// when every present cell parses as a finite number), a one-class target, and the above.
Dataset loadCsvDataset(const std::string& path, const CsvOptions& options,
                       const std::function<void(double)>& progress = {});

// Rows of a CSV file encoded for a model trained on `schema`: columns matched by header
// name (order may differ, extra columns and the target are ignored); an unknown category
// or a missing column is an error naming line and column. Each inner vector has
// schema.featureWidth() values.
struct EncodedRow {
    int line;
    std::vector<float> values;
};
std::vector<EncodedRow> encodeCsvForSchema(const std::string& path, const TabularSchema& schema);
std::vector<EncodedRow> encodeTableForSchema(const CsvTable& table, const std::string& path, const TabularSchema& schema);

// A CSV file (with the target column) encoded for an existing model, for evaluation: the
// features by its schema, the target mapped onto its class names (or read as values).
Dataset loadCsvForModel(const std::string& path, const TabularSchema& schema, Task task,
                        const std::vector<std::string>& classNames);

}  // namespace nw
