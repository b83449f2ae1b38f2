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

namespace nw {
namespace fs = std::filesystem;
namespace {

// One-hot encoding a column with more distinct texts than this is almost always an
// identifier or free text, and would silently blow the model's input up.
constexpr std::size_t kMaxCategories = 1000;
// The encoded matrix is held in memory as floats; beyond this (4 GiB) a CSV is not the
// right container and the allocation would likely fail anyway.
constexpr std::size_t kMaxEncodedValues = std::size_t{1} << 30;
constexpr std::size_t kProgressStride = std::size_t{1} << 16;

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

std::string delimiterName(char d) {
    return d == '\t' ? "tabs" : d == ';' ? "semicolons" : "commas";
}

std::string_view trimmedView(std::string_view s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string readWholeFile(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw FileFormatError(path, "no such file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileFormatError(path, "cannot open the file");
    std::string text;
    const auto size = fs::file_size(path, ec);
    if (!ec) text.reserve(static_cast<std::size_t>(size));
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (in.bad()) throw FileFormatError(path, "read error");
    return text;
}

// Length of the valid UTF-8 sequence starting at text[i] (a byte >= 0x80), or 0. Overlong
// forms, surrogates and code points above U+10FFFF are invalid (RFC 3629).
std::size_t utf8Length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    std::size_t n = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) low = 0xA0;
        if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) low = 0x90;
        if (c == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (i + n > text.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    return n;
}

// Counts unquoted delimiter candidates on the first line holding anything but blanks. As in
// the parser, a quote opens a quoted cell only at the start of a cell (after any candidate).
char detectDelimiter(std::string_view text) {
    std::size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false, content = false, cellStart = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') ++i;
                else quoted = false;
            }
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (content) break;
            comma = semicolon = tab = 0;
            cellStart = true;
            continue;
        }
        if (c == ',' || c == ';' || c == '\t') {
            ++(c == ',' ? comma : c == ';' ? semicolon : tab);
            cellStart = true;
            continue;
        }
        if (c == ' ') continue;
        content = true;
        if (c == '"' && cellStart) quoted = true;
        cellStart = false;
    }
    char best = ',';
    std::size_t most = comma;
    if (semicolon > most) best = ';', most = semicolon;
    if (tab > most) best = '\t';
    return best;
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

std::vector<std::string> checkedHeader(const std::string& path, std::vector<std::string> names, int line) {
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t c = 0; c < names.size(); ++c) {
        names[c] = std::string(trimmedView(names[c]));  // quoted names too: " x" is meant as x
        if (names[c].empty())
            throw FileFormatError(path, lineText(line) + ": column " + std::to_string(c + 1) + " of the header has no name");
        const auto [first, added] = seen.emplace(names[c], c);
        if (!added)
            throw FileFormatError(path, lineText(line) + ": columns " + std::to_string(first->second + 1) + " and " +
                                            std::to_string(c + 1) + " of the header are both named '" + names[c] +
                                            "'; column names must be unique");
    }
    return names;
}

}  // namespace

