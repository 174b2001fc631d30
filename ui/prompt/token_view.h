// TokenView: the tokens of a prompt as coloured chips that wrap like text (alternating colours, special tokens
// marked), the id and the vocabulary string of each on hover.
#pragma once

#include "prompt/prompt_preview.h"

#include <QListWidget>

namespace cci::ui {

class TokenView : public QListWidget {
    Q_OBJECT
public:
    explicit TokenView(QWidget* parent = nullptr);
    void setTokens(const std::vector<prompt::TokenPiece>& tokens);
};

}  // namespace cci::ui
