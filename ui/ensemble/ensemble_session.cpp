// EnsembleSession: background loading and analysis.
#include "ensemble/ensemble_session.h"
#include "error_message.h"

#include "corpus/corpus_writer.h"
#include "util/problem.h"
#include "workspace/corpus_workspace.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace cci::ui {
namespace {

// Qt resources (the bundled demo) are copied to a temporary folder, since core reads real files.
QString materialise(const QString& path, QTemporaryDir& dir) {
    if (!path.startsWith(QLatin1String(":/"))) return path;
    const QString copy = dir.filePath(path.section(QLatin1Char('/'), -1));
    QFile::remove(copy);
    QFile::copy(path, copy);
    return copy;
}

}  // namespace

EnsembleSession::EnsembleSession(QObject* parent) : QObject(parent) {
    connect(&m_loadWatcher, &QFutureWatcher<Loaded>::finished, this, [this] { install(m_loadWatcher.result()); });
    connect(&m_analysisWatcher, &QFutureWatcher<std::shared_ptr<ensemble::Analysis>>::finished, this, [this] {
        m_analysis = m_analysisWatcher.result();
        emit analysisChanged();
    });
}

EnsembleSession::~EnsembleSession() {
    m_loadWatcher.waitForFinished();
    m_analysisWatcher.waitForFinished();
}

EnsembleSession::Loaded EnsembleSession::readFiles(const QString& reference, const QStringList& predictions) {
    Loaded out;
    try {
        QTemporaryDir dir;
        std::vector<std::string> files;
        for (const QString& p : predictions) {
            files.push_back(materialise(p, dir).toStdString());
            const QString probs = p.left(p.size() - 5) + QStringLiteral(".probs.json");
            if (p.startsWith(QLatin1String(":/")) && QFile::exists(probs)) materialise(probs, dir);
        }
        out.reference = std::make_shared<Corpus>(ensemble::loadReference(materialise(reference, dir).toStdString()));
        out.reference->sourcePath = reference.toStdString();
        out.matrix = std::make_shared<ensemble::VoteMatrix>(ensemble::buildVoteMatrix(*out.reference, files));
        for (std::size_t k = 0; k < out.matrix->models(); ++k)
            out.matrix->modelFiles[k] = predictions[qsizetype(k)].toStdString();
    } catch (const Error& e) {
        out.error = errorMessage(e);
        return out;
    }
    try {
        out.heldOut = ensemble::heldOutFits(out.matrix->modelFiles);
    } catch (const Error& e) {
        out.heldOutProblem = errorMessage(e);
    }
    return out;
}

void EnsembleSession::load(const QString& reference, const QStringList& predictions) {
    m_loadWatcher.waitForFinished();
    m_loadWatcher.setFuture(QtConcurrent::run([reference, predictions] { return readFiles(reference, predictions); }));
}

void EnsembleSession::loadNow(const QString& reference, const QStringList& predictions) {
    const Loaded data = readFiles(reference, predictions);
    if (!data.error.isEmpty()) throw Error(data.error.toStdString());
    install(data);
    m_analysisWatcher.waitForFinished();
    m_analysis = m_analysisWatcher.result();
    emit analysisChanged();
}

void EnsembleSession::loadDemo() {
    QStringList preds;
    const QDir dir(QStringLiteral(":/demo/predictions"));
    for (const QString& f : dir.entryList({QStringLiteral("*_dev.json")}, QDir::Files, QDir::Name))
        if (!f.endsWith(QLatin1String(".probs.json"))) preds << dir.filePath(f);
    load(QStringLiteral(":/demo/demo_dev.json"), preds);
}

void EnsembleSession::install(Loaded data) {
    if (!data.error.isEmpty()) {
        emit failed(data.error);
        return;
    }
    m_reference = data.reference;
    m_matrix = data.matrix;
    m_members.resize(m_matrix->models());
    for (std::size_t k = 0; k < m_members.size(); ++k) m_members[k] = k;
    m_options = {};
    m_useHeldOut = false;
    m_heldOut = data.heldOut;
    m_heldOutProblem = data.heldOutProblem;
    m_modelStyles.assign(m_matrix->models(), QString());
    for (std::size_t k = 0; k < m_matrix->models(); ++k)
        m_modelStyles[k] =
            QSettings()
                .value(QStringLiteral("ensemble/styles/") + QString::fromStdString(m_matrix->modelFiles[k]))
                .toString();
    emit loaded();
    recompute();
}

QString EnsembleSession::modelStyle(std::size_t model) const {
    return model < m_modelStyles.size() ? m_modelStyles[model] : QString();
}

void EnsembleSession::setModelStyle(std::size_t model, const QString& style) {
    if (model >= m_modelStyles.size()) return;
    m_modelStyles[model] = style;
    QSettings().setValue(QStringLiteral("ensemble/styles/") + QString::fromStdString(m_matrix->modelFiles[model]),
                         style);
}

bool EnsembleSession::isMember(std::size_t model) const {
    return std::find(m_members.begin(), m_members.end(), model) != m_members.end();
}

void EnsembleSession::setMember(std::size_t model, bool on) {
    if (isMember(model) == on) return;
    if (on) {
        m_members.push_back(model);
        std::sort(m_members.begin(), m_members.end());  // voting order = file order
    } else {
        m_members.erase(std::find(m_members.begin(), m_members.end(), model));
    }
    recompute();
}

void EnsembleSession::setVoting(ensemble::VoteMethod method, bool heldOut) {
    m_options.method = method;
    m_useHeldOut = heldOut && hasHeldOut();
    m_options.temperatures.clear();
    m_options.weights.clear();
    if (m_useHeldOut) ensemble::applyHeldOut(m_options, m_heldOut);
    if (method == ensemble::VoteMethod::Weighted && m_options.weights.empty())
        m_options.method = ensemble::VoteMethod::Hard;  // no weights to vote with
    recompute();
}

void EnsembleSession::recompute() {
    m_analysis.reset();
    emit analysisChanged();
    if (!m_matrix || m_members.empty()) return;
    const auto matrix = m_matrix;
    const std::vector<std::size_t> members = m_members;
    ensemble::VoteOptions options = m_options;
    if (options.method == ensemble::VoteMethod::Soft && !matrix->allHaveProbabilities())
        options.method = ensemble::VoteMethod::Hard;
    m_analysisWatcher.setFuture(QtConcurrent::run([matrix, members, options] {
        return std::make_shared<ensemble::Analysis>(ensemble::analyze(*matrix, options, members));
    }));
}

ensemble::Analysis EnsembleSession::analysisForCategory(int category) const {
    ensemble::VoteOptions options = m_options;
    if (options.method == ensemble::VoteMethod::Soft && !m_matrix->allHaveProbabilities())
        options.method = ensemble::VoteMethod::Hard;
    if (category < 0) return ensemble::analyze(*m_matrix, options, m_members);
    const ensemble::VoteMatrix sub =
        ensemble::subsetItems(*m_matrix, [&](std::size_t i) { return m_matrix->category[i] == category; });
    return ensemble::analyze(sub, options, m_members);
}

void EnsembleSession::exportSubmission(const QString& path) const {
    if (!m_analysis) throw Error("the ensemble is still being computed");
    Corpus out = *m_reference;
    for (std::size_t i = 0; i < out.samples.size(); ++i)
        out.samples[i].output = std::string(kOutputKeys[std::size_t(m_analysis->ensemble.answer[i])]);
    saveCorpus(out, path.toStdString());
}

}  // namespace cci::ui
