#include "data/CsvCells.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace nw::csv {

std::string lineText(int line) { return "line " + std::to_string(line); }

// A cell as it can be shown in a message: long or multi-line text would drown the rest.
std::string shown(std::string_view cell) {
    std::string out;
    for (std::size_t i = 0; i < cell.size(); ++i) {
        // Cut only at a character boundary (not inside a UTF-8 sequence).
        if (out.size() >= 40 && (static_cast<unsigned char>(cell[i]) & 0xC0) != 0x80) {
            out += "...";
            break;
        }
        if (cell[i] == '\n') out += "\\n";
        else if (cell[i] == '\r') out += "\\r";
        else out += cell[i];
    }
    return "'" + out + "'";
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    return out;
}

std::string columnText(std::size_t column, const std::string& name) {
    return "column " + std::to_string(column + 1) + " ('" + name + "')";
}

std::string_view trimmedView(std::string_view s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Number parsing shared by training and prediction so both read a cell the same way.
bool parseNumber(std::string_view cell, char delimiter, float& value) {
    cell = trimmedView(cell);
    if (cell.empty()) return false;
    if (cell.front() == '+') {
        cell.remove_prefix(1);
        if (cell.empty() || cell.front() == '+' || cell.front() == '-') return false;
    }
    // Spreadsheets in decimal-comma locales write "5,1" and pick ';' as the separator for
    // exactly that reason; only there can a comma be a decimal point.
    std::string decimal;
    if (delimiter == ';' && cell.find(',') != std::string_view::npos && cell.find('.') == std::string_view::npos &&
        std::count(cell.begin(), cell.end(), ',') == 1) {
        decimal.assign(cell);
        decimal[decimal.find(',')] = '.';
        cell = decimal;
    }
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value, std::chars_format::general);
    return ec == std::errc() && end == cell.data() + cell.size() && std::isfinite(value);
}

bool isMissing(std::string_view cell) {
    cell = trimmedView(cell);
    if (cell.empty() || cell == "?") return true;
    if (cell.size() > 4) return false;
    std::string lower(cell);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "na" || lower == "nan" || lower == "null";
}

std::string missingText(const std::string& cell) { return trimmedView(cell).empty() ? "empty" : shown(cell); }

}  // namespace nw::csv
