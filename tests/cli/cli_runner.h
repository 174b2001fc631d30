// Runs the `cci` binary for CLI tests and captures exit code, stdout and stderr.
#pragma once

#include "corpus/corpus_reader.h"
#include "model/tiny_model.h"

#include <QProcess>
#include <QString>
#include <QStringList>

namespace cci::test {

struct CliRun {
    int code;
    QString out;
    QString err;
    bool crashed = false;  // ended by a signal (code is then meaningless)
};

// `cci ARGS` with extra environment variables ("NAME=VALUE") and `input` on its standard input.
inline CliRun runCciWith(const QStringList& args, const QStringList& environment, const QByteArray& input = {}) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& kv : environment) env.insert(kv.section('=', 0, 0), kv.section('=', 1));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CCI_BINARY), args);
    if (!input.isEmpty()) p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()),
            p.exitStatus() == QProcess::CrashExit};
}

inline CliRun runCci(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(CCI_BINARY), args);
    p.waitForFinished(120000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

inline QString demoFile(const char* name) { return QStringLiteral(CCI_DEMO_DIR "/") + QLatin1String(name); }

// `cci train` of the CLI tests: the small model on the demo dev split, rank-2 LoRA at lr 5e-3, quiet, then the
// test's own flags (epochs, accumulation, checkpoints, --out, ...).
inline QStringList smallTrainArgs(const QString& model, const QStringList& flags) {
    return QStringList{"train",    "--model", model,  "--train", demoFile("demo_dev.json"),
                       "--lora-r", "2",       "--lr", "5e-3",    "--quiet"} +
           flags;
}

// A tiny random model (hidden 32) whose vocabulary is the demo dev split's characters: quick to train.
inline void makeSmallModel(const QString& folder) {
    cci::model::TinyModelSpec spec;
    spec.hidden = 32;
    spec.intermediate = 64;
    cci::model::makeTinyModel(folder.toStdString(), {cci::loadCorpus(demoFile("demo_dev.json").toStdString())}, spec);
}

}  // namespace cci::test
