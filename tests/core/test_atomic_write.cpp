// Atomic writes: the target is either the old file or the complete new one; failures leave no temp files; links
// are written through, pipes and devices written in place, modes kept; locks. (A signal during a write:
// test_cli_damage.)
#include "util/atomic_write.h"
#include "util/file_lock.h"
#include "util/problem.h"

#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <thread>

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

    void symbolicLinksAreWrittenThrough() {
        QTemporaryDir dir;
        const std::string target = dir.filePath("target.json").toStdString();
        const std::string link = dir.filePath("link.json").toStdString();
        writeFileAtomic(target, std::string_view("old"));
        QVERIFY(::symlink("target.json", link.c_str()) == 0);
        writeFileAtomic(link, std::string_view("new"));
        QVERIFY(QFileInfo(QString::fromStdString(link)).isSymLink());  // the link stays a link
        QCOMPARE(readFile(target), std::string("new"));
        // A dangling link: its target is created, the link kept.
        const std::string dangling = dir.filePath("dangling.json").toStdString();
        QVERIFY(::symlink("created.json", dangling.c_str()) == 0);
        writeFileAtomic(dangling, std::string_view("made"));
        QVERIFY(QFileInfo(QString::fromStdString(dangling)).isSymLink());
        QCOMPARE(readFile(dir.filePath("created.json").toStdString()), std::string("made"));
    }

    void pipesAreWrittenInPlace() {
        // A FIFO stands for a device or a pipe (/dev/stdout): it is written to, never replaced by a regular file.
        QTemporaryDir dir;
        const std::string fifo = dir.filePath("pipe").toStdString();
        QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0);
        std::string received;
        std::thread reader([&] {
            std::ifstream in(fifo, std::ios::binary);
            received.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        });
        writeFileAtomic(fifo, std::string_view("through the pipe"));
        reader.join();
        QCOMPARE(received, std::string("through the pipe"));
        struct stat st {};
        QVERIFY(::lstat(fifo.c_str(), &st) == 0);
        QVERIFY(S_ISFIFO(st.st_mode));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System).size(), 1);
    }

    void replacedFilesKeepTheirMode() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("private.json").toStdString();
        writeFileAtomic(path, std::string_view("a"));
        QVERIFY(::chmod(path.c_str(), 0600) == 0);
        writeFileAtomic(path, std::string_view("b"));
        struct stat st {};
        QVERIFY(::stat(path.c_str(), &st) == 0);
        QCOMPARE(int(st.st_mode & 07777), 0600);
        writeFilesAtomic({{path, "c"}});
        QVERIFY(::stat(path.c_str(), &st) == 0);
        QCOMPARE(int(st.st_mode & 07777), 0600);
    }

    void aSecondLockNamesTheHolder() {
        QTemporaryDir dir;
        const std::string lockPath = hiddenLockPathFor(dir.filePath("x.annotations.json").toStdString());
        QCOMPARE(QString::fromStdString(lockPath), dir.filePath(".x.annotations.json.lock"));
        {
            const FileLock first(lockPath, "x.annotations.json");
            try {
                const FileLock second(lockPath, "x.annotations.json");
                QFAIL("a second lock was granted");
            } catch (const Error& e) {
                const std::string expected =
                    "x.annotations.json is in use by another process (pid " + std::to_string(::getpid()) + ")";
                QVERIFY2(std::string(e.what()).find(expected) != std::string::npos, e.what());
            }
        }
        const FileLock again(lockPath, "x.annotations.json");  // released with its holder
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
