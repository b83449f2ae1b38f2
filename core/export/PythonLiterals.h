#pragma once
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace nw {

// Python source text for the values the PyTorch export writes into its script.

// Python literals keep the order in which the exporter sets keys (json sorts them).
using LiteralJson = nlohmann::ordered_json;

// The shortest text that reads back as the same float32 ("0.9", not "0.89999997615814209").
std::string pyFloat(double value);
// A JSON string is a valid Python string literal.
std::string pyString(const std::string& text);
// A literal for a JSON value starting at `column` of a line indented by `indent`, broken over
// lines where it would pass 100 columns: numbers packed, anything else one element per line.
std::string pyLiteral(const LiteralJson& value, std::size_t indent, std::size_t column);
// `NAME = literal`, wrapped as needed.
std::string pyAssignment(const std::string& name, const LiteralJson& value);
std::string pyTuple(const std::vector<int>& values);
// A square size as one number, as a PyTorch user writes it; a (height, width) pair otherwise.
std::string pyPair(int height, int width);
// 118282 -> "118,282"
std::string grouped(std::int64_t count);
// User text (a model or file name) made safe inside the docstring.
std::string docText(std::string text);

}  // namespace nw
