#pragma once
// Image files written byte by byte (BMP, and PNG through zlib), so tests can make image
// folders without the library under test.
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <vector>

#include "common/Random.h"

namespace nw::testing {

namespace fs = std::filesystem;

// An 8-bit image in memory: channels 1 (gray) or 3 (RGB), row-major, interleaved.
struct Image {
    int width = 0, height = 0, channels = 1;
    std::vector<std::uint8_t> pixels;

    std::uint8_t at(int x, int y, int c = 0) const { return pixels[(static_cast<std::size_t>(y) * width + x) * channels + c]; }
};

inline Image gray(int width, int height, std::uint8_t value) {
    return {width, height, 1, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height, value)};
}

// Every pixel different (mod 256), so a flipped or shifted image cannot pass for the original.
inline Image grayPattern(int width, int height) {
    Image image = gray(width, height, 0);
    for (int i = 0; i < width * height; ++i) image.pixels[i] = static_cast<std::uint8_t>(17 + i * 7);
    return image;
}

inline Image colour(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    Image image{width, height, 3, {}};
    for (int i = 0; i < width * height; ++i) image.pixels.insert(image.pixels.end(), {r, g, b});
    return image;
}

inline void writeFile(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline void putLe(std::vector<std::uint8_t>& out, std::uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

inline void putBe(std::vector<std::uint8_t>& out, std::uint32_t value) {
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

// 8-bit paletted (gray palette) for one channel, 24-bit BGR for three; rows bottom-up, each
// padded to a multiple of 4 bytes.
inline void writeBmp(const fs::path& path, const Image& image) {
    const int bytesPerPixel = image.channels;
    const int stride = (image.width * bytesPerPixel + 3) / 4 * 4;
    const std::uint32_t palette = image.channels == 1 ? 256 * 4 : 0;
    const std::uint32_t offset = 14 + 40 + palette, dataSize = static_cast<std::uint32_t>(stride) * image.height;
    std::vector<std::uint8_t> out{'B', 'M'};
    putLe(out, offset + dataSize, 4);
    putLe(out, 0, 4);
    putLe(out, offset, 4);
    putLe(out, 40, 4);
    putLe(out, static_cast<std::uint32_t>(image.width), 4);
    putLe(out, static_cast<std::uint32_t>(image.height), 4);
    putLe(out, 1, 2);
    putLe(out, static_cast<std::uint32_t>(8 * bytesPerPixel), 2);
    putLe(out, 0, 4);
    putLe(out, dataSize, 4);
    putLe(out, 2835, 4);
    putLe(out, 2835, 4);
    putLe(out, image.channels == 1 ? 256 : 0, 4);
    putLe(out, 0, 4);
    for (std::uint32_t i = 0; image.channels == 1 && i < 256; ++i) out.insert(out.end(), {std::uint8_t(i), std::uint8_t(i), std::uint8_t(i), 0});
    for (int y = image.height - 1; y >= 0; --y) {
        const std::size_t start = out.size();
        for (int x = 0; x < image.width; ++x) {
            if (image.channels == 1) out.push_back(image.at(x, y));
            else out.insert(out.end(), {image.at(x, y, 2), image.at(x, y, 1), image.at(x, y, 0)});
        }
        out.resize(start + stride, 0);
    }
    writeFile(path, out);
}

inline void pngChunk(std::vector<std::uint8_t>& out, const char* type, const std::vector<std::uint8_t>& data) {
    putBe(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    putBe(out, static_cast<std::uint32_t>(crc32(0, out.data() + start, static_cast<uInt>(out.size() - start))));
}

// A minimal PNG: 8-bit gray or RGB, no interlace, every row with filter 0.
inline void writePng(const fs::path& path, const Image& image) {
    std::vector<std::uint8_t> out{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<std::uint8_t> header;
    putBe(header, static_cast<std::uint32_t>(image.width));
    putBe(header, static_cast<std::uint32_t>(image.height));
    header.insert(header.end(), {8, std::uint8_t(image.channels == 1 ? 0 : 2), 0, 0, 0});
    pngChunk(out, "IHDR", header);
    std::vector<std::uint8_t> raw;
    const std::size_t row = static_cast<std::size_t>(image.width) * image.channels;
    for (int y = 0; y < image.height; ++y) {
        raw.push_back(0);
        raw.insert(raw.end(), image.pixels.begin() + y * row, image.pixels.begin() + (y + 1) * row);
    }
    uLongf size = compressBound(static_cast<uLong>(raw.size()));
    std::vector<std::uint8_t> packed(size);
    QCOMPARE(compress(packed.data(), &size, raw.data(), static_cast<uLong>(raw.size())), Z_OK);
    packed.resize(size);
    pngChunk(out, "IDAT", packed);
    pngChunk(out, "IEND", {});
    writeFile(path, out);
}

inline void writeJunk(const fs::path& path, std::uint64_t seed = 9) {
    Random random(seed);
    std::vector<std::uint8_t> bytes(300);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(random.below(256));
    writeFile(path, bytes);
}

// The values of plane c of sample i of a byte set.

}  // namespace nw::testing
