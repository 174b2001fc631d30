// Tokenizer unit tests: BPE merge order, byte fallback and its decoding, special tokens, lossy UTF-8 decoding as
// the reference does it, tokenizer_config.json, and clear errors for malformed or unsupported tokenizer files.
// (Conformance with the reference library on real tokenizers is in tests/reference/compare_tokenizer.py.)
#include "tokenizer/hf_tokenizer.h"
#include "tokenizer/load_tokenizer.h"
#include "tokenizer/text_codec.h"
#include "tokenizer/tokenizer_config.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <QtTest>

#include "test_support.h"

using namespace cci;
using cci::test::errorOf;
using Ids = std::vector<tok::TokenId>;

namespace {

std::string tinyPath() { return std::string(CCI_TEST_DATA_DIR) + "/tokenizers/tiny_bpe.json"; }

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("test data lacks " + from);
    return text.replace(at, from.size(), to);
}

}  // namespace

class TestTokenizer : public QObject {
    Q_OBJECT
private slots:
    void mergesApplyByRank() {
        const auto t = tok::HfTokenizer::fromFile(tinyPath());
        // "▁abc" merges ▁+a (rank 0), then ▁a+b, then ▁ab+c; in "▁cab" a+b (rank 1) is the only merge.
        QCOMPARE(t->encode("abc", false), (Ids{14}));
        QCOMPARE(t->encode("abc", true), (Ids{1, 14}));
        QCOMPARE(t->encode("abc ab", false), (Ids{14, 13}));
        QCOMPARE(t->encode("cab", false), (Ids{6, 9, 10}));
        QCOMPARE(t->encode("", true), (Ids{1}));
    }

    void byteFallbackAndDecode() {
        const auto t = tok::HfTokenizer::fromFile(tinyPath());
        const Ids ids = t->encode("가a", false);  // 가 = EA B0 80, not in the vocabulary
        QCOMPARE(ids, (Ids{6, 3, 4, 5, 7}));
        QCOMPARE(t->decode(ids), std::string("가a"));
        // An incomplete byte sequence decodes to one U+FFFD per byte token, as the reference does.
        QCOMPARE(t->decode(Ids{3, 4, 7}), std::string("\xEF\xBF\xBD\xEF\xBF\xBD"
                                                      "a"));
        // A character with neither a token nor byte tokens becomes <unk>; consecutive ones fuse.
        QCOMPARE(t->encode("xy", false), (Ids{6, 0}));
    }

    void specialTokensInTextAndSkipping() {
        const auto t = tok::HfTokenizer::fromFile(tinyPath());
        QCOMPARE(t->encode("a</s>b", false), (Ids{12, 2, 6, 8}));
        QCOMPARE(t->decode(Ids{1, 14, 2}, true), std::string("abc"));
        QCOMPARE(t->decode(Ids{1, 14, 2}, false), std::string("<s> abc</s>"));
        QVERIFY(t->isSpecial(2));
        QVERIFY(!t->isSpecial(14));
        QCOMPARE(t->tokenToId("A").value(), 15);
        QCOMPARE(t->idToToken(13), std::string("▁ab"));
        QCOMPARE(t->vocabSize(), std::size_t(18));
    }

    void lossyUtf8MatchesRust() {
        // Maximal subparts: a truncated 4-byte sequence is one U+FFFD; an invalid lead byte is one each.
        QCOMPARE(tok::decodeUtf8Lossy("a\xF0\x90\x80"
                                      "b"),
                 std::string("a\xEF\xBF\xBD"
                             "b"));
        QCOMPARE(tok::decodeUtf8Lossy("\xC0\x80"), std::string("\xEF\xBF\xBD\xEF\xBF\xBD"));
        QCOMPARE(tok::decodeUtf8Lossy("\xED\xA0\x80"), std::string("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"));
        QCOMPARE(tok::decodeUtf8Lossy("가"), std::string("가"));
    }

    void byteLevelAlphabet() {
        const auto& map = tok::byteToUnicode();
        QCOMPARE(map[' '], char32_t(0x120));   // 'Ġ'
        QCOMPARE(map['\n'], char32_t(0x10A));  // 'Ċ'
        QCOMPARE(map['A'], char32_t('A'));
        for (int b = 0; b < 256; ++b) QCOMPARE(tok::unicodeToByte(map[static_cast<std::size_t>(b)]), b);
    }

