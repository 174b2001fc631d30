// Device choices (see device_choices.h).
#include "settings/device_choices.h"

#include "system/cuda_devices.h"
#include "system/device_spec.h"
#include "util/problem.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QStandardItemModel>

namespace cci::ui {

void fillDeviceChoices(QComboBox* box) {
    box->clear();
    box->addItem(QCoreApplication::translate("DeviceChoices", "CPU"), QStringLiteral("cpu"));
    const auto gpus = cudaDevices();
    for (const GpuInfo& g : gpus)
        box->addItem(QStringLiteral("%1 — %2 (%3 GiB)")
                         .arg(QString::fromStdString(g.deviceName()), QString::fromStdString(g.name))
                         .arg(g.totalBytes / double(1ULL << 30), 0, 'f', 1),
                     QString::fromStdString(g.deviceName()));
    if (gpus.empty()) {
        box->addItem(cudaBuild() ? QCoreApplication::translate("DeviceChoices", "CUDA GPU (none visible)")
                                 : QCoreApplication::translate("DeviceChoices", "CUDA GPU (this build is CPU-only)"),
                     QStringLiteral("cuda"));
        if (auto* model = qobject_cast<QStandardItemModel*>(box->model()))
            model->item(box->count() - 1)->setEnabled(false);
    }
}

void selectDevice(QComboBox* box, const QString& device) {
    int index = box->findData(device);
    try {
        index = box->findData(QString::fromStdString(parseDevice(device.toStdString()).name()));
    } catch (const Error&) {  // an unknown name selects the CPU
    }
    const auto* model = qobject_cast<QStandardItemModel*>(box->model());
    if (index >= 0 && model && !model->item(index)->isEnabled()) index = -1;
    box->setCurrentIndex(std::max(0, index));
}

}  // namespace cci::ui
