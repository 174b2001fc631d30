// Small helpers shared by the test executables.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

#include "util/problem.h"

#include <functional>
#include <string>

namespace cci::test {

// Writes `bytes` to `path` (replacing it); false when the file cannot be written.
inline bool writeBytes(const QString& path, const QByteArray& bytes = {}) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    const bool ok = f.write(bytes) == bytes.size();
    f.close();
    return ok;
}

// The message of the cci::Error that `f` throws, or "" when it throws none.
inline std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const cci::Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace cci::test
