// Atomic writes: the target is either the old file or the complete new one; failures leave no temp files.
#include "util/atomic_write.h"
#include "util/problem.h"

#include <QtTest>

#include <fstream>

using namespace cci;

class TestAtomicWrite : public QObject {
    Q_OBJECT
private slots:
    void writesAndReplaces() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.json").toStdString();
        writeFileAtomic(path, std::string_view("first"));
        QCOMPARE(readFile(path), std::string("first"));
        writeFileAtomic(path, std::string_view("second, longer"));
        QCOMPARE(readFile(path), std::string("second, longer"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void failedWriteKeepsTheOldFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("keep.json").toStdString();
        writeFileAtomic(path, std::string_view("old content"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, writeFileAtomic(path, [](std::ostream& out) {
                                     out << "half of the new";
                                     throw std::runtime_error("interrupted");
                                 }));
        QCOMPARE(readFile(path), std::string("old content"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void unwritableFolderNamesThePath() {
        try {
            writeFileAtomic("/nonexistent-dir/x.json", std::string_view("x"));
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString::fromUtf8(e.what()).startsWith("/nonexistent-dir/x.json:"));
        }
    }
};

QTEST_APPLESS_MAIN(TestAtomicWrite)
#include "test_atomic_write.moc"
