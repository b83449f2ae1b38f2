#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/Tensor.h"

namespace nw {

// One raw (unnormalised) sample read for prediction, and where it came from.
struct PredictionInput {
    std::string source;  // "digits.csv:3" or "seven.png"
    std::vector<float> values;
};

// Reads samples for a model whose input is sampleShape. A .csv/.tsv/.txt file gives one
// sample per row (a non-numeric first row is taken as a header); any other file is decoded
// as an image through OpenCV, converted to the model's channel count and resized to its
// height and width. Throws FileFormatError naming the file, line and column.
// A model trained on a CSV file (non-null tabularSchema) reads CSV rows by column name and
// encodes them as training did.
std::vector<PredictionInput> readPredictionInputs(const std::vector<std::string>& paths, const Shape& sampleShape,
                                                  const nlohmann::json& tabularSchema = nullptr);

// Decodes an encoded image (PNG, JPEG, BMP) held in memory exactly as readPredictionInputs
// reads an image file; `source` names it in errors ("request instance 2").
std::vector<float> decodeImageSample(const std::uint8_t* bytes, std::size_t size, const Shape& sampleShape,
                                     const std::string& source);

}  // namespace nw
