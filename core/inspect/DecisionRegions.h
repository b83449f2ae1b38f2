#pragma once
#include <vector>

#include "data/Dataset.h"
#include "nn/Model.h"

namespace nw {

// What a classifier of 2-D points predicts over a rectangle of raw input space, sampled on
// a width × height grid (row 0 at yMax, so it draws top-down like an image). Each cell is
// sampled at its centre: column j at x = xMin + (j + ½)(xMax − xMin)/width.
struct RegionGrid {
    int width = 0, height = 0;
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    std::vector<int> classes;       // predicted class per cell
    std::vector<float> confidence;  // probability of that class
};

RegionGrid decisionRegions(Model& model, const Normalization& normalization, double xMin, double xMax, double yMin,
                           double yMax, int width, int height);

// Outputs of a one-input regression model at `points` raw inputs evenly spread over
// [xMin, xMax] (the fitted line or curve); first output column.
std::vector<float> regressionCurve(Model& model, const Normalization& normalization, double xMin, double xMax, int points);

}  // namespace nw
