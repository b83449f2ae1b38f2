#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace nw {

// How the columns of a CSV file become a model's input features, so that predict encodes
// new rows exactly as training did. Stored in the model file (JSON).
struct TabularSchema {
    struct Column {
        std::string name;
        bool categorical = false;
        std::vector<std::string> categories;  // one-hot order, categorical columns only
        float fill = 0.0f;                    // replacement for a missing value (the mean, with --missing mean)
    };
    std::vector<Column> features;  // in file order, the target left out
    std::string target;            // target column name
    bool fillMissing = false;      // --missing mean: missing cells get `fill`; otherwise they are an error

    // Width of the encoded feature vector: 1 per numeric column, one per category otherwise.
    std::size_t featureWidth() const;
    // Names of the encoded features, e.g. "sepal_length", "colour=red".
    std::vector<std::string> featureNames() const;
    nlohmann::json toJson() const;
    static TabularSchema fromJson(const nlohmann::json& j);  // throws nw::Error on a malformed schema
};

}  // namespace nw
