// StatsView (see stats_view.h). Numbers come from core/stats, charts from charts/.
#include "stats/stats_view.h"
#include "error_message.h"

#include "charts/word_cloud.h"
#include "prompt/prompt_style.h"
#include "refine/refiner.h"
#include "tokenizer/load_tokenizer.h"
#include "util/atomic_write.h"
#include "util/problem.h"
#include "workspace/corpus_workspace.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolTip>

#include <cmath>

namespace cci::ui {

namespace {

constexpr charts::EdaChart kCharts[] = {charts::EdaChart::Categories, charts::EdaChart::Outputs,
                                        charts::EdaChart::Turns, charts::EdaChart::TotalLength};

std::set<std::string> parseStopWords(const QString& text) {
    std::set<std::string> words;
    for (const QString& w : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString t = w.trimmed();
        if (!t.isEmpty()) words.insert(t.toStdString());
    }
    return words;
}

QString defaultStopWordText() {
    QStringList words;
    for (const auto& w : stats::defaultStopWords()) words << QString::fromStdString(w);
    return words.join(QStringLiteral(", "));
}

}  // namespace

StatsView::StatsView(CorpusWorkspace* workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {
    m_corpus = new QComboBox(this);
    m_corpus->setObjectName(QStringLiteral("corpus"));
    m_corpus->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_refined = new QCheckBox(tr("Refined beside raw"), this);
    m_refined->setObjectName(QStringLiteral("refined"));
    m_jamo = new QCheckBox(tr("Jamo-only words (ㅋㅋ, ㅠㅠ)"), this);
    m_stopWords = new QLineEdit(this);
    m_stopWords->setObjectName(QStringLiteral("stopWords"));
    m_stopWords->setText(QSettings().value(QStringLiteral("stats/stopWords"), defaultStopWordText()).toString());
    m_stopWords->setToolTip(tr("Stop words left out of the word cloud, separated by commas"));
    auto* exportButton = new QPushButton(tr("Export…"), this);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Corpus"), this));
    top->addWidget(m_corpus);
    top->addWidget(m_refined);
    top->addStretch(1);
    top->addWidget(exportButton);

    auto* grid = new QGridLayout;
    for (std::size_t i = 0; i < 4; ++i) {
        auto* plot = new QCustomPlot(this);
        plot->setObjectName(charts::chartFileSuffix(kCharts[i]));
        plot->setMinimumSize(320, 220);
        plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectPlottables);
        plot->setMouseTracking(true);
        m_plots[i] = plot;
        grid->addWidget(plot, int(i / 2), int(i % 2));
        const auto chart = kCharts[i];
        connect(plot, &QCustomPlot::plottableClick, this,
                [this, chart](QCPAbstractPlottable* p, int index, QMouseEvent*) { onPlottableClick(chart, p, index); });
        connect(plot, &QCustomPlot::mouseMove, this, [this, chart](QMouseEvent* e) { onHover(chart, e); });
    }
    auto* chartsBox = new QWidget(this);
    chartsBox->setLayout(grid);

    m_cloud = new charts::WordCloudWidget(this);
    m_cloud->setObjectName(QStringLiteral("wordCloud"));
    auto* cloudBox = new QWidget(this);
    auto* cloudLayout = new QVBoxLayout(cloudBox);
    cloudLayout->setContentsMargins(0, 0, 0, 0);
    cloudLayout->addWidget(new QLabel(tr("Words in the utterances (click one to find its items)"), cloudBox));
    cloudLayout->addWidget(m_cloud, 1);
    cloudLayout->addWidget(m_jamo);
    cloudLayout->addWidget(new QLabel(tr("Stop words"), cloudBox));
    cloudLayout->addWidget(m_stopWords);

    m_tokenPlot = new QCustomPlot(this);
    m_tokenPlot->setObjectName(QStringLiteral("tokenLengths"));
    m_tokenPlot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_tokenInfo =
        new QLabel(tr("How long each style's prompts are in a model's tokens, against max_seq_length."), this);
    m_tokenInfo->setWordWrap(true);
    auto* measure = new QPushButton(tr("Measure with a model…"), this);
    auto* tokenBox = new QWidget(this);
    auto* tokenLayout = new QVBoxLayout(tokenBox);
    tokenLayout->setContentsMargins(0, 0, 0, 0);
    tokenLayout->addWidget(m_tokenInfo);
    tokenLayout->addWidget(measure);
    tokenLayout->addWidget(m_tokenPlot, 1);
    connect(measure, &QPushButton::clicked, this, [this] {
        QString folder = QSettings().value(QStringLiteral("prompt/modelFolder")).toString();
        folder =
            QFileDialog::getExistingDirectory(this, tr("Model folder (tokenizer.json, tokenizer_config.json)"), folder);
        if (!folder.isEmpty())
            measureTokens(folder, QSettings().value(QStringLiteral("prompt/maxSeqLength"), 1024).toInt());
    });
    // Shortcut baselines: what answers without reading the conversation reach on this corpus.
    m_baselines = new QTableWidget(this);
    m_baselines->setObjectName(QStringLiteral("shortcutBaselines"));
    m_baselines->setColumnCount(2);
    m_baselines->setHorizontalHeaderLabels({tr("Baseline"), tr("Accuracy")});
    m_baselines->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_baselines->verticalHeader()->hide();
    m_baselines->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_baselineInfo = new QLabel(this);
    m_baselineInfo->setWordWrap(true);
    auto* baselineBox = new QWidget(this);
    auto* baselineLayout = new QVBoxLayout(baselineBox);
    baselineLayout->setContentsMargins(0, 0, 0, 0);
    baselineLayout->addWidget(m_baselineInfo);
    baselineLayout->addWidget(m_baselines, 1);
    auto* side = new QTabWidget(this);
    side->addTab(cloudBox, tr("Words"));
    side->addTab(tokenBox, tr("Prompt tokens"));
    side->addTab(baselineBox, tr("Shortcuts"));

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(chartsBox);
    splitter->addWidget(side);
    splitter->setSizes({900, 400});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(m_corpus, &QComboBox::currentIndexChanged, this, [this](int i) { selectCorpus(i); });
    connect(m_refined, &QCheckBox::toggled, this, [this] { recompute(); });
    connect(m_jamo, &QCheckBox::toggled, this, [this] { recompute(); });
    connect(m_stopWords, &QLineEdit::editingFinished, this, [this] {
        QSettings().setValue(QStringLiteral("stats/stopWords"), m_stopWords->text());
        recompute();
    });
    connect(m_cloud, &charts::WordCloudWidget::wordClicked, this, &StatsView::searchFor);
    connect(exportButton, &QPushButton::clicked, this, &StatsView::exportInteractive);
    connect(m_workspace, &CorpusWorkspace::changed, this, &StatsView::refreshCorpora);
    refreshCorpora();
}

void StatsView::refreshCorpora() {
    const QSignalBlocker block(m_corpus);
    m_corpus->clear();
    const CorpusSet& set = m_workspace->corpora();
    for (std::size_t i = 0; i < set.count(); ++i)
        m_corpus->addItem(QFileInfo(QString::fromStdString(set.corpus(i).sourcePath)).fileName());
    selectCorpus(set.count() > 0 ? std::min(std::max(m_position, 0), int(set.count()) - 1) : -1);
}

bool StatsView::selectCorpus(int position) {
    if (position >= int(m_workspace->corpora().count())) return false;
    m_position = position;
    if (m_corpus->currentIndex() != position) {
        const QSignalBlocker block(m_corpus);
        m_corpus->setCurrentIndex(position);
    }
    recompute();
    return true;
}

void StatsView::setRefinedShown(bool shown) { m_refined->setChecked(shown); }

void StatsView::setStopWords(const QString& commaSeparated) {
    m_stopWords->setText(commaSeparated);
    recompute();
}

void StatsView::recompute() {
    m_raw.reset();
    m_refinedSet.reset();
    if (m_position < 0) {
        redraw();
        return;
    }
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Corpus& corpus = m_workspace->corpora().corpus(std::size_t(m_position));
    stats::WordOptions words;
    words.stopWords = parseStopWords(m_stopWords->text());
    words.includeJamoOnly = m_jamo->isChecked();
    m_raw = stats::EdaSet{stats::computeStats(corpus), stats::wordFrequencies(corpus, words)};
    showBaselines(corpus);
    if (m_refined->isChecked()) {
        const Corpus refined = refine::refineCorpus(corpus).corpus;
        m_refinedSet = stats::EdaSet{stats::computeStats(refined), stats::wordFrequencies(refined, words)};
    }
    QApplication::restoreOverrideCursor();
    redraw();
}

void StatsView::showBaselines(const Corpus& corpus) {
    // Priors fitted on the open train split when this corpus is another one; on itself (in-sample) otherwise.
    const CorpusSet& set = m_workspace->corpora();
    const Corpus* fitted = &corpus;
    for (std::size_t i = 0; i < set.count(); ++i)
        if (set.corpus(i).split == Split::Train && &set.corpus(i) != &corpus) fitted = &set.corpus(i);
    m_shortcuts = stats::shortcutBaselines(*fitted, corpus);
    m_baselines->setRowCount(int(m_shortcuts.size()));
    for (std::size_t r = 0; r < m_shortcuts.size(); ++r) {
        const auto& b = m_shortcuts[r];
        auto* name =
            new QTableWidgetItem(QString::fromStdString(b.name) + (b.inSample ? tr(" (in-sample)") : QString()));
        name->setToolTip(QString::fromStdString(b.description));
        m_baselines->setItem(int(r), 0, name);
        m_baselines->setItem(
            int(r), 1,
            new QTableWidgetItem(std::isnan(b.accuracy) ? tr("no answers")
                                                        : QStringLiteral("%1%").arg(100 * b.accuracy, 0, 'f', 1)));
    }
    m_baselineInfo->setText(
        fitted == &corpus
            ? tr("Accuracy without reading the conversation as the task intends; priors fitted on this corpus itself "
                 "(open a train split to fit them there). A model is only as good as its distance above these.")
            : tr("Accuracy without reading the conversation as the task intends; priors fitted on %1. A model is only "
                 "as good as its distance above these.")
                  .arg(QFileInfo(QString::fromStdString(fitted->sourcePath)).fileName()));
}

void StatsView::redraw() {
    for (std::size_t i = 0; i < 4; ++i) {
        if (m_raw) {
            charts::drawEdaChart(m_plots[i], kCharts[i], m_raw->stats, m_refinedSet ? &m_refinedSet->stats : nullptr);
        } else {
            m_plots[i]->clearPlottables();
            m_plots[i]->clearItems();
            m_plots[i]->replot();
        }
    }
    m_cloud->setWords(m_raw ? m_raw->words : std::vector<stats::WordCount>{});
}

void StatsView::clickBar(charts::EdaChart chart, double key) {
    if (!m_raw) return;
    const Corpus& corpus = m_workspace->corpora().corpus(std::size_t(m_position));
    const auto items = charts::itemsAt(chart, m_raw->stats, corpus, key);
    const auto rows = m_workspace->corpora().index().rowsOf(std::uint32_t(m_position), items);
    QString label;
    switch (chart) {
        case charts::EdaChart::Categories:
            label = tr("category %1").arg(QString::fromUtf8(kCategories[std::size_t(std::lround(key) - 1)].data()));
            break;
        case charts::EdaChart::Outputs: label = tr("gold inference_%1").arg(std::lround(key)); break;
        case charts::EdaChart::Turns:
            label = tr("%1 turns").arg(m_raw->stats.turns.start + std::floor((key - m_raw->stats.turns.start)));
            break;
        case charts::EdaChart::TotalLength: {
            const auto& h = m_raw->stats.totalLength;
            const double from = h.start + std::floor((key - h.start) / h.binWidth) * h.binWidth;
            label = tr("total length %1–%2").arg(from).arg(from + h.binWidth - 1);
            break;
        }
    }
    emit showItems(rows, label);
}

void StatsView::onPlottableClick(charts::EdaChart chart, QCPAbstractPlottable* plottable, int dataIndex) {
    auto* bars = qobject_cast<QCPBars*>(plottable);
    if (!bars || dataIndex < 0 || dataIndex >= bars->data()->size()) return;
    clickBar(chart, bars->data()->at(dataIndex)->key);
}

void StatsView::onHover(charts::EdaChart chart, QMouseEvent* event) {
    auto* plot = m_plots[std::size_t(chart)];
    auto* bars = qobject_cast<QCPBars*>(plot->plottableAt(event->position(), true));
    if (!bars) {
        QToolTip::hideText();
        return;
    }
    const double key = plot->xAxis->pixelToCoord(event->position().x());
    double best = 1e300, value = 0, barKey = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
        if (std::abs(it->key - key) < best) {
            best = std::abs(it->key - key);
            value = it->value;
            barKey = it->key;
        }
    }
    QString where;
    if (chart == charts::EdaChart::Turns || chart == charts::EdaChart::TotalLength) {
        const auto& h = chart == charts::EdaChart::Turns ? m_raw->stats.turns : m_raw->stats.totalLength;
        const double from = h.start + std::floor((barKey - h.start) / h.binWidth) * h.binWidth;
        where =
            h.binWidth == 1 ? tr("%1 turns").arg(from) : tr("%1–%2 characters").arg(from).arg(from + h.binWidth - 1);
    }
    QToolTip::showText(event->globalPosition().toPoint(),
                       tr("%1 %2: %n item(s) — click to see them", nullptr, int(value)).arg(bars->name(), where), plot);
}

