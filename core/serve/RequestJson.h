#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace nw {

// Parses a request body; throws RequestError(400) with the byte position of a syntax error,
// and refuses nesting deeper than any tensor needs (a body of "[[[[..." would otherwise cost
// memory out of all proportion to its size).
nlohmann::json parseRequestJson(const std::string& body);

// Appends the numbers of a (possibly nested) JSON array in row-major order; throws
// RequestError(400) naming `what` for anything but numbers and booleans.
void appendNumbers(const nlohmann::json& value, std::vector<float>& out, const std::string& what);

// Strict standard base64 (RFC 4648, padding optional); throws RequestError(400) naming `what`.
std::string decodeBase64(const std::string& text, const std::string& what);

// {"error": message}, the error body both REST protocols use.
nlohmann::json errorBody(const std::string& message);

}  // namespace nw