    void malformedFilesNameTheProblem_data() {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad JSON") << "\"version\": \"1.0\","
                                  << "\"version\": \"1.0\""
                                  << "not valid JSON";
        QTest::newRow("merge token missing") << "\"a b\","
                                             << "\"a q\","
                                             << "model.merges[1]: token \"q\" is not in the vocabulary";
        QTest::newRow("merge result missing") << "\"ab c\","
                                              << "\"c c\","
                                              << "model.merges[3]: merged token \"cc\" is not in the vocabulary";
        QTest::newRow("merge format") << "\"a b\","
                                      << "\"a b c\","
                                      << "model.merges[1]: a merge must be two tokens";
        QTest::newRow("no model") << "\"model\": {"
                                  << "\"modell\": {"
                                  << "missing field \"model\"";
        QTest::newRow("model type") << "\"type\": \"BPE\""
                                    << "\"type\": \"WordPiece\""
                                    << "unsupported model type \"WordPiece\"";
        QTest::newRow("normalizer type") << "{\"type\": \"Prepend\", \"prepend\": \"▁\"}"
                                         << "{\"type\": \"BertNormalizer\"}"
                                         << "normalizer.normalizers[0]: unsupported normalizer type \"BertNormalizer\"";
        QTest::newRow("decoder type") << "{\"type\": \"Fuse\"}"
                                      << "{\"type\": \"CTC\"}"
                                      << "decoder.decoders[2]: unsupported decoder type \"CTC\"";
        QTest::newRow("bad regex") << "\"pattern\": {\"String\": \" \"}"
                                   << "\"pattern\": {\"Regex\": \"(\"}"
                                   << "regex does not compile";
        QTest::newRow("bad id") << "\"abc\": 11"
                                << "\"abc\": -11"
                                << "expected a token id";
        QTest::newRow("unk missing") << "\"unk_token\": \"<unk>\""
                                     << "\"unk_token\": \"<nope>\""
                                     << "unk_token \"<nope>\" is not in the vocabulary";
        QTest::newRow("template slot") << ", {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}]"
                                       << "]"
                                       << "the single template has no Sequence slot";
    }

    void malformedFilesNameTheProblem() {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, expected);
        const std::string text = replaced(readFile(tinyPath()), from.toStdString(), to.toStdString());
        const std::string message = errorOf([&] { tok::HfTokenizer::fromJsonText(text, "bad/tokenizer.json"); });
        QVERIFY2(message.find("bad/tokenizer.json") != std::string::npos, message.c_str());
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    }

    void syntaxErrorsHaveLineAndColumn() {
        const std::string message =
            errorOf([] { tok::HfTokenizer::fromJsonText("{\n  \"model\": [1,,]\n}", "t.json"); });
        QVERIFY2(message.find("t.json:2:") != std::string::npos, message.c_str());
    }

    void tokenizerConfig() {
        const auto config = tok::parseTokenizerConfig(
            R"({"bos_token": {"content": "<s>", "lstrip": false}, "eos_token": "</s>", "add_bos_token": true,
                "chat_template": [{"name": "default", "template": "{{ x }}"}, {"name": "tool_use", "template": "t"}],
                "model_max_length": 1000000000000000019884624838656})",
            "tokenizer_config.json");
        QCOMPARE(config.bosToken, std::string("<s>"));
        QCOMPARE(config.eosToken, std::string("</s>"));
        QCOMPARE(config.addBosToken.value(), true);
        QVERIFY(!config.addEosToken);
        QCOMPARE(config.chatTemplate, std::string("{{ x }}"));
        QCOMPARE(config.namedTemplates.size(), std::size_t(2));
        QVERIFY(!config.modelMaxLength);  // "unlimited"
        const std::string message =
            errorOf([] { tok::parseTokenizerConfig(R"({"add_bos_token": "yes"})", "cfg.json"); });
        QVERIFY2(message.find("cfg.json") != std::string::npos && message.find("add_bos_token") != std::string::npos,
                 message.c_str());
    }

    void loadingAFolderWithoutTokenizerFails() {
        QTemporaryDir dir;
        const std::string message = errorOf([&] { tok::loadTokenizer(dir.path().toStdString()); });
        QVERIFY2(message.find("neither tokenizer.json nor tokenizer.model") != std::string::npos, message.c_str());
        const auto loaded = tok::loadTokenizer(tinyPath());
        QCOMPARE(loaded.tokenizer->encode("ab", false), (Ids{13}));
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
