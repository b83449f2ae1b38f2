#pragma once
// Runs `action` and reports whether it threw an exception of type E whose message holds
// every given fragment; the message is printed when it does not, to make failures clear.
#include <QtTest>
#include <initializer_list>
#include <string>

namespace nw::testing {

template <typename E, typename F>
bool throwsWith(F&& action, std::initializer_list<const char*> fragments = {}) {
    try {
        action();
    } catch (const E& e) {
        const std::string message = e.what();
        for (const char* f : fragments)
            if (message.find(f) == std::string::npos) {
                qWarning("message \"%s\" lacks \"%s\"", message.c_str(), f);
                return false;
            }
        return true;
    } catch (const std::exception& e) {
        qWarning("unexpected exception type: %s", e.what());
        return false;
    }
    qWarning("no exception was thrown");
    return false;
}

}  // namespace nw::testing
