#include "serve/RequestJson.h"

#include <openssl/evp.h>

#include "serve/ServeError.h"

namespace nw {
namespace {
constexpr int kMaxJsonDepth = 16;
}

nlohmann::json parseRequestJson(const std::string& body) {
    if (body.empty()) throw RequestError(400, "the request has no body; send a JSON object");
    try {
        return nlohmann::json::parse(body, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
            if (depth > kMaxJsonDepth)
                throw RequestError(400, "the JSON is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
            return true;
        });
    } catch (const nlohmann::json::parse_error& e) {
        throw RequestError(400, "the body is not valid JSON (at byte " + std::to_string(e.byte) + ")");
    }
}

void appendNumbers(const nlohmann::json& value, std::vector<float>& out, const std::string& what) {
    if (value.is_array()) {
        for (const auto& element : value) appendNumbers(element, out, what);
    } else if (value.is_number()) {
        out.push_back(value.get<float>());
    } else if (value.is_boolean()) {
        out.push_back(value.get<bool>() ? 1.0f : 0.0f);
    } else {
        throw RequestError(400, what + " holds " + std::string(value.type_name()) + " where numbers are expected");
    }
}

std::string decodeBase64(const std::string& text, const std::string& what) {
    // Line breaks are allowed, as `base64` wraps its output.
    std::string padded;
    padded.reserve(text.size() + 3);
    for (const char c : text)
        if (c != '\n' && c != '\r') padded += c;
    while (padded.size() % 4 != 0) padded += '=';
    std::string bytes(padded.size() / 4 * 3, '\0');
    const int written = padded.empty() ? 0
                                       : EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                                         reinterpret_cast<const unsigned char*>(padded.data()),
                                                         static_cast<int>(padded.size()));
    if (written < 0) throw RequestError(400, what + " is not valid base64");
    // EVP_DecodeBlock counts padding as zero bytes; they are not part of the data.
    std::size_t padding = 0;
    for (auto it = padded.rbegin(); it != padded.rend() && *it == '=' && padding < 2; ++it) ++padding;
    bytes.resize(static_cast<std::size_t>(written) - padding);
    return bytes;
}

nlohmann::json errorBody(const std::string& message) { return {{"error", message}}; }

}  // namespace nw
