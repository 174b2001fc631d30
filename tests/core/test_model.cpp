// Model runtime: batched, padded, prefix-shared scoring equals one-by-one scoring; predictions and the probability
// sidecar are written only when complete; bad model folders (truncated or overlapping safetensors, a missing shard,
// shapes against the config, a tokenizer without A/B/C, an adapter for another base model) give clear errors.
// (Logits against the independent Python reference: tests/reference/compare_model.py.)
#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "infer/letter_audit.h"
#include "infer/predict.h"
#include "model/hub_cache.h"
#include "model/llama_model.h"
#include "model/lora_adapter.h"
#include "model/merge_adapter.h"
#include "model/model_check.h"
#include "model/safetensors.h"
#include "model/tiny_model.h"
#include "model/weight_names.h"
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

    // Gemma 2, Gemma 3 and EXAONE 4.0 models with a sliding window far shorter than the prompts: a cached prefix
    // (which the window partly hides) and batching with padding give the logits of one full pass per item.
    void otherFamiliesScoreAsOnePassDoes() {
        const Corpus corpus = loadCorpus(demo("demo_dev.json"));
        for (const char* family : {"gemma2", "gemma3_text", "exaone4", "qwen2"}) {
            TinyModelSpec spec;
            spec.family = family;
            spec.layers = 3;
            spec.slidingWindow = 24;
            const std::string folder = m_dir.filePath(QString("family-") + family).toStdString();
            makeTinyModel(folder, {corpus}, spec);
            const auto model = LlamaModel::load(folder);
            QCOMPARE(model->config().family, std::string(family));
            QVERIFY(model->config().slidingWindow == 24L);
            const auto tokenizer = tok::loadTokenizer(folder);
            const auto ids =
                tokenizer.tokenizer->encode(corpus.samples[0].conversation[0].text +
                                            corpus.samples[0].conversation[1].text + corpus.samples[0].inferences[0]);
            QVERIFY2(ids.size() > 60, family);
            const auto whole = model->allLogits(ids), split = model->allLogitsWithCache(ids, 37);
            QCOMPARE(whole.size(), split.size());
            float worst = 0;
            for (std::size_t i = 0; i < whole.size(); ++i) worst = std::max(worst, std::abs(whole[i] - split[i]));
            QVERIFY2(worst < 1e-4f,
                     (std::string(family) + ": cached prefix differs by " + std::to_string(worst)).c_str());
            // Batched, prefix-shared scoring against one item at a time.
            PredictConfig config;
            config.modelDir = folder;
            config.batchSize = 5;
            Corpus some;
            some.samples.assign(corpus.samples.begin(), corpus.samples.begin() + 8);
            const auto batched = scoreCorpus(*model, *tokenizer.tokenizer, some, config);
            config.batchSize = 1;
            for (std::size_t i = 0; i < some.samples.size(); ++i) {
                Corpus one;
                one.samples = {some.samples[i]};
                const auto single = scoreCorpus(*model, *tokenizer.tokenizer, one, config).scores.front();
                for (int k = 0; k < 3; ++k)
                    QVERIFY2(std::abs(batched.scores[i].probs[k] - single.probs[k]) < 1e-5, family);
            }
        }
    }

    // EXAONE 3.x holds Llama's layers under its own names: the same weights renamed give the same logits, and its
    // adapters carry its module names (PEFT's target_modules out_proj, c_fc_0 …) yet act as Llama's do, merged too.
    void exaoneNamesHoldLlamaLayers() {
        namespace fs = std::filesystem;
        const LlamaConfig llama = readLlamaConfig(m_model + "/config.json");
        LlamaConfig exaone = llama;
        exaone.family = "exaone";
        exaone.architecture = "ExaoneForCausalLM";
        const std::string folder = m_dir.filePath("exaone").toStdString();
        fs::create_directories(folder);
        for (const char* file : {"tokenizer.json", "tokenizer_config.json"})
            fs::copy_file(m_model + "/" + file, folder + "/" + file);
        writeFileAtomic(folder + "/config.json", llamaConfigJson(exaone));
        QVERIFY(readFile(folder + "/config.json").find("\"num_layers\"") != std::string::npos);
        // The checker's lists of both families pair each weight with its renamed self.
        const auto from = llamaWeights(llama), to = llamaWeights(readLlamaConfig(folder + "/config.json"));
        QCOMPARE(from.size(), to.size());
        QCOMPARE(to.front().name, std::string("transformer.wte.weight"));
        const SafetensorsFile weights(m_model + "/model.safetensors");
        std::vector<TensorData> renamed;
        for (std::size_t i = 0; i < from.size(); ++i) {
            const TensorView& v = weights.tensors().at(from[i].name);
            QCOMPARE(to[i].shape, from[i].shape);
            renamed.push_back(
                {to[i].name, v.dtype, v.shape, std::string(reinterpret_cast<const char*>(v.data), v.bytes)});
        }
        QVERIFY(std::any_of(renamed.begin(), renamed.end(), [](const TensorData& t) {
            return t.name == "transformer.h.1.attn.attention.out_proj.weight";
        }));
        QVERIFY(std::any_of(renamed.begin(), renamed.end(),
                            [](const TensorData& t) { return t.name == "transformer.h.0.mlp.c_fc_0.weight"; }));
        writeSafetensors(folder + "/model.safetensors", renamed);
        const std::vector<tok::TokenId> ids = {1, 50, 60, 70, 80, 90};
        const auto llamaModel = LlamaModel::load(m_model), exaoneModel = LlamaModel::load(folder);
        QCOMPARE(exaoneModel->allLogits(ids), llamaModel->allLogits(ids));
        // One adapter's deltas written for each family.
        std::vector<LoraDelta> deltas;
        for (const auto& [layer, module] :
             {std::pair{1, "o_proj"}, std::pair{0, "gate_proj"}, std::pair{-1, "lm_head"}}) {
            LoraDelta d;
            d.layer = layer;
            d.module = module;
            d.rank = 2;
            std::tie(d.in, d.out) = loraModuleShape(llama, module);
            for (std::int64_t i = 0; i < d.rank * d.in; ++i) d.a.push_back(0.05f * float(i % 5 - 2));
            for (std::int64_t i = 0; i < d.out * d.rank; ++i) d.b.push_back(0.03f * float(i % 3 - 1));
            deltas.push_back(d);
        }
        LoraAdapterSettings settings;
        settings.r = 2;
        settings.alpha = 4;
        settings.targetModules = {"o_proj", "gate_proj", "lm_head"};
        const std::string exaoneAdapter = m_dir.filePath("exaone-adapter").toStdString(),
                          llamaAdapter = m_dir.filePath("llama-adapter").toStdString();
        writeLoraAdapter(exaoneAdapter, settings, deltas, exaone);
        writeLoraAdapter(llamaAdapter, settings, deltas, llama);
        const auto written = nlohmann::json::parse(readFile(exaoneAdapter + "/adapter_config.json"));
        QCOMPARE(written["target_modules"].get<std::vector<std::string>>(),
                 (std::vector<std::string>{"out_proj", "c_fc_0", "lm_head"}));
        const SafetensorsFile adapterFile(exaoneAdapter + "/adapter_model.safetensors");
        for (const char* name :
             {"base_model.model.transformer.h.1.attn.attention.out_proj.lora_A.weight",
              "base_model.model.transformer.h.0.mlp.c_fc_0.lora_B.weight", "base_model.model.lm_head.lora_A.weight"})
            QVERIFY2(adapterFile.tensors().count(name), name);
        QCOMPARE(readLoraAdapter(exaoneAdapter).targetModulesOf(exaone), settings.targetModules);
        const auto adaptedLlama = LlamaModel::load(m_model, {"cpu", 0, llamaAdapter});
        const auto adaptedExaone = LlamaModel::load(folder, {"cpu", 0, exaoneAdapter});
        QVERIFY(adaptedLlama->allLogits(ids) != llamaModel->allLogits(ids));
        QCOMPARE(adaptedExaone->allLogits(ids), adaptedLlama->allLogits(ids));
        // Merged under EXAONE's names, it scores as the adapter does.
        MergeConfig merge;
        merge.modelDir = folder;
        merge.adapterDir = exaoneAdapter;
        merge.outDir = m_dir.filePath("exaone-merged").toStdString();
        // Named chat templates (transformers 5's additional_chat_templates/) travel with the tokenizer files.
        QDir().mkpath(QString::fromStdString(folder + "/additional_chat_templates"));
        writeFileAtomic(folder + "/additional_chat_templates/tool_use.jinja", std::string("T"));
        QCOMPARE(mergeAdapter(merge).merged, std::size_t(3));
        QCOMPARE(readFile(merge.outDir + "/additional_chat_templates/tool_use.jinja"), std::string("T"));
        const auto merged = LlamaModel::load(merge.outDir)->allLogits(ids), adapted = adaptedExaone->allLogits(ids);
        for (std::size_t i = 0; i < merged.size(); ++i) QVERIFY(std::abs(merged[i] - adapted[i]) < 1e-4f);
        // Llama's adapter names on an EXAONE base are refused by name.
        const std::string message = errorOf([&] { LlamaModel::load(folder, {"cpu", 0, llamaAdapter}); });
        QVERIFY2(message.find("unexpected LoRA tensor base_model.model.model.layers.") != std::string::npos &&
                     message.find("ExaoneForCausalLM") != std::string::npos,
                 message.c_str());
    }

    // Each family's config.json: the defaults transformers' config classes apply, what this runtime refuses, and
    // the config written for a family reads back the same.
    void otherFamiliesReadTheirConfigs() {
        const std::string dims = R"("hidden_size": 64, "intermediate_size": 96, "num_attention_heads": 4,
            "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 300, )";
        auto parse = [&](const std::string& rest) { return parseLlamaConfig("{" + dims + rest + "}", "config.json"); };
        const auto layersOf = [](const LlamaConfig& c) {
            std::string out;
            for (int i = 0; i < c.layers; ++i) out += c.slidingLayer(std::size_t(i)) ? 'S' : 'F';
            return out;
        };
        // Gemma 2 with nothing but its type: caps 50 and 30, window 4096 on every other layer, tied, GELU (tanh).
        const auto g2 = parse(R"("model_type": "gemma2", "num_hidden_layers": 4)");
        QVERIFY(g2.normPlacement == NormPlacement::Sandwich && g2.normWeighting == NormWeighting::OnePlusScale);
        QVERIFY(g2.attnSoftcap == 50.0 && g2.finalSoftcap == 30.0 && g2.queryPreAttnScalar == 256.0);
        QVERIFY(g2.slidingWindow == 4096L && g2.tieEmbeddings && g2.scaleEmbeddings);
        QVERIFY(g2.activation == Activation::GeluTanh && !g2.qkNorm);
        QCOMPARE(layersOf(g2), std::string("SFSF"));
        QCOMPARE(g2.architecture, std::string("Gemma2ForCausalLM"));
        // Caps given as null are off.
        const auto g2nocap = parse(R"("model_type": "gemma2", "num_hidden_layers": 2, "attn_logit_softcapping": null,
            "final_logit_softcapping": null, "sliding_window": null)");
        QVERIFY(!g2nocap.attnSoftcap && !g2nocap.finalSoftcap && !g2nocap.slidingWindow);
        // Gemma 3 in transformers 4's layout: global base 1e6 with the scaling, local base 1e4, five local : one
        // global.
        const auto g3 = parse(R"("model_type": "gemma3_text", "num_hidden_layers": 7, "sliding_window": 512,
            "rope_scaling": {"rope_type": "linear", "factor": 8.0})");
        QCOMPARE(g3.ropeTheta, 1e6);
        QVERIFY(g3.localRopeTheta == 10000.0 && g3.rope.type == RopeScaling::Type::Linear && g3.rope.factor == 8.0);
        QCOMPARE(layersOf(g3), std::string("SSSSSFS"));
        QVERIFY(g3.qkNorm && !g3.attnSoftcap && !g3.finalSoftcap);
        // ... and in transformers 5's, one rotary entry per layer type.
        const auto g3v5 = parse(R"("model_type": "gemma3_text", "num_hidden_layers": 2,
            "layer_types": ["sliding_attention", "full_attention"], "rope_parameters": {
              "full_attention": {"rope_type": "linear", "factor": 4.0, "rope_theta": 2000000.0},
              "sliding_attention": {"rope_type": "default", "rope_theta": 20000.0}})");
        QVERIFY(g3v5.ropeTheta == 2e6 && g3v5.localRopeTheta == 20000.0 && g3v5.rope.factor == 4.0);
        // A multimodal Gemma 3 config as published (gemma-3-12b-it): the language model's text_config names little
        // more than its sizes; Gemma3TextConfig's defaults fill the rest. Its weights sit under
        // model.language_model. (the module names PEFT follows) or language_model.model. (as saved).
        const auto mm = parseLlamaConfig(R"({"architectures": ["Gemma3ForConditionalGeneration"],
            "model_type": "gemma3", "torch_dtype": "bfloat16", "vision_config": {"hidden_size": 1152},
            "text_config": {"hidden_size": 3840, "intermediate_size": 15360, "model_type": "gemma3_text",
              "num_attention_heads": 16, "num_hidden_layers": 48, "num_key_value_heads": 8,
              "rope_scaling": {"factor": 8.0, "rope_type": "linear"}, "sliding_window": 1024}})",
                                         "config.json");
        QVERIFY(mm.multimodal && mm.family == "gemma3_text" && mm.vocab == 262208 && mm.headDim == 256);
        QVERIFY(mm.tieEmbeddings && mm.torchDtype == "bfloat16" && mm.queryPreAttnScalar == 256.0);
        QVERIFY(mm.ropeTheta == 1e6 && mm.localRopeTheta == 10000.0 && mm.rope.factor == 8.0 &&
                mm.maxPositions == 131072);
        QCOMPARE(mm.architecture, std::string("Gemma3ForConditionalGeneration"));
        QCOMPARE(layersOf(mm).substr(0, 12), std::string("SSSSSFSSSSSF"));
        QVERIFY(describeLayers(mm).find("multimodal") != std::string::npos);
        QCOMPARE(weightNames(mm).modulePath(2, "o_proj"),
                 std::string("model.language_model.layers.2.self_attn.o_proj"));
        const auto saved =
            weightNames(mm, [](const std::string& name) { return name.rfind("language_model.model.", 0) == 0; });
        QCOMPARE(saved.embed, std::string("language_model.model.embed_tokens.weight"));
        QCOMPARE(saved.modulePath(0, "down_proj"), std::string("language_model.model.layers.0.mlp.down_proj"));
        QCOMPARE(peftModulePrefix(mm, 1, "q_proj"),
                 std::string("base_model.model.model.language_model.layers.1.self_attn.q_proj"));
        // EXAONE 4.0: norms after attention and MLP only; a pattern string; global layers without rotary embedding.
        const auto ex = parse(R"("model_type": "exaone4", "num_hidden_layers": 8, "sliding_window": 128,
            "sliding_window_pattern": "LLLG")");
        QVERIFY(ex.normPlacement == NormPlacement::Post && ex.normWeighting == NormWeighting::Scale && ex.qkNorm);
        QVERIFY(ex.fullLayersWithoutRope && !ex.tieEmbeddings && ex.activation == Activation::Silu);
        QCOMPARE(layersOf(ex), std::string("SSSFSSSF"));
        const auto exGlobal = parse(R"("model_type": "exaone4", "num_hidden_layers": 2, "sliding_window": null)");
        QVERIFY(!exGlobal.fullLayersWithoutRope && !exGlobal.slidingWindow);
        // Qwen2's window from max_window_layers on; Llama and Gemma have no window whatever the config says.
        QCOMPARE(layersOf(parse(R"("model_type": "qwen2", "num_hidden_layers": 4, "sliding_window": 64,
            "use_sliding_window": true, "max_window_layers": 2)")),
                 std::string("FFSS"));
        QVERIFY(!parse(R"("model_type": "llama", "num_hidden_layers": 2, "sliding_window": 64)").slidingWindow);
        QVERIFY(!parse(R"("model_type": "gemma", "num_hidden_layers": 2, "sliding_window": 64)").slidingWindow);
        QCOMPARE(layersOf(parse(R"("model_type": "mistral", "num_hidden_layers": 2, "sliding_window": 64)")),
                 std::string("SS"));
        // EXAONE 3.5's own keys: num_layers, layer_norm_epsilon, activation_function; llama3 rope scaling.
        const auto ex3 = parse(R"("model_type": "exaone", "num_layers": 3, "layer_norm_epsilon": 1e-5,
            "activation_function": "silu", "rope_theta": 1000000.0, "tie_word_embeddings": false,
            "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "original_max_position_embeddings": 8192})");
        QVERIFY(ex3.layers == 3 && ex3.rmsEps == 1e-5 && !ex3.tieEmbeddings && ex3.plainLlamaLayers());
        QVERIFY(ex3.rope.type == RopeScaling::Type::Llama3 && ex3.ropeTheta == 1e6);
        QCOMPARE(ex3.architecture, std::string("ExaoneForCausalLM"));
        // Refused, each by name.
        const std::pair<const char*, const char*> refused[] = {
            {R"("model_type": "gemma3", "num_hidden_layers": 2)", "text_config: a multimodal Gemma 3 config needs"},
            {R"("model_type": "exaone", "num_layers": 2, "activation_function": "gelu_new")",
             "activation_function: \"gelu_new\" is not supported"},
            {R"("model_type": "phi3", "num_hidden_layers": 2)", "\"phi3\" is not a supported model family"},
            {R"("model_type": "gemma2", "num_hidden_layers": 2, "use_bidirectional_attention": true)",
             "use_bidirectional_attention"},
            {R"("model_type": "gemma2", "num_hidden_layers": 3, "layer_types": ["full_attention"])",
             "layer_types: must list one type for each of the 3 layers"},
            {R"("model_type": "gemma2", "num_hidden_layers": 1, "layer_types": ["chunked_attention"])",
             "\"chunked_attention\" is not supported"},
            {R"("model_type": "exaone4", "num_hidden_layers": 2, "sliding_window_pattern": "LXG")",
             "a string of L and G"},
            {R"("num_hidden_layers": 2, "hidden_act": "quick_gelu")", "\"quick_gelu\" is not supported"},
        };
        for (const auto& [config, expected] : refused) {
            const std::string message = errorOf([&] { parse(config); });
            QVERIFY2(message.find(expected) != std::string::npos, (std::string(config) + " -> " + message).c_str());
        }
        // The config written for each family reads back to the same model, and its parameter count is the sum of
        // the weights the family's folder must hold.
        for (const char* family :
             {"llama", "mistral", "qwen2", "qwen3", "gemma", "gemma2", "gemma3_text", "exaone", "exaone4"}) {
            TinyModelSpec spec;
            spec.family = family;
            spec.layers = 3;
            spec.slidingWindow = 40;
            const std::string folder = m_dir.filePath(QString("config-") + family).toStdString();
            const LlamaConfig made = makeTinyModel(folder, {loadCorpus(demo("demo_dev.json"))}, spec);
            const LlamaConfig read = readLlamaConfig(folder + "/config.json");
            QCOMPARE(read.family, std::string(family));
            QCOMPARE(read.architecture, made.architecture);
            QCOMPARE(llamaConfigJson(read), llamaConfigJson(made));
            QVERIFY(read.normPlacement == made.normPlacement && read.normWeighting == made.normWeighting &&
                    read.activation == made.activation && read.qkNorm == made.qkNorm &&
                    read.scaleEmbeddings == made.scaleEmbeddings && read.slidingWindow == made.slidingWindow &&
                    read.slidingLayers == made.slidingLayers && read.localRopeTheta == made.localRopeTheta &&
                    read.fullLayersWithoutRope == made.fullLayersWithoutRope && read.attnSoftcap == made.attnSoftcap &&
                    read.finalSoftcap == made.finalSoftcap && read.queryPreAttnScalar == made.queryPreAttnScalar);
            long long held = 0;
            for (const auto& w : llamaWeights(read)) {
                long long n = 1;
                for (const auto d : w.shape) n *= d;
                held += n;
            }
            QCOMPARE(read.parameterCount(), held);
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

    void adaptersThatCannotBeAppliedExactlyAreRefused_data() {
        // Each was scored (and merged) as plain LoRA, giving probabilities far from PEFT's: refused by name unless it
        // is applied as PEFT applies it (DoRA, patterns and layer selection are; tests/reference/compare_peft.py).
        QTest::addColumn<QString>("configExtra");  // fields added to adapter_config.json
        QTest::addColumn<QString>("extraTensor");  // a tensor added beside A and B ("" = none)
        QTest::addColumn<int>("tensorRank");       // the rank of the A/B tensors (config r is 2)
        QTest::addColumn<bool>("dropA");           // lora_A of the module left out
        QTest::addColumn<QString>("message");
        QTest::newRow("DoRA without magnitudes")
            << R"("use_dora": true)"
            << "" << 2 << false << "q_proj.lora_magnitude_vector is missing (use_dora is set)";
        QTest::newRow("rank pattern not matching the tensors")
            << R"("rank_pattern": {"q_proj": 8})"
            << "" << 2 << false
            << "has rank 2 but " + QString::fromStdString(m_dir.filePath("refused_adapter").toStdString()) +
                   "/adapter_config.json says r 8 for it (rank_pattern)";
        QTest::newRow("alpha pattern of the wrong type")
            << R"("alpha_pattern": {"q_proj": "64"})"
            << "" << 2 << false << R"(alpha_pattern["q_proj"] must be a positive number)";
        QTest::newRow("pattern Python alone reads") << R"("rank_pattern": {"(?P<x>q)_proj": 2})"
                                                    << "" << 2 << false << "cannot be read";
        QTest::newRow("pattern that backtracks without end") << R"("alpha_pattern": {"(q_*)*proj": 2})"
                                                             << "" << 2 << false << "repeats a group";
        QTest::newRow("pattern with a huge counted repetition") << R"("rank_pattern": {"q{99999999}_proj": 2})"
                                                                << "" << 2 << false << "counts a repetition";
        QTest::newRow("modules to save naming no base tensor")
            << R"("modules_to_save": ["norm"])"
            << "base_model.model.model.layers.1.self_attn.q_norm.weight" << 2 << false
            << "q_norm.weight (modules_to_save) names no tensor of the base model";
        QTest::newRow("modules to save of the wrong type")
            << R"("modules_to_save": "lm_head")"
            << "" << 2 << false << "modules_to_save must be a list of module names";
        QTest::newRow("a layer left out") << R"("layers_to_transform": [0])"
                                          << "" << 2 << false << "adapts layer 1, which";
        QTest::newRow("layers of the wrong type") << R"("layers_to_transform": ["0"])"
                                                  << "" << 2 << false << "layers_to_transform must be a layer index";
        QTest::newRow("fan in fan out") << R"("fan_in_fan_out": true)"
                                        << "" << 2 << false << R"("fan_in_fan_out")";
        QTest::newRow("bias") << R"("bias": "all")"
                              << "" << 2 << false << R"("bias": "all")";
        QTest::newRow("lora bias") << R"("lora_bias": true)"
                                   << "" << 2 << false << R"("lora_bias")";
        QTest::newRow("QALoRA") << R"("use_qalora": true)"
                                << "" << 2 << false << R"("use_qalora")";
        QTest::newRow("target parameters") << R"("target_parameters": ["x"])"
                                           << "" << 2 << false << R"("target_parameters")";
        QTest::newRow("unknown field") << R"("future_scale": 0.5)"
                                       << "" << 2 << false << R"("future_scale": 0.5)";
        QTest::newRow("magnitude vector") << ""
                                          << "base_model.model.model.layers.1.self_attn.q_proj.lora_magnitude_vector"
                                          << 2 << false << "is a DoRA magnitude vector but";
        QTest::newRow("lora bias tensor") << ""
                                          << "base_model.model.model.layers.1.self_attn.q_proj.lora_B.bias" << 2
                                          << false << "lora_B.bias is not a LoRA A or B weight";
        QTest::newRow("rank above r") << ""
                                      << "" << 4 << false << "has rank 4 but";
        QTest::newRow("missing A") << ""
                                   << "" << 2 << true << "q_proj.lora_A.weight is missing";
        QTest::newRow("saved output layer that differs")
            << ""
            << "base_model.model.lm_head.base_layer.weight" << 2 << false
            << "differs from the base model's lm_head.weight; PEFT would load it over the base model";
    }
    void adaptersThatCannotBeAppliedExactlyAreRefused() {
        QFETCH(QString, configExtra);
        QFETCH(QString, extraTensor);
        QFETCH(int, tensorRank);
        QFETCH(bool, dropA);
        QFETCH(QString, message);
        const auto base = LlamaModel::load(m_model);
        const auto& c = base->config();
        const std::string adapter = m_dir.filePath("refused_adapter").toStdString();
        std::filesystem::remove_all(adapter);
        std::filesystem::create_directories(adapter);
        // What PEFT writes (every field at its default), plus the variant's field.
        const std::string config =
            R"({"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": 2, "lora_alpha": 4, "target_modules": ["q_proj"],
                "lora_dropout": 0.05, "fan_in_fan_out": false, "bias": "none", "use_rslora": false,
                "modules_to_save": null, "init_lora_weights": true, "layers_to_transform": null, "rank_pattern": {},
                "alpha_pattern": {}, "megatron_core": "megatron.core", "loftq_config": {}, "use_dora": false,
                "qalora_group_size": 16, "use_qalora": false, "lora_bias": false, "runtime_config":
                {"ephemeral_gpu_offload": false}, "inference_mode": true, "peft_version": "0.21.2")" +
            (configExtra.isEmpty() ? std::string() : ", " + configExtra.toStdString()) + "}";
        writeFileAtomic(adapter + "/adapter_config.json", config);
        const std::int64_t H = c.hidden, r = tensorRank;
        auto tensor = [](const std::string& name, std::vector<std::int64_t> shape) {
            std::int64_t n = 1;
            for (auto d : shape) n *= d;
            std::string bytes(std::size_t(n) * 4, '\0');
            for (std::int64_t i = 0; i < n; ++i) {
                const float v = 0.01f * float((i % 5) - 2);
                std::memcpy(bytes.data() + 4 * i, &v, 4);
            }
            return TensorData{name, DType::F32, shape, bytes};
        };
        std::vector<TensorData> tensors;
        if (!dropA) tensors.push_back(tensor("base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight", {r, H}));
        tensors.push_back(tensor("base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight", {H, r}));
        if (!extraTensor.isEmpty()) tensors.push_back(tensor(extraTensor.toStdString(), {H}));
        writeSafetensors(adapter + "/adapter_model.safetensors", tensors, {{"format", "pt"}});
        const std::string error = errorOf([&] { LlamaModel::load(m_model, {"cpu", 0, adapter}); });
        QVERIFY2(error.find(message.toStdString()) != std::string::npos, error.c_str());
    }

    void peftDefaultsOfAPlainAdapterAreAccepted() {
        // The same adapter with every PEFT field at its default loads (the refusals above are the variants alone).
        const auto base = LlamaModel::load(m_model);
        const std::string adapter = m_dir.filePath("plain_adapter").toStdString();
        std::filesystem::create_directories(adapter);
        writeFileAtomic(adapter + "/adapter_config.json",
                        R"({"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": 2, "lora_alpha": 4,
                            "target_modules": ["q_proj"], "lora_dropout": 0.05, "fan_in_fan_out": false,
                            "bias": "none", "modules_to_save": null, "rank_pattern": {}, "alpha_pattern": {},
                            "use_dora": false, "layers_to_transform": null, "megatron_core": "megatron.core",
                            "qalora_group_size": 16, "inference_mode": true, "lora_bias": false})");
        const std::int64_t H = base->config().hidden;
        std::string a(std::size_t(2 * H) * 4, '\0'), b(std::size_t(2 * H) * 4, '\0');
        writeSafetensors(adapter + "/adapter_model.safetensors",
                         {{"base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight", DType::F32, {2, H}, a},
                          {"base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight", DType::F32, {H, 2}, b}},
                         {{"format", "pt"}});
        const auto adapted = LlamaModel::load(m_model, {"cpu", 0, adapter});
        const std::vector<tok::TokenId> ids = {1, 50, 60};
        QCOMPARE(adapted->allLogits(ids), base->allLogits(ids));  // B = 0: the base model's logits
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
        config.replace(config.find("\"hidden_act\": \"silu\""), 20, "\"hidden_act\": \"quick_gelu\"");
        writeFileAtomic(gelu + "/config.json", config);
        message = errorOf([&] { LlamaModel::load(gelu); });
        QVERIFY2(message.find("hidden_act") != std::string::npos &&
                     message.find("\"quick_gelu\" is not supported") != std::string::npos,
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

    // Hub ids: the cache folder from the environment as huggingface_hub picks it, refs resolved to commits, and a
    // missing model or revision refused with the download command (conformance: compare_hub_cache.py).
    void hubModelIdsResolveFromTheCache() {
        const QByteArray saved[] = {qgetenv("HF_HUB_CACHE"), qgetenv("HUGGINGFACE_HUB_CACHE"), qgetenv("HF_HOME"),
                                    qgetenv("XDG_CACHE_HOME")};
        for (const char* name : {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME"}) qunsetenv(name);
        QCOMPARE(hubCacheFolder(), qEnvironmentVariable("HOME").toStdString() + "/.cache/huggingface/hub");
        qputenv("XDG_CACHE_HOME", "/x");
        QCOMPARE(hubCacheFolder(), std::string("/x/huggingface/hub"));
        qputenv("HF_HOME", "/h");
        QCOMPARE(hubCacheFolder(), std::string("/h/hub"));
        qputenv("HUGGINGFACE_HUB_CACHE", "/legacy");
        QCOMPARE(hubCacheFolder(), std::string("/legacy"));
        const std::string cache = m_dir.filePath("hub").toStdString();
        qputenv("HF_HUB_CACHE", QByteArray::fromStdString(cache));
        QCOMPARE(hubCacheFolder(), cache);
        const std::string repo = cache + "/models--org--tiny";
        const std::string commit(40, 'a');
        std::filesystem::create_directories(repo + "/snapshots/" + commit);
        std::filesystem::create_directories(repo + "/refs");
        writeFileAtomic(repo + "/refs/main", commit + "\n");
        QVERIFY(looksLikeHubModelId("org/tiny"));
        QVERIFY(!looksLikeHubModelId(m_dir.path().toStdString()));  // an existing path is a folder
        QVERIFY(!looksLikeHubModelId("a/b/c") && !looksLikeHubModelId("../x") && !looksLikeHubModelId("tiny"));
        HubSnapshot snapshot;
        QCOMPARE(resolveModelFolder("org/tiny", "main", &snapshot), repo + "/snapshots/" + commit);
        QCOMPARE(snapshot.commit, commit);
        QCOMPARE(resolveHubModel("org/tiny", commit).folder, repo + "/snapshots/" + commit);
        QCOMPARE(cachedHubModels(), std::vector<std::string>{"org/tiny"});
        std::string message = errorOf([] { resolveHubModel("org/other"); });
        QVERIFY2(message.find("org/other: not a folder and not found in the Hugging Face cache (" + cache +
                              "); download it first with: hf download org/other") != std::string::npos,
                 message.c_str());
        message = errorOf([] { resolveHubModel("org/tiny", "v2"); });
        QVERIFY2(message.find("revision \"v2\" is not recorded") != std::string::npos &&
                     message.find("hf download org/tiny --revision v2") != std::string::npos,
                 message.c_str());
        message = errorOf([] { resolveHubModel("org/tiny", std::string(40, 'b')); });
        QVERIFY2(message.find("has no snapshot") != std::string::npos, message.c_str());
        message = errorOf([] { resolveHubModel("org/tiny", "../../etc"); });
        QVERIFY2(message.find("is not a revision") != std::string::npos, message.c_str());
        message = errorOf([&] { resolveModelFolder(m_dir.path().toStdString(), "v1"); });
        QVERIFY2(message.find("applies to a hub model id") != std::string::npos, message.c_str());
        const char* names[] = {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME"};
        for (int i = 0; i < 4; ++i) saved[i].isNull() ? qunsetenv(names[i]) : qputenv(names[i], saved[i]);
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "test_model.moc"
