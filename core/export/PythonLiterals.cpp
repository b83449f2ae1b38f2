#include "export/PythonLiterals.h"

#include <cmath>
#include <cstdio>

namespace nw {
using nlohmann::json;

namespace {

constexpr std::size_t kLineWidth = 100;

std::string flatLiteral(const LiteralJson& value) {
    if (value.is_null()) return "None";
    if (value.is_boolean()) return value.get<bool>() ? "True" : "False";
    if (value.is_number_float()) return pyFloat(value.get<double>());
    if (value.is_number()) return value.dump();
    if (value.is_string()) return pyString(value.get<std::string>());
    std::string out = value.is_array() ? "[" : "{";
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it, first = false) {
        if (!first) out += ", ";
        if (value.is_object()) out += pyString(it.key()) + ": ";
        out += flatLiteral(*it);
    }
    return out + (value.is_array() ? "]" : "}");
}

}  // namespace

// The shortest text that reads back as the same float32: what the engine computed with,
// without the noise of a double's 17 digits ("0.9", not "0.89999997615814209").
std::string pyFloat(double value) {
    if (std::isnan(value)) return "float(\"nan\")";
    if (std::isinf(value)) return value > 0 ? "float(\"inf\")" : "float(\"-inf\")";
    char text[32];
    for (int precision = 1; precision <= 9; ++precision) {
        std::snprintf(text, sizeof text, "%.*g", precision, value);
        if (static_cast<float>(std::strtod(text, nullptr)) == static_cast<float>(value)) break;
    }
    std::string out = text;
    if (out.find_first_of(".e") == std::string::npos) out += ".0";
    return out;
}

// A JSON string is a valid Python string literal.
std::string pyString(const std::string& text) {
    return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}


// A Python literal for a JSON value starting at `column` of a line indented by `indent`,
// broken over lines where it would pass kLineWidth: numbers packed, anything else one
// element per line.
std::string pyLiteral(const LiteralJson& value, std::size_t indent, std::size_t column) {
    std::string flat = flatLiteral(value);
    if (column + flat.size() <= kLineWidth || !value.is_structured() || value.empty()) return flat;
    const std::string inner(indent + 4, ' ');
    const bool numbers =
        value.is_array() && std::all_of(value.begin(), value.end(), [](const LiteralJson& v) { return v.is_number(); });
    std::string out = value.is_array() ? "[\n" : "{\n";
    if (numbers) {
        std::string line = inner;
        for (const auto& v : value) {
            const std::string item = flatLiteral(v) + ",";
            if (line.size() > inner.size() && line.size() + 1 + item.size() > kLineWidth) {
                out += line + "\n";
                line = inner;
            }
            line += (line.size() > inner.size() ? " " : "") + item;
        }
        out += line + "\n";
    } else {
        for (auto it = value.begin(); it != value.end(); ++it) {
            const std::string key = value.is_object() ? pyString(it.key()) + ": " : "";
            out += inner + key + pyLiteral(*it, indent + 4, inner.size() + key.size()) + ",\n";
        }
    }
    return out + std::string(indent, ' ') + (value.is_array() ? "]" : "}");
}

// `NAME = literal`, wrapped as needed.
std::string pyAssignment(const std::string& name, const LiteralJson& value) {
    return name + " = " + pyLiteral(value, 0, name.size() + 3) + "\n";
}

std::string pyTuple(const std::vector<int>& values) {
    std::string out = "(";
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + std::to_string(values[i]);
    return out + (values.size() == 1 ? ",)" : ")");
}

// A square size as one number, as a PyTorch user writes it; a (height, width) pair otherwise.
std::string pyPair(int height, int width) {
    return height == width ? std::to_string(height) : pyTuple({height, width});
}

// 118282 -> "118,282"
std::string grouped(std::int64_t count) {
    const std::string digits = std::to_string(count);
    std::string text;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        // A separator before every group of three counted from the right, not after a sign.
        if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) text += ',';
        text += digits[i];
    }
    return text;
}

// User text (a model or file name) inside the docstring.
std::string docText(std::string text) {
    for (char& c : text)
        if (c == '"' || c == '\\') c = '\'';
        else if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return text;
}

}  // namespace nw
