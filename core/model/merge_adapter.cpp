// Adapter merging (see merge_adapter.h).
#include "model/merge_adapter.h"

#include "model/weight_names.h"

#include "model/llama_internals.h"
#include "model/lora_adapter.h"
#include "model/model_config.h"
#include "model/safetensors.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>

#include <unistd.h>

namespace cci::model {

namespace {

DType parseDType(const std::string& name) {
    if (name == "F32" || name == "float32") return DType::F32;
    if (name == "BF16" || name == "bfloat16") return DType::BF16;
    if (name == "F16" || name == "float16") return DType::F16;
    throw Error("merge: unknown dtype \"" + name + "\" (F32, BF16 or F16)");
}

const char* torchDtypeName(DType d) {
    switch (d) {
        case DType::F32: return "float32";
        case DType::F16: return "float16";
        case DType::BF16: return "bfloat16";
    }
    return "float32";
}

std::string hfName(const WeightNames& names, const LoraDelta& d) {
    if (d.layer < 0) return names.lmHead;
    return names.modulePath(d.layer, d.module) + ".weight";
}

struct OutTensor {
    std::string name, source;  // name in the merged model; the base tensor it comes from
    DType dtype;
    std::vector<std::int64_t> shape;
};

}  // namespace

MergeResult mergeAdapter(const MergeConfig& config, const ProgressFn& progress) {
    namespace fs = std::filesystem;
    if (config.outDir.empty()) throw Error("merge: an output folder is needed");
    std::error_code ec;
    if (fs::exists(config.outDir, ec) && !fs::is_empty(config.outDir, ec))
        throw Error("merge: " + config.outDir + " exists and is not empty; choose a new folder");
    if (fs::exists(config.outDir, ec) && fs::equivalent(config.outDir, config.modelDir, ec))
        throw Error("merge: the output folder is the base model's folder");
    const LlamaConfig base = readLlamaConfig(config.modelDir + "/config.json");
    const LoraAdapter adapter = readLoraAdapter(config.adapterDir);
    const std::vector<LoraDelta> deltas = adapter.deltas(base);
    std::map<std::string, const LoraDelta*> byName;
    WeightStore store(config.modelDir);
    adapter.overlaySavedModules(store, base);  // modules_to_save copies are written in place of the base's
    const WeightNames names = weightNames(base, [&](const std::string& name) { return store.find(name) != nullptr; });
    adapter.checkSavedBaseLayers(store, names);
    for (const auto& d : deltas) byName[hfName(names, d)] = &d;

    // What the merged model holds: every base tensor; lm_head of its own when the base ties it and the adapter
    // changes it.
    std::vector<OutTensor> out;
    const bool untie = byName.count(names.lmHead) && !store.find(names.lmHead);
    for (const auto& name : store.names()) {
        const TensorView* v = store.find(name);
        const DType dtype = config.dtype.empty() ? v->dtype : parseDType(config.dtype);
        out.push_back({name, name, dtype, v->shape});
        if (untie && name == names.embed) out.push_back({names.lmHead, name, dtype, v->shape});
    }
    for (const auto& [name, _] : byName)
        if (std::none_of(out.begin(), out.end(), [&](const OutTensor& t) { return t.name == name; }))
            throw Error("merge: the adapter changes " + name + ", which the base model in " + config.modelDir +
                        " lacks");

    // Shards of at most maxShardBytes (a tensor larger than that gets a shard of its own).
    std::vector<std::vector<std::size_t>> shards(1);
    std::uint64_t shardBytes = 0, total = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::uint64_t bytes = TensorHeader{out[i].name, out[i].dtype, out[i].shape}.bytes();
        if (!shards.back().empty() && shardBytes + bytes > config.maxShardBytes) {
            shards.emplace_back();
            shardBytes = 0;
        }
        shards.back().push_back(i);
        shardBytes += bytes;
        total += bytes;
    }

    const fs::path target = fs::absolute(config.outDir).lexically_normal();
    const fs::path tmp =
        target.parent_path() / ("." + target.filename().string() + ".merging-" + std::to_string(getpid()));
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    MergeResult result;
    try {
        torch::NoGradGuard noGrad;
        std::size_t done = 0;
        nlohmann::ordered_json weightMap = nlohmann::ordered_json::object();
        for (std::size_t s = 0; s < shards.size(); ++s) {
            char file[64];
            if (shards.size() == 1)
                std::snprintf(file, sizeof file, "model.safetensors");
            else
                std::snprintf(file, sizeof file, "model-%05zu-of-%05zu.safetensors", s + 1, shards.size());
            std::vector<TensorHeader> headers;
            for (const std::size_t i : shards[s]) {
                headers.push_back({out[i].name, out[i].dtype, out[i].shape});
                weightMap[out[i].name] = file;
            }
            writeSafetensorsStreamed((tmp / file).string(), headers,
                                     [&](std::size_t k, std::ostream& os) {
                                         const OutTensor& t = out[shards[s][k]];
                                         const TensorView& v = *store.find(t.source);
                                         const auto it = byName.find(t.name);
                                         if (it == byName.end() && v.dtype == t.dtype) {
                                             os.write(reinterpret_cast<const char*>(v.data), std::streamsize(v.bytes));
                                         } else {
                                             auto w = torch::from_blob(const_cast<std::byte*>(v.data), v.shape,
                                                                       torchType(v.dtype))
                                                          .to(torch::kFloat32);
                                             if (it != byName.end()) {
                                                 w = mergedWeight(w, *it->second);
                                                 ++result.merged;
                                             }
                                             const auto converted = w.to(torchType(t.dtype)).contiguous();
                                             os.write(static_cast<const char*>(converted.data_ptr()),
                                                      std::streamsize(converted.numel() * converted.element_size()));
                                         }
                                         if (progress) progress({"merge", ++done, out.size()});
                                     },
                                     {{"format", "pt"}});
        }
        if (shards.size() > 1) {
            const nlohmann::ordered_json index = {{"metadata", {{"total_size", total}}}, {"weight_map", weightMap}};
            writeFileAtomic((tmp / "model.safetensors.index.json").string(), index.dump(2) + "\n");
        }
        // config.json: the dtype written, and untied when lm_head now differs from the embeddings.
        auto cfg = nlohmann::ordered_json::parse(readFile(config.modelDir + "/config.json"));
        if (!config.dtype.empty()) cfg["torch_dtype"] = torchDtypeName(parseDType(config.dtype));
        if (untie) cfg["tie_word_embeddings"] = false;
        writeFileAtomic((tmp / "config.json").string(), cfg.dump(2) + "\n");
        for (const char* name : {"tokenizer.json", "tokenizer_config.json", "tokenizer.model",
                                 "special_tokens_map.json", "generation_config.json", "chat_template.jinja"})
            if (fs::exists(config.modelDir + "/" + name)) fs::copy_file(config.modelDir + "/" + name, tmp / name);
        // The named chat templates transformers saves beside chat_template.jinja (tokenizer/template_files.h).
        if (fs::is_directory(config.modelDir + "/additional_chat_templates"))
            fs::copy(config.modelDir + "/additional_chat_templates", tmp / "additional_chat_templates",
                     fs::copy_options::recursive);
        if (fs::exists(target)) fs::remove(target);  // an empty folder (checked above)
        fs::rename(tmp, target);
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }
    result.tensors = out.size();
    result.shards = shards.size();
    result.bytes = double(total);
    return result;
}

}  // namespace cci::model
