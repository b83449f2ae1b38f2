#pragma once
#include <functional>
#include <string>
#include <vector>

namespace nw {

// A parsed delimited text file. Cells are raw text (quotes removed, "" unescaped).
struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<int> lines;  // 1-based line number of each row in the file
    char delimiter = ',';
    int headerLine = 1;  // 1-based line number of the header (blank lines before it are skipped)
};

// Reads a CSV with a header row: delimiter (comma, semicolon or tab) detected from the
// header, RFC 4180 quoting (quoted delimiters, doubled quotes, quoted newlines), UTF-8 with
// or without BOM, CRLF or LF. Throws FileFormatError naming the file and line for: an
// empty file, a header with no data rows, a row whose cell count differs from the
// header's, an unterminated quote, duplicate or empty header names, invalid UTF-8.
// headerOnlyAllowed: a file with a first line and nothing below it is returned as is (the
// caller may treat that line as data).
CsvTable readCsvTable(const std::string& path, const std::function<void(double)>& progress = {},
                      bool headerOnlyAllowed = false);

}  // namespace nw
