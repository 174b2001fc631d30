// EnsembleSession: the prediction files under study (a reference file plus one file per model), the models
// ticked into the ensemble, the voting method, and the analysis for that choice — loaded and recomputed on
// background threads, announced by signals.
#pragma once

#include "corpus/corpus.h"
#include "ensemble/analysis.h"
#include "ensemble/held_out.h"
#include "ensemble/vote_matrix.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>

#include <memory>

namespace cci::ui {

class EnsembleSession : public QObject {
    Q_OBJECT
public:
    explicit EnsembleSession(QObject* parent = nullptr);
    ~EnsembleSession() override;

    // Loads in the background; `loaded` or `failed` follows. The reference supplies ids, categories and, when
    // labelled, gold answers (a Qt resource path is accepted for the bundled demo).
    void load(const QString& reference, const QStringList& predictions);
    void loadDemo();  // the bundled demo dev split and its five synthetic prediction files
    // Same, synchronously (tests). Throws cci::Error.
    void loadNow(const QString& reference, const QStringList& predictions);

    bool hasData() const { return m_matrix != nullptr; }
    const ensemble::VoteMatrix& matrix() const { return *m_matrix; }
    const Corpus& reference() const { return *m_reference; }
    const std::vector<std::size_t>& members() const { return m_members; }
    bool isMember(std::size_t model) const;
    void setMember(std::size_t model, bool on);
    ensemble::VoteMethod method() const { return m_options.method; }
    void setMethod(ensemble::VoteMethod method) { setVoting(method, false); }
    // With heldOut, soft voting calibrates each model and weighted voting weights it by its run's dev data
    // (ensemble/held_out.h); needs hasHeldOut().
    void setVoting(ensemble::VoteMethod method, bool heldOut);
    bool hasHeldOut() const { return !m_heldOut.empty(); }
    const std::vector<ensemble::HeldOutFit>& heldOutFits() const { return m_heldOut; }
    QString heldOutProblem() const { return m_heldOutProblem; }  // why there are no fits

    bool analysisReady() const { return m_analysis != nullptr; }
    const ensemble::Analysis& analysis() const { return *m_analysis; }
    // Analysis of one category's items (for the per-category heatmaps), computed on demand.
    ensemble::Analysis analysisForCategory(int category) const;

    // The prompt style each model was trained with (a bundled style name, or empty when unknown), remembered per
    // prediction file in the settings; the item pane shows each model's prompt.
    QString modelStyle(std::size_t model) const;
    void setModelStyle(std::size_t model, const QString& style);

    // Writes the reference with the current ensemble's answers, atomically. Throws cci::Error.
    void exportSubmission(const QString& path) const;

signals:
    void loaded();
    void failed(const QString& message);
    void analysisChanged();  // also emitted (with analysisReady() false) when a recomputation starts

private:
    struct Loaded {
        std::shared_ptr<Corpus> reference;
        std::shared_ptr<ensemble::VoteMatrix> matrix;
        std::vector<ensemble::HeldOutFit> heldOut;  // empty when some file has none
        QString heldOutProblem;
        QString error;
    };
    static Loaded readFiles(const QString& reference, const QStringList& predictions);
    void install(Loaded data);
    void recompute();

    std::shared_ptr<Corpus> m_reference;
    std::shared_ptr<ensemble::VoteMatrix> m_matrix;
    std::vector<std::size_t> m_members;
    ensemble::VoteOptions m_options;
    bool m_useHeldOut = false;
    std::vector<ensemble::HeldOutFit> m_heldOut;
    QString m_heldOutProblem;
    std::shared_ptr<ensemble::Analysis> m_analysis;
    QFutureWatcher<Loaded> m_loadWatcher;
    QFutureWatcher<std::shared_ptr<ensemble::Analysis>> m_analysisWatcher;
    std::vector<QString> m_modelStyles;
};

}  // namespace cci::ui
