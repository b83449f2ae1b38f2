#pragma once
#include <chrono>
#include <string>

namespace nw::cli {

// A one-line progress bar redrawn in place on stderr, at most ~10 times a second. Silent
// when disabled (stderr is not a terminal), so logs and pipes stay clean.
class ProgressBar {
public:
    ProgressBar(std::string label, bool enabled);
    ~ProgressBar();
    bool enabled() const { return enabled_; }
    void update(double fraction, const std::string& detail);
    // Clears the line.
    void finish();

private:
    std::string label_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point lastDraw_{};
};

}  // namespace nw::cli
