// The devices a run can use, as a combo box lists them: the CPU and each GPU this build's libtorch sees, with its
// name and memory (Settings and the New Run dialog). A CPU-only build lists the GPU entry disabled, saying why.
#pragma once

#include <QString>

class QComboBox;

namespace cci::ui {

void fillDeviceChoices(QComboBox* box);
// Selects `device` ("cpu", "cuda", "cuda:N"); "cuda" picks the first GPU. Unknown devices select the CPU.
void selectDevice(QComboBox* box, const QString& device);

}  // namespace cci::ui
