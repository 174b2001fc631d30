// WelcomePanel (see welcome_panel.h).
#include "browser/welcome_panel.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace cci::ui {

WelcomePanel::WelcomePanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("welcome"));
    auto* title = new QLabel(tr("<h2>CCI Workbench</h2>"), this);
    auto* text = new QLabel(tr("Open the NIKL corpus files you downloaded (train, dev, test JSON; several at once "
                               "is fine), or try the workbench on a small synthetic demo corpus first. The demo "
                               "closes by itself when you open your own files."),
                            this);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignHCenter);
    // A wrapped label centred in a layout would take its narrowest width, and too few lines: fix both.
    text->setFixedWidth(540);
    text->setMinimumHeight(text->heightForWidth(540));
    auto* open = new QPushButton(tr("Open your corpus… (Ctrl+O)"), this);
    open->setObjectName(QStringLiteral("openCorpus"));
    auto* demo = new QPushButton(tr("Try the demo corpus"), this);
    demo->setObjectName(QStringLiteral("tryDemo"));
    open->setDefault(true);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    for (QWidget* w : {static_cast<QWidget*>(title), static_cast<QWidget*>(text), static_cast<QWidget*>(open),
                       static_cast<QWidget*>(demo)})
        layout->addWidget(w, 0, Qt::AlignHCenter);
    layout->addStretch(2);
    connect(open, &QPushButton::clicked, this, &WelcomePanel::openCorpusRequested);
    connect(demo, &QPushButton::clicked, this, &WelcomePanel::demoRequested);
}

}  // namespace cci::ui
