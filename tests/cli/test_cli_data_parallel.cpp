// Data parallel training over c10d: two `cci train` processes under a torchrun-style environment (RANK,
// WORLD_SIZE, MASTER_ADDR, MASTER_PORT) on loopback end with the same adapter (within 1e-6) as one process with the
// same global batch, dropout included; rank 0 alone writes the run folder; a malformed environment is an error.
#include "cli_runner.h"

#include "corpus/corpus_reader.h"
#include "model/tiny_model.h"
#include "util/atomic_write.h"

#include <nlohmann/json.hpp>

#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using cci::test::demoFile;
using cci::test::runCci;

namespace {

// name -> float32 values of an adapter_model.safetensors
std::map<std::string, std::vector<float>> readAdapter(const QString& path) {
    const std::string bytes = cci::readFile(path.toStdString());
    std::uint64_t n = 0;
    std::memcpy(&n, bytes.data(), 8);
    const auto header = nlohmann::json::parse(bytes.substr(8, n));
    std::map<std::string, std::vector<float>> out;
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == "__metadata__") continue;
        const auto begin = (*it)["data_offsets"][0].get<std::size_t>(),
                   end = (*it)["data_offsets"][1].get<std::size_t>();
        std::vector<float> v((end - begin) / 4);
        std::memcpy(v.data(), bytes.data() + 8 + n + begin, end - begin);
        out[it.key()] = std::move(v);
    }
    return out;
}

// A TCP port nobody listens on now (the kernel picks it).
int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t length = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

}  // namespace

class TestCliDataParallel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model;

    QStringList trainArgs(const QString& out) const {
        return cci::test::smallTrainArgs(m_model, {"--out", out, "--epochs", "1", "--grad-accum", "4", "--lora-dropout",
                                                   "0.1", "--warmup", "2", "--threads", "1"});
    }

private slots:
    void initTestCase() {
        m_model = m_dir.filePath("model");
        cci::test::makeSmallModel(m_model);
    }

    void twoProcessesGiveTheAdapterOfOne() {
        const QString single = m_dir.filePath("single"), parallel = m_dir.filePath("parallel");
        const auto one = runCci(trainArgs(single));
        QVERIFY2(one.code == 0, qPrintable(one.err));

        const int port = freePort();
        std::vector<std::unique_ptr<QProcess>> ranks;
        for (int rank = 0; rank < 2; ++rank) {
            auto p = std::make_unique<QProcess>();
            auto env = QProcessEnvironment::systemEnvironment();
            env.insert("RANK", QString::number(rank));
            env.insert("LOCAL_RANK", QString::number(rank));
            env.insert("WORLD_SIZE", "2");
            env.insert("MASTER_ADDR", "127.0.0.1");
            env.insert("MASTER_PORT", QString::number(port));
            p->setProcessEnvironment(env);
            p->start(QStringLiteral(CCI_BINARY), trainArgs(parallel));
            QVERIFY(p->waitForStarted());
            ranks.push_back(std::move(p));
        }
        for (auto& p : ranks) {
            QVERIFY(p->waitForFinished(180000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        const auto a = readAdapter(single + "/adapter/adapter_model.safetensors");
        const auto b = readAdapter(parallel + "/adapter/adapter_model.safetensors");
        QCOMPARE(a.size(), b.size());
        double worst = 0, largest = 0;
        for (const auto& [name, values] : a) {
            const auto& other = b.at(name);
            QCOMPARE(other.size(), values.size());
            for (std::size_t i = 0; i < values.size(); ++i) {
                worst = std::max(worst, double(std::abs(values[i] - other[i])));
                largest = std::max(largest, double(std::abs(values[i])));
            }
        }
        qInfo("largest adapter value %.3g, largest difference 1 vs 2 processes %.3g", largest, worst);
        QVERIFY(largest > 1e-3);  // trained: B moved away from zero
        QVERIFY2(worst <= 1e-6, qPrintable(QString::number(worst)));
        const auto run = nlohmann::json::parse(cci::readFile((parallel + "/run.json").toStdString()));
        QCOMPARE(run["data_parallel"]["world_size"].get<int>(), 2);
        QCOMPARE(run["status"].get<std::string>(), std::string("finished"));
    }

    void malformedEnvironmentIsAnError() {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("RANK", "3");
        env.insert("WORLD_SIZE", "2");
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CCI_BINARY), trainArgs(m_dir.filePath("never")));
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("RANK=3 is outside [0, WORLD_SIZE=2)"), qPrintable(err));
    }

    void leftoverEnvironmentWaitsVisiblyAndTimesOut() {
        // WORLD_SIZE/RANK left in the shell: a lone `cci train` says it is waiting for the group, and gives up after
        // the rendezvous timeout with the address and a way out, instead of waiting silently forever.
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("RANK", "0");
        env.insert("WORLD_SIZE", "2");
        env.insert("MASTER_ADDR", "127.0.0.1");
        const QString port = QString::number(freePort());
        env.insert("MASTER_PORT", port);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CCI_BINARY), trainArgs(m_dir.filePath("alone")) << "--rendezvous-timeout"
                                                                               << "3");
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("waiting up to 3 s for the group at 127.0.0.1:" + port), qPrintable(err));
        QVERIFY2(err.contains("could not join the group at 127.0.0.1:" + port + " within 3 s"), qPrintable(err));
        QVERIFY2(err.contains("unset them to train alone"), qPrintable(err));
        QVERIFY2(!err.contains("frame #"), qPrintable(err));  // no libtorch stack trace
    }
};

QTEST_GUILESS_MAIN(TestCliDataParallel)
#include "test_cli_data_parallel.moc"
