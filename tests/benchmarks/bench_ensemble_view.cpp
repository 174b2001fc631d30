// Benchmark for the Ensemble view at scale: loads the files bench_ensemble generated (11 models x 100,000 items by
// default, in /tmp/cci-bench-ensemble) into an offscreen EnsembleView and times scrolling the vote matrix (a page
// down + repaint, a jump + repaint) and a filter change. Smooth means well under 16 ms per page.
//   bench_ensemble_view [--dir DIR] [--models M]
#include "bench_support.h"
#include "ensemble/ensemble_session.h"
#include "ensemble/ensemble_view.h"
#include "ensemble/vote_matrix_model.h"

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTableView>

#include <cstdio>

int main(int argc, char** argv) {
    QString dir = QStringLiteral("/tmp/cci-bench-ensemble");
    int models = 11;
    for (int i = 1; i + 1 < argc; ++i) {
        if (QString(argv[i]) == "--dir") dir = argv[i + 1];
        if (QString(argv[i]) == "--models") models = QString(argv[i + 1]).toInt();
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStringList preds;
    for (int k = 0; k < models; ++k) preds << dir + QStringLiteral("/model%1.json").arg(k);
    cci::ui::EnsembleView view;
    view.resize(1400, 900);
    view.show();
    QElapsedTimer t;
    t.start();
    view.session()->loadNow(dir + QStringLiteral("/gold.json"), preds);
    QApplication::processEvents();
    std::printf("loaded %d items x %d models into the view in %.2f s (peak RSS %.0f MiB)\n",
                view.matrixModel()->rowCount(), models, double(t.nsecsElapsed()) / 1e9, cci::bench::peakRssMiB());
    QScrollBar* bar = view.matrixView()->verticalScrollBar();
    double worst = 0, total = 0;
    constexpr int kPages = 200;
    for (int i = 0; i < kPages; ++i) {
        t.restart();
        bar->setValue(bar->value() + bar->pageStep());
        view.matrixView()->viewport()->repaint();
        const double ms = double(t.nsecsElapsed()) / 1e6;
        worst = std::max(worst, ms);
        total += ms;
    }
    std::printf("page down + repaint: mean %.2f ms, worst %.2f ms over %d pages (16 ms = 60 fps)\n", total / kPages,
                worst, kPages);
    worst = total = 0;
    for (int i = 0; i < 50; ++i) {
        t.restart();
        bar->setValue(int((i * 7919L) % (bar->maximum() + 1)));
        view.matrixView()->viewport()->repaint();
        const double ms = double(t.nsecsElapsed()) / 1e6;
        worst = std::max(worst, ms);
        total += ms;
    }
    std::printf("random jump + repaint: mean %.2f ms, worst %.2f ms\n", total / 50, worst);
    t.restart();
    view.findChild<QCheckBox*>("splitVote")->setChecked(true);
    view.matrixView()->viewport()->repaint();
    std::printf("filter 'split vote' (%d rows left) + repaint: %.1f ms\n", view.matrixModel()->rowCount(),
                double(t.nsecsElapsed()) / 1e6);
    return 0;
}
