// VoteMatrixModel: cells, colours and tooltips of the vote matrix.
#include "ensemble/vote_matrix_model.h"

#include "ensemble/ensemble_session.h"

#include <QColor>
#include <QFont>

namespace cci::ui {
namespace {

QString letter(int option) { return option < 0 ? QStringLiteral("—") : QString(QChar('A' + option)); }

}  // namespace

VoteMatrixModel::VoteMatrixModel(EnsembleSession* session, QObject* parent)
    : QAbstractTableModel(parent), m_session(session) {
    connect(session, &EnsembleSession::loaded, this, &VoteMatrixModel::rebuild);
    connect(session, &EnsembleSession::analysisChanged, this, &VoteMatrixModel::rebuild);
}

QColor VoteMatrixModel::optionColor(int option) {
    static const QColor colors[] = {QColor(0xa5, 0xd8, 0xff), QColor(0xff, 0xd8, 0xa8), QColor(0xb2, 0xf2, 0xbb)};
    return option >= 0 && option < 3 ? colors[option] : QColor(Qt::white);
}

void VoteMatrixModel::setFilter(const ensemble::ItemFilter& filter) {
    m_filter = filter;
    rebuild();
}

void VoteMatrixModel::rebuild() {
    beginResetModel();
    m_rows.clear();
    if (m_session->hasData() && m_session->analysisReady())
        m_rows =
            ensemble::selectItems(m_session->matrix(), m_session->analysis().ensemble, m_session->members(), m_filter);
    endResetModel();
}

int VoteMatrixModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int VoteMatrixModel::columnCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_session->hasData()) return 0;
    return FirstModel + int(m_session->matrix().models());
}

QVariant VoteMatrixModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const ensemble::VoteMatrix& m = m_session->matrix();
    const std::size_t item = m_rows[std::size_t(index.row())];
    const int gold = m.gold[item];
    const int col = index.column();
    int answer = -1;
    if (col == Gold)
        answer = gold;
    else if (col == Ensemble)
        answer = m_session->analysis().ensemble.answer[item];
    else if (col >= FirstModel)
        answer = m.vote(item, std::size_t(col - FirstModel));
    const bool wrong = answer >= 0 && gold >= 0 && col != Gold && answer != gold;
    switch (role) {
        case ItemRole: return int(item);
        case WrongRole: return wrong;
        case Qt::DisplayRole:
            switch (col) {
                case Id: return QString::fromStdString(m.ids[item]);
                case Category:
                    return m.category[item] < 0 ? QString()
                                                : QString::fromUtf8(kCategories[std::size_t(m.category[item])].data());
                case Margin: return m_session->analysis().ensemble.margin[item];
                default: return letter(answer) + (wrong ? QStringLiteral(" ✗") : QString());
            }
        case Qt::BackgroundRole:
            if (col >= Gold && col != Margin) {
                QColor c = optionColor(answer);
                if (col >= FirstModel && !m_session->isMember(std::size_t(col - FirstModel))) c = c.lighter(115);
                return c;
            }
            return {};
        case Qt::ForegroundRole: {
            static const QVariant red = QColor("#c92a2a");
            return wrong ? red : QVariant();
        }
        case Qt::FontRole: {
            static const QVariant bold = [] {
                QFont f;
                f.setBold(true);
                return QVariant(f);
            }();
            return wrong || col == Ensemble ? bold : QVariant();
        }
        case Qt::TextAlignmentRole:
            return col >= Gold ? QVariant(Qt::AlignCenter) : QVariant(Qt::AlignVCenter | Qt::AlignLeft);
        case Qt::ToolTipRole:
            if (col >= FirstModel) {
                const std::size_t model = std::size_t(col - FirstModel);
                QString tip = QString::fromStdString(m.modelNames[model]) + QStringLiteral(": ") + letter(answer);
                if (!m.probs[model].empty())
                    tip += QStringLiteral("  (A %1, B %2, C %3)")
                               .arg(m.probs[model][item * 3], 0, 'f', 3)
                               .arg(m.probs[model][item * 3 + 1], 0, 'f', 3)
                               .arg(m.probs[model][item * 3 + 2], 0, 'f', 3);
                return tip;
            }
            return {};
    }
    return {};
}

QVariant VoteMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Vertical) return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (role == Qt::ToolTipRole && section >= FirstModel)
        return QString::fromStdString(m_session->matrix().modelFiles[std::size_t(section - FirstModel)]);
    if (role != Qt::DisplayRole) return {};
    switch (section) {
        case Id: return tr("ID");
        case Category: return tr("Category");
        case Gold: return tr("Gold");
        case Ensemble: return tr("Ensemble");
        case Margin: return tr("Margin");
        default: return QString::number(section - FirstModel + 1);
    }
}

}  // namespace cci::ui
