// WelcomePanel: what the Browse tab shows while no corpus is open (first start, or every file closed) - a choice
// between opening one's own corpus and trying the bundled synthetic demo, instead of mixing the demo in unasked.
#pragma once

#include <QWidget>

namespace cci::ui {

class WelcomePanel : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePanel(QWidget* parent = nullptr);

signals:
    void openCorpusRequested();
    void demoRequested();
};

}  // namespace cci::ui
