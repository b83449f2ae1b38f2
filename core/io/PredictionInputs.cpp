#include "io/PredictionInputs.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/Error.h"
#include "data/CsvCells.h"
#include "data/CsvDataset.h"

namespace nw {
namespace fs = std::filesystem;
namespace {

// One sample per row, parsed by the same reader and number rules as CSV training data; the
// first line is a header unless every cell of it is a number.
void readCsv(const std::string& path, std::size_t features, std::vector<PredictionInput>& out) {
    CsvTable table = readCsvTable(path, {}, /*headerOnlyAllowed=*/true);
    float probe = 0.0f;
    if (std::all_of(table.header.begin(), table.header.end(),
                    [&](const std::string& cell) { return csv::parseNumber(cell, table.delimiter, probe); })) {
        table.rows.insert(table.rows.begin(), table.header);
        table.lines.insert(table.lines.begin(), table.headerLine);
    }
    if (table.rows.empty()) throw FileFormatError(path, "the file holds no data rows");
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& cells = table.rows[r];
        if (cells.size() != features)
            throw FileFormatError(path, csv::lineText(table.lines[r]) + " has " + std::to_string(cells.size()) +
                                            " values but the model takes " + std::to_string(features));
        PredictionInput sample{path + ":" + std::to_string(table.lines[r]), std::vector<float>(features)};
        for (std::size_t c = 0; c < features; ++c)
            if (!csv::parseNumber(cells[c], table.delimiter, sample.values[c]))
                throw FileFormatError(path, csv::lineText(table.lines[r]) + ", column " + std::to_string(c + 1) + ": " +
                                                csv::shown(cells[c]) + " is not a finite number");
        out.push_back(std::move(sample));
    }
}

void checkImageShape(const std::string& source, const Shape& shape) {
    if (shape.size() != 3)
        throw FileFormatError(source, "the model takes " + shapeToString(shape) + " feature vectors, not images; pass a CSV file");
    if (shape[0] != 1 && shape[0] != 3)
        throw FileFormatError(source, "the model takes " + std::to_string(shape[0]) + "-channel images; only 1 and 3 can be read");
}

// A decoded 8-bit image (gray, or BGR as OpenCV decodes it) as the model's raw input.
std::vector<float> sampleFromImage(cv::Mat image, const Shape& shape) {
    const int channels = shape[0], height = shape[1], width = shape[2];
    if (channels == 3) cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
    if (image.rows != height || image.cols != width)
        // The image-folder loader's rule, so a picture is prepared as training prepared it.
        cv::resize(image, image, cv::Size(width, height), 0, 0,
                   width <= image.cols && height <= image.rows ? cv::INTER_AREA : cv::INTER_LINEAR);
    std::vector<float> values(static_cast<std::size_t>(channels) * height * width);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c)
                values[(static_cast<std::size_t>(c) * height + y) * width + x] =
                    channels == 1 ? image.at<std::uint8_t>(y, x) : image.at<cv::Vec3b>(y, x)[c];
    return values;
}

void readImage(const std::string& path, const Shape& shape, std::vector<PredictionInput>& out) {
    checkImageShape(path, shape);
    cv::Mat image;
    try {
        image = cv::imread(path, shape[0] == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
    } catch (const cv::Exception& e) {
        throw FileFormatError(path, std::string("cannot decode the image: ") + e.what());
    }
    if (image.empty()) throw FileFormatError(path, "cannot decode the image (not a PNG, JPEG or BMP file, or damaged)");
    out.push_back({path, sampleFromImage(std::move(image), shape)});
}

}  // namespace

std::vector<float> decodeImageSample(const std::uint8_t* bytes, std::size_t size, const Shape& sampleShape,
                                     const std::string& source) {
    checkImageShape(source, sampleShape);
    if (size == 0) throw FileFormatError(source, "the image is empty");
    cv::Mat image;
    try {
        const cv::Mat encoded(1, static_cast<int>(std::min<std::size_t>(size, INT32_MAX)), CV_8UC1, const_cast<std::uint8_t*>(bytes));
        image = cv::imdecode(encoded, sampleShape[0] == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
    } catch (const cv::Exception& e) {
        throw FileFormatError(source, std::string("cannot decode the image: ") + e.what());
    }
    if (image.empty()) throw FileFormatError(source, "cannot decode the image (not a PNG, JPEG or BMP image, or damaged)");
    return sampleFromImage(std::move(image), sampleShape);
}

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