CsvTable readCsvTable(const std::string& path, const std::function<void(double)>& progress) {
    const std::string content = readWholeFile(path);
    std::string_view text = content;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

    CsvTable table;
    table.delimiter = detectDelimiter(text);
    const char delimiter = table.delimiter;
    const std::size_t n = text.size();

    enum class State { CellStart, Unquoted, Quoted, AfterQuote };
    State state = State::CellStart;
    int line = 1, recordLine = 1, quoteLine = 1;
    auto nextLine = [&] {
        if (line == std::numeric_limits<int>::max()) throw FileFormatError(path, "more than 2^31 lines");
        ++line;
    };
    std::vector<std::string> cells;
    std::string cell;
    bool cellQuoted = false, recordQuoted = false, haveHeader = false;

    auto endCell = [&] {
        cells.push_back(cellQuoted ? std::move(cell) : std::string(trimmedView(cell)));
        cell.clear();
        cellQuoted = false;
    };
    auto endRecord = [&] {
        endCell();
        // Spreadsheets export trailing rows of bare delimiters (",,,"): as blank as an empty line.
        const bool blank = !recordQuoted && std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return c.empty(); });
        if (!blank) {
            if (!haveHeader) {
                // Checked before any row, so a bad header is reported as such and not as a ragged row.
                table.header = checkedHeader(path, std::move(cells), recordLine);
                table.headerLine = recordLine;
                haveHeader = true;
            } else {
                if (cells.size() != table.header.size())
                    throw FileFormatError(path, lineText(recordLine) + " has " + std::to_string(cells.size()) +
                                                    " cells but the header has " + std::to_string(table.header.size()) +
                                                    " (cells are separated by " + delimiterName(delimiter) + ")");
                table.rows.push_back(std::move(cells));
                table.lines.push_back(recordLine);
            }
        }
        cells.clear();
        recordQuoted = false;
    };

    std::size_t nextReport = kProgressStride;
    std::size_t i = 0;
    while (i < n) {
        if (progress && i >= nextReport) {
            progress(static_cast<double>(i) / static_cast<double>(n));
            nextReport = i + kProgressStride;
        }
        const char c = text[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            const std::size_t length = utf8Length(text, i);
            if (length == 0) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(c));
                throw FileFormatError(path, lineText(line) + ": invalid UTF-8 (byte " + hex +
                                                "); save the file with UTF-8 encoding");
            }
            if (state == State::AfterQuote)
                throw FileFormatError(path, lineText(line) + ": text after the closing quote of column " +
                                                std::to_string(cells.size() + 1) +
                                                "; a quote inside a quoted cell is written twice (\"\")");
            if (state == State::CellStart) state = State::Unquoted;
            cell.append(text.substr(i, length));
            i += length;
            continue;
        }
        if (c == '\0') throw FileFormatError(path, lineText(line) + " holds a NUL byte; this does not look like a text file");

        if (state == State::Quoted) {
            if (c == '"') {
                if (i + 1 < n && text[i + 1] == '"') {
                    cell += '"';
                    i += 2;
                } else {
                    state = State::AfterQuote;
                    ++i;
                }
                continue;
            }
            if (c == '\n' || (c == '\r' && (i + 1 >= n || text[i + 1] != '\n'))) nextLine();
            cell += c;
            ++i;
            continue;
        }
        if (c == delimiter) {
            endCell();
            state = State::CellStart;
            ++i;
            continue;
        }
        if (c == '\n' || c == '\r') {
            endRecord();
            i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
            nextLine();
            recordLine = line;
            state = State::CellStart;
            continue;
        }
        if (state == State::CellStart) {
            if (c == ' ' || c == '\t') {
                ++i;
                continue;
            }
            if (c == '"') {
                state = State::Quoted;
                cellQuoted = recordQuoted = true;
                quoteLine = line;
                cell.clear();
                ++i;
                continue;
            }
            state = State::Unquoted;
        } else if (state == State::AfterQuote) {
            if (c == ' ' || c == '\t') {
                ++i;
                continue;
            }
            throw FileFormatError(path, lineText(line) + ": text after the closing quote of column " +
                                            std::to_string(cells.size() + 1) +
                                            "; a quote inside a quoted cell is written twice (\"\")");
        }
        // Unquoted: a stray quote mid-cell (5'10") is kept as text, as most spreadsheets do.
        cell += c;
        ++i;
    }
    if (state == State::Quoted)
        throw FileFormatError(path, lineText(quoteLine) + ": the quote opening column " + std::to_string(cells.size() + 1) +
                                        " is never closed");
    if (state != State::CellStart || !cells.empty() || cellQuoted) endRecord();

    if (!haveHeader) throw FileFormatError(path, "the file is empty (expected a header row, then data rows)");
    if (table.rows.empty())
        throw FileFormatError(path, "the header (" + lineText(table.headerLine) + ") has no data rows below it");
    if (progress) progress(1.0);
    return table;
}

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
