#pragma once
// Runs the built netwright-cli (NETWRIGHT_CLI_PATH) and collects what it printed.
#include <QtTest>

namespace nw::testing {

struct Result {
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;

    QStringList outLines() const { return out.split('\n', Qt::SkipEmptyParts); }
    QString describe() const {
        return QString("exit %1%2\n--- stdout (tail) ---\n%3\n--- stderr ---\n%4")
            .arg(exitCode)
            .arg(crashed ? " (crashed)" : "")
            .arg(out.right(2000), err.right(2000));
    }
};

inline Result runCli(const QStringList& args, int timeoutMs = 120000) {
    QProcess p;
    p.setProgram(QStringLiteral(NETWRIGHT_CLI_PATH));
    p.setArguments(args);
    p.start();
    Result r;
    if (!p.waitForStarted(10000)) {
        r.err = "could not start " + QStringLiteral(NETWRIGHT_CLI_PATH) + ": " + p.errorString();
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = "timed out: " + args.join(' ');
        r.crashed = true;
        return r;
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

}  // namespace nw::testing
