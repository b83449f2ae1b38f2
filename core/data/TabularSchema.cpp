#include "data/TabularSchema.h"

#include <cmath>
#include <limits>
#include <set>

#include "common/Error.h"

namespace nw {

// A categorical column's `fill` is the index (into `categories`) of the category a missing
// cell becomes: the most frequent one with --missing mean. Numeric columns fill with the mean.

std::size_t TabularSchema::featureWidth() const {
    std::size_t width = 0;
    for (const auto& c : features) width += c.categorical ? c.categories.size() : 1;
    return width;
}

std::vector<std::string> TabularSchema::featureNames() const {
    std::vector<std::string> names;
    names.reserve(featureWidth());
    for (const auto& c : features) {
        if (!c.categorical) {
            names.push_back(c.name);
            continue;
        }
        for (const auto& category : c.categories) names.push_back(c.name + "=" + category);
    }
    return names;
}

nlohmann::json TabularSchema::toJson() const {
    nlohmann::json columns = nlohmann::json::array();
    for (const auto& c : features) {
        nlohmann::json column = {{"name", c.name}, {"type", c.categorical ? "categorical" : "numeric"}, {"fill", c.fill}};
        if (c.categorical) column["categories"] = c.categories;
        columns.push_back(std::move(column));
    }
    return {{"target", target}, {"fillMissing", fillMissing}, {"features", std::move(columns)}};
}

TabularSchema TabularSchema::fromJson(const nlohmann::json& j) {
    auto fail = [](const std::string& problem) { throw Error("tabular schema: " + problem); };
    if (!j.is_object()) fail("expected a JSON object");
    TabularSchema schema;
    if (!j.contains("target") || !j["target"].is_string()) fail("'target' must be a string");
    schema.target = j["target"].get<std::string>();
    if (j.contains("fillMissing")) {
        if (!j["fillMissing"].is_boolean()) fail("'fillMissing' must be true or false");
        schema.fillMissing = j["fillMissing"].get<bool>();
    }
    if (!j.contains("features") || !j["features"].is_array()) fail("'features' must be an array");
    if (j["features"].empty()) fail("'features' is empty; a model needs at least one input column");
    std::set<std::string> seen;
    int index = 0;
    for (const auto& f : j["features"]) {
        ++index;
        const std::string where = "feature " + std::to_string(index);
        if (!f.is_object()) fail(where + " is not an object");
        Column c;
        if (!f.contains("name") || !f["name"].is_string() || f["name"].get<std::string>().empty())
            fail(where + ": 'name' must be a non-empty string");
        c.name = f["name"].get<std::string>();
        // Columns are matched by name when predicting, so two of one name would be ambiguous.
        if (!seen.insert(c.name).second) fail(where + ": the name '" + c.name + "' appears twice");
        if (!f.contains("type") || !f["type"].is_string()) fail(where + " ('" + c.name + "'): 'type' must be a string");
        const std::string type = f["type"].get<std::string>();
        if (type == "categorical") c.categorical = true;
        else if (type != "numeric")
            fail(where + " ('" + c.name + "'): type '" + type + "' is neither 'numeric' nor 'categorical'");
        if (f.contains("fill")) {
            if (!f["fill"].is_number()) fail(where + " ('" + c.name + "'): 'fill' must be a number");
            const double fill = f["fill"].get<double>();
            if (!std::isfinite(fill) || std::abs(fill) > std::numeric_limits<float>::max())
                fail(where + " ('" + c.name + "'): 'fill' is not a finite float");
            c.fill = static_cast<float>(fill);
        }
        if (c.categorical) {
            if (!f.contains("categories") || !f["categories"].is_array() || f["categories"].empty())
                fail(where + " ('" + c.name + "'): a categorical feature needs a non-empty 'categories' array");
            std::set<std::string> known;
            for (const auto& category : f["categories"]) {
                if (!category.is_string()) fail(where + " ('" + c.name + "'): every category must be a string");
                c.categories.push_back(category.get<std::string>());
                if (!known.insert(c.categories.back()).second)
                    fail(where + " ('" + c.name + "'): category '" + c.categories.back() + "' appears twice");
            }
            if (c.fill < 0.0f || c.fill != std::floor(c.fill) || c.fill >= static_cast<float>(c.categories.size()))
                fail(where + " ('" + c.name + "'): 'fill' must be the index of one of its " +
                     std::to_string(c.categories.size()) + " categories");
        } else if (f.contains("categories")) {
            fail(where + " ('" + c.name + "'): a numeric feature has no 'categories'");
        }
        schema.features.push_back(std::move(c));
    }
    return schema;
}

}  // namespace nw