bool StatsView::measureTokens(const QString& modelFolder, int maxSeqLength) {
    if (m_position < 0) return false;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    try {
        const auto loaded = tok::loadTokenizer(modelFolder.toStdString());
        std::optional<chat::ResolvedTemplate> chatTemplate;
        if (loaded.config.hasChatTemplate()) chatTemplate = chat::resolveChatTemplate(modelFolder.toStdString());
        const auto lengths = stats::promptTokenLengths(m_workspace->corpora().corpus(std::size_t(m_position)),
                                                       prompt::loadPromptStyles(prompt::bundledPromptDir()),
                                                       chatTemplate ? &*chatTemplate : nullptr, *loaded.tokenizer,
                                                       std::size_t(maxSeqLength));
        charts::drawTokenLengthChart(m_tokenPlot, lengths, std::size_t(maxSeqLength));
        m_tokenInfo->setText(tr("Model %1%2")
                                 .arg(QFileInfo(modelFolder).fileName(),
                                      chatTemplate ? QString() : tr(" (no chat template: plain messages)")));
    } catch (const Error& e) {
        QApplication::restoreOverrideCursor();
        m_tokenInfo->setText(tr("Cannot measure: %1").arg(errorMessage(e)));
        return false;
    }
    QApplication::restoreOverrideCursor();
    return true;
}

