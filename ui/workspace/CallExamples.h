#pragma once
#include <QString>
#include <vector>

#include "ExampleInput.h"

namespace nw::ui {

// Where and how a client reaches a served model.
struct CallTarget {
    QString host = "127.0.0.1";  // the address the server binds
    int restPort = 8501;
    int grpcPort = 8001;  // -1: no gRPC
    QString modelName;
    QString token;  // empty: none required
    Shape inputShape;
    ExampleInput input;  // empty: the commands say where the sample goes
};

// One command to copy into a terminal (or, for gRPC, a Python program).
struct CallExample {
    QString id;       // "health", "tfserving", "kserve", "grpc"
    QString title;
    QString command;  // runs as displayed in bash
    QString note;     // what it answers, or what it needs
};

// The address a client on this machine connects to: loopback for a wildcard bind, IPv6
// literals in brackets.
QString clientHost(const QString& boundHost);
// Text as one single-quoted shell word.
QString shellQuoted(const QString& text);

// The health probe, a TensorFlow Serving predict and a KServe v2 infer as curl commands
// carrying the example input (and the token), and a gRPC client in Python when gRPC is on.
std::vector<CallExample> callExamples(const CallTarget& target);

}  // namespace nw::ui
