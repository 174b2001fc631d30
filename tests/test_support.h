// Small helpers shared by the test executables.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

namespace cci::test {

// Writes `bytes` to `path` (replacing it); false when the file cannot be written.
inline bool writeBytes(const QString& path, const QByteArray& bytes = {}) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    const bool ok = f.write(bytes) == bytes.size();
    f.close();
    return ok;
}

}  // namespace cci::test