bool StatsView::exportTo(const QString& folder, QString* error) {
    if (!m_raw) {
        if (error) *error = tr("No corpus is open.");
        return false;
    }
    try {
        const Corpus& corpus = m_workspace->corpora().corpus(std::size_t(m_position));
        const QString stem = QFileInfo(QString::fromStdString(corpus.sourcePath)).completeBaseName();
        const std::string base = QDir(folder).filePath(stem + QLatin1Char('_')).toStdString();
        for (std::size_t i = 0; i < 4; ++i) {
            const std::string name = base + charts::chartFileSuffix(kCharts[i]).toStdString();
            const QByteArray png =
                charts::edaChartPng(kCharts[i], m_raw->stats, m_refinedSet ? &m_refinedSet->stats : nullptr);
            writeFileAtomic(name + ".png", std::string_view(png.constData(), std::size_t(png.size())));
            const QByteArray svg = charts::plotSvg(m_plots[i]);
            writeFileAtomic(name + ".svg", std::string_view(svg.constData(), std::size_t(svg.size())));
        }
        const QByteArray cloud = charts::imagePng(charts::renderWordCloud(m_raw->words, QSize(960, 600), stem));
        writeFileAtomic(base + "wordcloud.png", std::string_view(cloud.constData(), std::size_t(cloud.size())));
        writeFileAtomic(base + "total_utterance_lengths.csv", stats::totalLengthsCsv(corpus, m_raw->stats));
        writeFileAtomic(base + "summary.json", stats::edaSummaryJson(corpus.sourcePath, *m_raw, m_refinedSet));
    } catch (const Error& e) {
        if (error) *error = errorMessage(e);
        return false;
    }
    return true;
}

void StatsView::exportInteractive() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export the statistics to"));
    if (folder.isEmpty()) return;
    QString error;
    if (!exportTo(folder, &error)) QMessageBox::warning(this, tr("Export failed"), error);
}

}  // namespace cci::ui
