#include "data/CsvReader.h"

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

constexpr std::size_t kProgressStride = std::size_t{1} << 16;

std::string delimiterName(char d) {
    return d == '\t' ? "tabs" : d == ';' ? "semicolons" : "commas";
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

CsvTable readCsvTable(const std::string& path, const std::function<void(double)>& progress, bool headerOnlyAllowed) {
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
    if (table.rows.empty() && !headerOnlyAllowed)
        throw FileFormatError(path, "the header (" + lineText(table.headerLine) + ") has no data rows below it");
    if (progress) progress(1.0);
    return table;
}

}  // namespace nw
