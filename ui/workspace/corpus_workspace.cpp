// CorpusWorkspace: background loading with QtConcurrent and change notification.
#include "workspace/corpus_workspace.h"

#include "corpus/corpus_reader.h"

#include <QFile>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace cci::ui {

CorpusWorkspace::CorpusWorkspace(QObject* parent) : QObject(parent) {
    qRegisterMetaType<std::vector<cci::Problem>>("std::vector<cci::Problem>");
}

CorpusReadResult readCorpusAnyPath(const QString& path) {
    if (path.startsWith(QLatin1String(":/"))) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            CorpusReadResult r;
            r.problems.push_back(Problem{.file = path.toStdString(), .message = "cannot open bundled resource"});
            return r;
        }
        const QByteArray bytes = file.readAll();
        return readCorpus(std::string_view(bytes.constData(), std::size_t(bytes.size())), path.toStdString());
    }
    return readCorpusFile(path.toStdString());
}

QStringList CorpusWorkspace::demoCorpusPaths() {
    return {QStringLiteral(":/demo/demo_train.json"), QStringLiteral(":/demo/demo_dev.json"),
            QStringLiteral(":/demo/demo_test.json")};
}

bool CorpusWorkspace::isDemoPath(const QString& path) { return demoCorpusPaths().contains(path); }

void CorpusWorkspace::addLoaded(const QString& path, Corpus corpus) {
    const std::size_t items = corpus.samples.size();
    const std::vector<Problem> warnings = corpus.warnings;
    // The first real corpus replaces the synthetic demo opened on first start (its annotations are saved already;
    // File › Open Demo Corpus brings it back): mixing 230 synthetic items into the real ones skews every count.
    bool demoOnly = m_set.count() > 0 && !isDemoPath(path);
    for (std::size_t i = 0; demoOnly && i < m_set.count(); ++i)
        demoOnly = isDemoPath(QString::fromStdString(m_set.corpus(i).sourcePath));
    emit aboutToChange();
    if (demoOnly) m_set.clear();
    m_set.add(std::move(corpus));
    emit changed();
    if (demoOnly) emit demoClosed();
    emit loaded(path, items);
    if (!warnings.empty()) emit loadedWithWarnings(path, warnings);
}

std::vector<Problem> CorpusWorkspace::openFileNow(const QString& path) {
    CorpusReadResult r = readCorpusAnyPath(path);
    if (!r.ok()) return r.problems;
    addLoaded(path, std::move(r.corpus));
    return {};
}

void CorpusWorkspace::openFiles(const QStringList& paths) {
    if (paths.isEmpty()) return;
    // One background task per batch, so files are added in the order the user gave them.
    using Batch = std::vector<CorpusReadResult>;
    auto* watcher = new QFutureWatcher<Batch>(this);
    connect(watcher, &QFutureWatcher<Batch>::finished, this, [this, watcher, paths] {
        Batch results = watcher->result();
        watcher->deleteLater();
        for (qsizetype i = 0; i < paths.size(); ++i) {
            if (results[std::size_t(i)].ok())
                addLoaded(paths[i], std::move(results[std::size_t(i)].corpus));
            else
                emit loadFailed(paths[i], results[std::size_t(i)].problems);
        }
        if (--m_pending == 0) emit loadingChanged(false);
    });
    if (m_pending++ == 0) emit loadingChanged(true);
    watcher->setFuture(QtConcurrent::run([paths] {
        Batch out;
        for (const QString& path : paths) out.push_back(readCorpusAnyPath(path));
        return out;
    }));
}

void CorpusWorkspace::closeCorpus(std::size_t position) {
    emit aboutToChange();
    m_set.remove(position);
    emit changed();
}

void CorpusWorkspace::closeAll() {
    emit aboutToChange();
    m_set.clear();
    emit changed();
}

void CorpusWorkspace::setSplit(std::size_t position, Split split) {
    m_set.setSplit(position, split);
    emit splitChanged(position);
}

}  // namespace cci::ui
