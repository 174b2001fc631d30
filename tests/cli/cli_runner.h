// Runs the `cci` binary for CLI tests and captures exit code, stdout and stderr.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace cci::test {

struct CliRun {
    int code;
    QString out;
    QString err;
};

inline CliRun runCci(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(CCI_BINARY), args);
    p.waitForFinished(120000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

inline QString demoFile(const char* name) { return QStringLiteral(CCI_DEMO_DIR "/") + QLatin1String(name); }

}  // namespace cci::test
