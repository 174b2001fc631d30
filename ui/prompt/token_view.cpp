// TokenView (see token_view.h).
#include "prompt/token_view.h"

namespace cci::ui {

namespace {

// Spaces, newlines and tabs made visible inside a chip.
QString visible(const std::string& text) {
    QString s = QString::fromStdString(text);
    s.replace(QLatin1Char(' '), QChar(0x2423));
    s.replace(QLatin1Char('\n'), QStringLiteral("\u21b5"));
    s.replace(QLatin1Char('\t'), QStringLiteral("\u21e5"));
    return s;
}

}  // namespace

TokenView::TokenView(QWidget* parent) : QListWidget(parent) {
    setViewMode(QListView::ListMode);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setResizeMode(QListView::Adjust);
    setSpacing(1);
    setUniformItemSizes(false);
    setSelectionMode(QAbstractItemView::SingleSelection);
}

void TokenView::setTokens(const std::vector<prompt::TokenPiece>& tokens) {
    clear();
    static const QColor kColors[] = {QColor(0xd0, 0xeb, 0xff), QColor(0xd3, 0xf9, 0xd8), QColor(0xff, 0xf3, 0xbf),
                                     QColor(0xf3, 0xd9, 0xfa), QColor(0xff, 0xe8, 0xcc)};
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& t = tokens[i];
        auto* item = new QListWidgetItem(visible(t.text), this);
        item->setBackground(t.special ? QColor(0xff, 0xc9, 0xc9) : kColors[i % 5]);
        item->setToolTip(tr("#%1 · id %2 · %3%4")
                             .arg(i)
                             .arg(t.id)
                             .arg(QString::fromStdString(t.vocabulary))
                             .arg(t.special ? tr(" · special") : QString()));
        item->setData(Qt::UserRole, t.id);
    }
}

}  // namespace cci::ui
