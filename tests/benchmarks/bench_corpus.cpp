// Benchmark for the foundation issue: a 100,000-item corpus made by replicating the demo corpus.
//   bench_corpus [--items N] [--keep FILE]
// Reports load + validate seconds and peak memory (in a child process, so generation does not count) and the
// browser's filter time per keystroke (offscreen GUI: proxy reset + table repaint), against the targets
// load <= 1.5 s, filter <= 50 ms per keystroke, memory <= 1 GB.
#include "bench_support.h"
#include "browser/browser_view.h"
#include "browser/corpus_filter_model.h"
#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"
#include "workspace/corpus_workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTemporaryDir>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>

using namespace cci;
using cci::bench::peakRssMiB;

namespace {

void makeCorpus(const std::string& path, std::size_t items) {
    std::vector<Sample> demo;
    for (const char* f : {"demo_train.json", "demo_dev.json", "demo_test.json"})
        for (Sample& s : loadCorpus(std::string(CCI_DEMO_DIR) + "/" + f).samples) demo.push_back(std::move(s));
    Corpus big;
    big.samples.reserve(items);
    for (std::size_t i = 0; i < items; ++i) {
        Sample s = demo[i % demo.size()];
        s.id += "-r" + std::to_string(i / demo.size());
        big.samples.push_back(std::move(s));
    }
    saveCorpus(big, path);
}

int loadMode(const std::string& path) {
    QElapsedTimer t;
    t.start();
    const CorpusReadResult r = readCorpusFile(path);
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    std::printf(
        "load+validate: %zu items, %zu problems, %.3f s (target 1.5 s: %.2fx of budget), peak RSS %.0f MiB "
        "(target 1024 MiB: %.2fx)\n",
        r.corpus.samples.size(), r.problems.size(), seconds, seconds / 1.5, peakRssMiB(), peakRssMiB() / 1024.0);
    return r.ok() ? 0 : 1;
}

int filterMode(int argc, char** argv, const QString& path) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    ui::CorpusWorkspace workspace;
    QElapsedTimer t;
    t.start();
    if (!workspace.openFileNow(path).empty()) return 1;
    std::printf("GUI open (load + index): %.3f s, peak RSS %.0f MiB\n", double(t.nsecsElapsed()) / 1e9, peakRssMiB());
    ui::BrowserView view(&workspace);
    view.resize(1200, 800);
    view.show();
    QApplication::processEvents();
    auto typeQuery = [&](const QString& query) {
        view.searchBox()->clear();
        QApplication::processEvents();
        double worst = 0, total = 0;
        for (int n = 1; n <= query.size(); ++n) {
            t.restart();
            view.searchBox()->setText(query.left(n));  // what a keystroke does: filter, reset, select
            view.repaint();                            // and draw the table once
            const double ms = double(t.nsecsElapsed()) / 1e6;
            worst = std::max(worst, ms);
            total += ms;
        }
        std::printf(
            "  typing \"%s\" (%lld keystrokes): mean %.1f ms, worst %.1f ms (target 50 ms: worst %.2fx), "
            "%d rows left\n",
            query.toUtf8().constData(), static_cast<long long>(query.size()), total / double(query.size()), worst,
            worst / 50.0, view.filterModel()->rowCount());
    };
    std::printf("filter per keystroke over %zu items:\n", workspace.corpora().totalItems());
    typeQuery(QStringLiteral("노트북에 커피"));
    typeQuery(QStringLiteral("ㅋㅋㅋ"));
    typeQuery(QStringLiteral("cci-demo-dev-000017-r12"));
    typeQuery(QStringLiteral("없는말없는말"));
    t.restart();
    view.findChild<QComboBox*>("categoryFilter")->setCurrentIndex(3);
    view.repaint();
    std::printf("  category filter change: %.1f ms\n", double(t.nsecsElapsed()) / 1e6);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t items = 100000;
    std::string keep;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::string(argv[i]) == "--items") items = std::stoul(argv[i + 1]);
        if (std::string(argv[i]) == "--keep") keep = argv[i + 1];
        if (std::string(argv[i]) == "--load") return loadMode(argv[i + 1]);
        if (std::string(argv[i]) == "--filter") return filterMode(argc, argv, QString::fromLocal8Bit(argv[i + 1]));
    }
    QTemporaryDir dir;
    const std::string path = keep.empty() ? dir.filePath("bench_100k.json").toStdString() : keep;
    makeCorpus(path, items);
    std::FILE* f = std::fopen(path.c_str(), "rb");
    std::fseek(f, 0, SEEK_END);
    std::printf("corpus: %zu items, %.0f MiB at %s\n", items, double(std::ftell(f)) / 1048576.0, path.c_str());
    std::fclose(f);
    std::fflush(stdout);
    // Fresh processes, so that generating the corpus does not count towards their memory.
    for (const char* mode : {"--load", "--filter"}) {
        const pid_t pid = fork();
        if (pid == 0) {
            execl("/proc/self/exe", argv[0], mode, path.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        int status = 0;
        waitpid(pid, &status, 0);
    }
    return 0;
}
