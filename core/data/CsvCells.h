#pragma once
// Small text helpers shared by the CSV reader, the dataset builder and prediction, so that
// every message names a place the same way and every cell is read the same way.
#include <string>
#include <string_view>
#include <vector>

namespace nw::csv {

std::string lineText(int line);                                  // "line 7"
std::string columnText(std::size_t column, const std::string& name);  // "column 3 ('age')"
// A cell as it can be shown in a message (quoted, shortened, newlines escaped).
std::string shown(std::string_view cell);
std::string joined(const std::vector<std::string>& names);      // "a, b, c"
std::string_view trimmedView(std::string_view s);
// A finite number, allowing a decimal comma in semicolon-separated files.
bool parseNumber(std::string_view cell, char delimiter, float& value);
// Empty, "?", "NA", "NaN" or "null" (any case).
bool isMissing(std::string_view cell);
std::string missingText(const std::string& cell);                // "empty" or the shown cell

}  // namespace nw::csv
