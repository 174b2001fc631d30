// Model runtime: batched, padded, prefix-shared scoring equals one-by-one scoring; predictions and the probability
// sidecar are written only when complete; bad model folders (truncated or overlapping safetensors, a missing shard,
// shapes against the config, a tokenizer without A/B/C, an adapter for another base model) give clear errors.
// (Logits against the independent Python reference: tests/reference/compare_model.py.)
#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "infer/letter_audit.h"
#include "infer/predict.h"
#include "model/llama_model.h"
#include "model/lora_adapter.h"
#include "model/safetensors.h"
#include "model/tiny_model.h"
#include "prompt/prompt_style.h"
#include "prompt/prompt_tokens.h"
#include "tokenizer/load_tokenizer.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include "test_support.h"

#include <cstring>
#include <filesystem>

using namespace cci;
using cci::test::errorOf;
using namespace cci::model;
using namespace cci::infer;

namespace {

std::string demo(const char* name) { return std::string(CCI_DEMO_DIR) + "/" + name; }

}  // namespace

class TestModel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_model;

private slots:
    void initTestCase() {
        m_model = m_dir.filePath("tiny").toStdString();
        TinyModelSpec spec;
        spec.hidden = 48;
        spec.heads = 4;
        spec.kvHeads = 2;
        makeTinyModel(m_model, {loadCorpus(demo("demo_dev.json"))}, spec);
    }

    void batchedScoringEqualsOneByOne() {
        const auto model = LlamaModel::load(m_model);
        const auto tokenizer = tok::loadTokenizer(m_model);
        const Corpus corpus = loadCorpus(demo("demo_dev.json"));
        for (const char* style : {"CustomRef", "SystemRefOfficialTerm"}) {
            PredictConfig config;
            config.modelDir = m_model;
            config.style = style;
            config.batchSize = 7;
            const auto batched = scoreCorpus(*model, *tokenizer.tokenizer, corpus, config);
            // One by one, no shared prefix.
            std::vector<ItemScore> single;
            for (const auto& s : corpus.samples) {
                Corpus one;
                one.samples = {s};
                config.batchSize = 1;
                single.push_back(scoreCorpus(*model, *tokenizer.tokenizer, one, config).scores.front());
            }
            QCOMPARE(batched.scores.size(), corpus.samples.size());
            for (std::size_t i = 0; i < single.size(); ++i) {
                QCOMPARE(batched.scores[i].id, single[i].id);
                QCOMPARE(batched.scores[i].choice, single[i].choice);
                for (int k = 0; k < 3; ++k)
                    QVERIFY2(std::abs(batched.scores[i].probs[k] - single[i].probs[k]) < 1e-5,
                             batched.scores[i].id.c_str());
            }
        }
    }

    void permutationsRemoveTheLetterPreference() {
        // A random model prefers some letters; averaged over the 6 orders, an item's candidate gets the same
        // probability wherever the file puts it, and without permutations it does not.
        const auto model = LlamaModel::load(m_model);
        const auto tokenizer = tok::loadTokenizer(m_model);
        Corpus corpus = loadCorpus(demo("demo_dev.json"));
        corpus.samples.resize(6);
        Corpus reordered = corpus;
        for (Sample& s : reordered.samples) std::swap(s.inferences[0], s.inferences[2]);  // C is now A, and A is C
        PredictConfig config;
        config.modelDir = m_model;
        // The largest difference between a candidate's probability in the two files, and of a row sum from 1.
        auto spread = [&](bool permutations) -> std::pair<double, double> {
            config.permutations = permutations;
            const auto a = scoreCorpus(*model, *tokenizer.tokenizer, corpus, config);
            const auto b = scoreCorpus(*model, *tokenizer.tokenizer, reordered, config);
            double worst = 0, sumError = 0;
            for (std::size_t i = 0; i < a.scores.size(); ++i) {
                const auto& p = a.scores[i].probs;
                sumError = std::max(sumError, std::abs(p[0] + p[1] + p[2] - 1));
                for (int k = 0; k < 3; ++k) worst = std::max(worst, std::abs(p[k] - b.scores[i].probs[2 - k]));
            }
            return {worst, sumError};
        };
        const auto [averaged, averagedSum] = spread(true);
        QVERIFY2(averaged < 1e-5, qPrintable(QString::number(averaged)));
        QVERIFY(averagedSum < 1e-6);
        QVERIFY(spread(false).first > 1e-3);
    }

    void letterAuditMeasuresTheMassOutsideTheLetters() {
        const auto model = LlamaModel::load(m_model);
        const auto tokenizer = tok::loadTokenizer(m_model);
        Corpus corpus = loadCorpus(demo("demo_dev.json"));
        corpus.samples.resize(5);
        PredictConfig config;
        config.modelDir = m_model;
        const auto scored = scoreCorpus(*model, *tokenizer.tokenizer, corpus, config);
        // Each item's mass against a softmax over the full vocabulary of the whole-sequence logits.
        const auto style = prompt::findPromptStyle(config.style);
        const auto chat = chat::resolveChatTemplate(m_model);
        const std::size_t vocab = std::size_t(model->config().vocab);
        for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
            const auto ids = prompt::promptTokenIds(corpus.samples[i], style, chat, *tokenizer.tokenizer);
            const auto logits = model->allLogits(ids);
            const float* last = logits.data() + (ids.size() - 1) * vocab;
            const double top = *std::max_element(last, last + vocab);
            double total = 0;
            for (std::size_t v = 0; v < vocab; ++v) total += std::exp(double(last[v]) - top);
            double letters = 0;
            for (const auto id : scored.letterIds) letters += std::exp(double(last[id]) - top) / total;
            QVERIFY(scored.scores[i].letterMass.has_value());
            QVERIFY2(std::abs(*scored.scores[i].letterMass - letters) < 1e-5,
                     qPrintable(QString("%1 vs %2").arg(*scored.scores[i].letterMass).arg(letters)));
            QCOMPARE(scored.scores[i].topToken, tok::TokenId(std::max_element(last, last + vocab) - last));
        }
        const auto audit = auditLetters(corpus, scored, *tokenizer.tokenizer);
        QCOMPARE(audit.items, std::size_t(5));
        QCOMPARE(audit.letters[1].scored, *tokenizer.tokenizer->tokenToId("B"));
        QVERIFY(audit.trainedAsScored());
        const auto back = letterAuditFromJson(nlohmann::json::parse(letterAuditToJson(audit).dump()));
        QVERIFY(back.has_value());
        QCOMPARE(back->meanMass, audit.meanMass);
        QCOMPARE(letterAuditText(*back), letterAuditText(audit));
    }

    void letterAuditFindsATrainedTokenThatIsNotScored() {
        // Llama-2's SentencePiece-style tokenizer starts "A. …" with "▁A", while "A" is the entry scored; Llama-3's
        // byte-level BPE trains "A" itself.
        const std::string shared = CCI_SHARED_TOKENIZERS;
        if (!std::filesystem::exists(shared + "/llama2/tokenizer.json")) QSKIP("no ../shared/tokenizers");
        const Corpus corpus = loadCorpus(demo("demo_dev.json"));
        for (const char* name : {"llama2", "llama3"}) {
            const auto tokenizer = tok::loadTokenizer(shared + "/" + name);
            PredictResult scored;
            for (const char* letter : {"A", "B", "C"})
                scored.letterIds.push_back(*tokenizer.tokenizer->tokenToId(letter));
            const auto audit = auditLetters(corpus, scored, *tokenizer.tokenizer);
            const auto findings = letterAuditFindings(audit);
            if (std::string(name) == "llama2") {
                QCOMPARE(audit.letters[0].trainedText, std::string("\u2581A"));
                QVERIFY(!audit.trainedAsScored());
                QCOMPARE(findings.size(), std::size_t(3));
                QVERIFY(findings[0].find("letter A: training teaches token " +
                                         std::to_string(*audit.letters[0].trained)) == 0);
            } else {
                QVERIFY(audit.trainedAsScored());
                QVERIFY(findings.empty());
            }
        }
    }

    void predictWritesSubmissionAndSidecar() {
        PredictConfig config;
        config.modelDir = m_model;
        config.dataFile = demo("demo_test.json");
        config.outFile = m_dir.filePath("pred.json").toStdString();
        const auto result = runPredict(config);
        const Corpus written = loadCorpus(config.outFile);
        const Corpus input = loadCorpus(config.dataFile);
        QCOMPARE(written.samples.size(), input.samples.size());
        for (std::size_t i = 0; i < input.samples.size(); ++i) {
            QCOMPARE(written.samples[i].id, input.samples[i].id);
            QCOMPARE(written.samples[i].output, "inference_" + std::to_string(result.scores[i].choice + 1));
        }
        const auto probs = readFile(m_dir.filePath("pred.probs.json").toStdString());
        QVERIFY(probs.find(input.samples.front().id) != std::string::npos);
        QCOMPARE(probsPathFor("/a/b.c/pred"), std::string("/a/b.c/pred.probs.json"));
        const auto audit = nlohmann::json::parse(readFile(m_dir.filePath("pred.audit.json").toStdString()));
        QCOMPARE(audit["items"].get<std::size_t>(), input.samples.size());
        QCOMPARE(audit["letters"][2]["scored_token"].get<std::string>(), std::string("C"));
        // Cancelling writes nothing.
        config.outFile = m_dir.filePath("cancelled.json").toStdString();
        QVERIFY(runPredict(config, [](const ProgressEvent&) { return false; }).cancelled);
        QVERIFY(!std::filesystem::exists(config.outFile));
        QVERIFY(!std::filesystem::exists(probsPathFor(config.outFile)));
        QVERIFY(!std::filesystem::exists(auditPathFor(config.outFile)));
    }

    void loraAdapterIsMergedAsPeftDefines() {
        const auto base = LlamaModel::load(m_model);
        const auto& c = base->config();
        // A rank-2 adapter on q_proj of layer 1 and lm_head: W' = W + (alpha / r) B A.
        const std::string adapter = m_dir.filePath("adapter").toStdString();
        std::filesystem::create_directories(adapter);
        writeFileAtomic(
            adapter + "/adapter_config.json",
            std::string(R"({"peft_type": "LORA", "r": 2, "lora_alpha": 4, "target_modules": ["q_proj", "lm_head"]})"));
        auto floats = [](std::vector<std::int64_t> shape, float value) {
            std::int64_t n = 1;
            for (auto d : shape) n *= d;
            std::string bytes(std::size_t(n) * 4, '\0');
            for (std::int64_t i = 0; i < n; ++i) {
                const float v = value * float((i % 7) - 3);
                std::memcpy(bytes.data() + 4 * i, &v, 4);
            }
            return TensorData{"", DType::F32, shape, bytes};
        };
        auto t = [&](const std::string& name, std::vector<std::int64_t> shape, float value) {
            auto d = floats(shape, value);
            d.name = name;
            return d;
        };
        const std::int64_t H = c.hidden, V = c.vocab;
        writeSafetensors(adapter + "/adapter_model.safetensors",
                         {t("base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight", {2, H}, 0.01f),
                          t("base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight", {H, 2}, 0.02f),
                          t("base_model.model.lm_head.lora_A.weight", {2, H}, 0.01f),
                          t("base_model.model.lm_head.lora_B.weight", {V, 2}, 0.0f)});
        const auto adapted = LlamaModel::load(m_model, {"cpu", 0, adapter});
        const std::vector<tok::TokenId> ids = {1, 50, 60, 70, 80};
        QVERIFY(adapted->allLogits(ids) != base->allLogits(ids));
        const auto deltas = readLoraAdapter(adapter).deltas(c);
        QCOMPARE(deltas.size(), std::size_t(2));
        QCOMPARE(deltas.front().scale, 2.0);
        // An adapter for a model with another hidden size is refused before any work.
        TinyModelSpec other;
        other.hidden = 32;
        const std::string otherModel = m_dir.filePath("other").toStdString();
        makeTinyModel(otherModel, {loadCorpus(demo("demo_dev.json"))}, other);
        const std::string message = errorOf([&] { LlamaModel::load(otherModel, {"cpu", 0, adapter}); });
        QVERIFY2(message.find("another base model") != std::string::npos, message.c_str());
    }

    void badModelFolders() {
        namespace fs = std::filesystem;
        auto copy = [&](const char* name) {
            const std::string dir = m_dir.filePath(name).toStdString();
            fs::copy(m_model, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
            return dir;
        };
        // Truncated weights.
        const std::string truncated = copy("truncated");
        fs::resize_file(truncated + "/model.safetensors", fs::file_size(truncated + "/model.safetensors") - 100);
        std::string message = errorOf([&] { LlamaModel::load(truncated); });
        QVERIFY2(message.find("model.safetensors") != std::string::npos &&
                     message.find("outside the data buffer") != std::string::npos,
                 message.c_str());
        fs::resize_file(truncated + "/model.safetensors", 5);
        message = errorOf([&] { LlamaModel::load(truncated); });
        QVERIFY2(message.find("too short") != std::string::npos, message.c_str());
        // A header claiming an absurd size is refused before allocating.
        std::string huge(16, '\0');
        huge[6] = '\x7f';
        writeFileAtomic(truncated + "/model.safetensors", huge);
        message = errorOf([&] { LlamaModel::load(truncated); });
        QVERIFY2(message.find("exceeds the 100 MB limit") != std::string::npos, message.c_str());
        // Config disagreeing with the weights.
        const std::string shapes = copy("shapes");
        std::string config = readFile(shapes + "/config.json");
        config.replace(config.find("\"intermediate_size\": 172"), 24, "\"intermediate_size\": 100");
        writeFileAtomic(shapes + "/config.json", config);
        message = errorOf([&] { LlamaModel::load(shapes); });
        QVERIFY2(
            message.find("mlp.gate_proj.weight") != std::string::npos && message.find("[172, 48]") != std::string::npos,
            message.c_str());
        // A shard listed in the index but missing.
        const std::string sharded = copy("sharded");
        fs::rename(sharded + "/model.safetensors", sharded + "/model-00001-of-00002.safetensors");
        writeFileAtomic(
            sharded + "/model.safetensors.index.json",
            std::string(R"({"weight_map": {"model.embed_tokens.weight": "model-00001-of-00002.safetensors",)"
                        R"( "lm_head.weight": "model-00002-of-00002.safetensors"}})"));
        message = errorOf([&] { LlamaModel::load(sharded); });
        QVERIFY2(message.find("model-00002-of-00002.safetensors, which is missing") != std::string::npos,
                 message.c_str());
        // A tokenizer without the answer letters.
        const std::string letters = copy("letters");
        std::string tokenizer = readFile(letters + "/tokenizer.json");
        for (const char* letter : {"\"A\":", "\"B\":", "\"C\":"})
            tokenizer.replace(tokenizer.find(letter), 4, std::string("\"Q") + letter[1] + "\":");
        writeFileAtomic(letters + "/tokenizer.json", tokenizer);
        PredictConfig predict;
        predict.modelDir = letters;
        predict.dataFile = demo("demo_dev.json");
        predict.outFile = m_dir.filePath("never.json").toStdString();
        message = errorOf([&] { runPredict(predict); });
        QVERIFY2(message.find("no vocabulary entry \"A\"") != std::string::npos, message.c_str());
        QVERIFY(!fs::exists(predict.outFile));
        // An unknown device.
        message = errorOf([&] { LlamaModel::load(m_model, {"tpu", 0, ""}); });
        QVERIFY2(message.find("unknown device") != std::string::npos, message.c_str());
        // An activation this runtime does not compute is refused, not silently replaced by SiLU.
        const std::string gelu = copy("gelu");
        config = readFile(gelu + "/config.json");
        config.replace(config.find("\"hidden_act\": \"silu\""), 20, "\"hidden_act\": \"gelu\"");
        writeFileAtomic(gelu + "/config.json", config);
        message = errorOf([&] { LlamaModel::load(gelu); });
        QVERIFY2(message.find("hidden_act") != std::string::npos &&
                     message.find("\"gelu\" is not supported") != std::string::npos,
                 message.c_str());
        // transformers 5's config layout (rope_parameters, dtype) is read: rope_theta is not silently 10000.
        const auto v5 = parseLlamaConfig(R"({"hidden_size": 64, "intermediate_size": 172, "num_hidden_layers": 2,
            "num_attention_heads": 4, "vocab_size": 300, "dtype": "bfloat16",
            "rope_parameters": {"rope_type": "llama3", "rope_theta": 500000.0, "factor": 8.0,
                                "original_max_position_embeddings": 64}})",
                                         "config.json");
        QCOMPARE(v5.ropeTheta, 500000.0);
        QCOMPARE(v5.torchDtype, std::string("bfloat16"));
        QVERIFY(v5.rope.type == RopeScaling::Type::Llama3);
        // An adapter whose lora_alpha is a string is refused, not read as the default.
        const std::string badAdapter = m_dir.filePath("bad_adapter").toStdString();
        std::filesystem::create_directories(badAdapter);
        writeFileAtomic(
            badAdapter + "/adapter_config.json",
            std::string(R"({"peft_type": "LORA", "r": 2, "lora_alpha": "16", "target_modules": ["q_proj"]})"));
        message = errorOf([&] { readLoraAdapter(badAdapter); });
        QVERIFY2(message.find("lora_alpha must be a positive number, found \"16\"") != std::string::npos,
                 message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "test_model.moc"
