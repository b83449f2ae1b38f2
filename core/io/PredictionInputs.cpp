#include "io/PredictionInputs.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "data/CsvDataset.h"

namespace nw {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> splitRow(const std::string& line) {
    const char sep = line.find('\t') != std::string::npos ? '\t' : (line.find(';') != std::string::npos ? ';' : ',');
    std::vector<std::string> cells;
    std::string cell;
    for (char c : line) {
        if (c == sep) {
            cells.push_back(cell);
            cell.clear();
        } else if (c != '\r' && c != '"') {
            cell.push_back(c);
        }
    }
    cells.push_back(cell);
    return cells;
}

bool parseNumber(const std::string& text, float& value) {
    std::size_t b = text.find_first_not_of(" \t");
    std::size_t e = text.find_last_not_of(" \t");
    if (b == std::string::npos) return false;
    const char* first = text.data() + b;
    const char* last = text.data() + e + 1;
    if (*first == '+') ++first;
    auto [ptr, ec] = std::from_chars(first, last, value);
    return ec == std::errc() && ptr == last && std::isfinite(value);
}

void readCsv(const std::string& path, std::size_t features, std::vector<PredictionInput>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileFormatError(path, "cannot open the file");
    std::string line;
    int lineNumber = 0;
    bool first = true;
    std::size_t rows = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (first && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 byte-order mark
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const auto cells = splitRow(line);
        PredictionInput sample{path + ":" + std::to_string(lineNumber), {}};
        sample.values.reserve(cells.size());
        bool numeric = true;
        std::size_t badColumn = 0;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            float v;
            if (!parseNumber(cells[c], v)) {
                numeric = false;
                badColumn = c + 1;
                break;
            }
            sample.values.push_back(v);
        }
        if (!numeric && first) {  // a header row
            first = false;
            continue;
        }
        first = false;
        if (!numeric)
            throw FileFormatError(path, "line " + std::to_string(lineNumber) + ", column " + std::to_string(badColumn) +
                                            ": '" + cells[badColumn - 1] + "' is not a finite number");
        if (sample.values.size() != features)
            throw FileFormatError(path, "line " + std::to_string(lineNumber) + " has " + std::to_string(sample.values.size()) +
                                            " values but the model takes " + std::to_string(features));
        out.push_back(std::move(sample));
        ++rows;
    }
    if (rows == 0) throw FileFormatError(path, "the file holds no data rows");
}

void readImage(const std::string& path, const Shape& shape, std::vector<PredictionInput>& out) {
    if (shape.size() != 3)
        throw FileFormatError(path, "the model takes " + shapeToString(shape) + " feature vectors, not images; pass a CSV file");
    const int channels = shape[0], height = shape[1], width = shape[2];
    if (channels != 1 && channels != 3)
        throw FileFormatError(path, "the model takes " + std::to_string(channels) + "-channel images; only 1 and 3 can be read");
    cv::Mat image;
    try {
        image = cv::imread(path, channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
    } catch (const cv::Exception& e) {
        throw FileFormatError(path, std::string("cannot decode the image: ") + e.what());
    }
    if (image.empty()) throw FileFormatError(path, "cannot decode the image (not a PNG, JPEG or BMP file, or damaged)");
    if (channels == 3) cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
    if (image.rows != height || image.cols != width)
        // The image-folder loader's rule, so a picture is prepared as training prepared it.
        cv::resize(image, image, cv::Size(width, height), 0, 0,
                   width <= image.cols && height <= image.rows ? cv::INTER_AREA : cv::INTER_LINEAR);
    PredictionInput sample{path, std::vector<float>(static_cast<std::size_t>(channels) * height * width)};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c)
                sample.values[(static_cast<std::size_t>(c) * height + y) * width + x] =
                    channels == 1 ? image.at<std::uint8_t>(y, x) : image.at<cv::Vec3b>(y, x)[c];
    out.push_back(std::move(sample));
}

}  // namespace

std::vector<PredictionInput> readPredictionInputs(const std::vector<std::string>& paths, const Shape& sampleShape,
                                                  const nlohmann::json& tabularSchema) {
    std::vector<PredictionInput> inputs;
    for (const auto& path : paths) {
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) throw FileFormatError(path, "no such file");
        std::string ext = fs::path(path).extension().string();
        for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const bool table = ext == ".csv" || ext == ".tsv" || ext == ".txt";
        if (table && !tabularSchema.is_null()) {
            for (auto& row : encodeCsvForSchema(path, TabularSchema::fromJson(tabularSchema)))
                inputs.push_back({path + ":" + std::to_string(row.line), std::move(row.values)});
        } else if (table) {
            readCsv(path, shapeSize(sampleShape), inputs);
        }
        else readImage(path, sampleShape, inputs);
    }
    return inputs;
}

}  // namespace nw
