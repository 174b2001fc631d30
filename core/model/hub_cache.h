// Hub model ids (`upstage/SOLAR-10.7B-Instruct-v1.0`, as the published scripts pass --model_id) resolved from the
// local Hugging Face cache as huggingface_hub lays it out and reads it offline (snapshot_download with
// local_files_only): the cache folder is $HF_HUB_CACHE, else $HUGGINGFACE_HUB_CACHE, else $HF_HOME/hub, else
// $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub; a model is models--ORG--NAME there; a branch or tag
// is resolved to a commit through refs/REVISION, a 40-digit commit hash is taken as it is, and the files are in
// snapshots/COMMIT/. Nothing is downloaded: an id not in the cache is an error that gives the `hf download` command.
#pragma once

#include <string>
#include <vector>

namespace cci::model {

struct HubSnapshot {
    std::string repoId;    // "ORG/NAME"
    std::string revision;  // as asked ("main" by default)
    std::string commit;    // the 40-digit commit it resolved to
    std::string folder;    // …/models--ORG--NAME/snapshots/COMMIT
};

// The cache folder huggingface_hub uses with this environment.
std::string hubCacheFolder();

// Whether `spec` reads as a hub model id (ORG/NAME: letters, digits, '-', '_', '.' on each side of one '/') and is
// not an existing path.
bool looksLikeHubModelId(const std::string& spec);

// Throws cci::Error naming the id, the cache folder and the `hf download` command when the snapshot is missing.
HubSnapshot resolveHubModel(const std::string& repoId, const std::string& revision = "main");

// A model folder as given, or a hub id's snapshot folder (then `snapshot` is filled when not null). A revision other
// than "main" with a folder is an error (a folder has no revisions).
std::string resolveModelFolder(const std::string& spec, const std::string& revision = "main",
                               HubSnapshot* snapshot = nullptr);

// The models in the cache with a snapshot of their refs/main (or any snapshot), for pickers: sorted ids.
std::vector<std::string> cachedHubModels();

}  // namespace cci::model
