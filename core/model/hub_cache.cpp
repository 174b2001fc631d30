// Hub model ids from the local Hugging Face cache (see hub_cache.h).
#include "model/hub_cache.h"

#include "util/atomic_write.h"
#include "util/problem.h"
#include "util/utf8.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace cci::model {

namespace {

namespace fs = std::filesystem;

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

// os.path.expanduser of a leading "~".
std::string expandHome(const std::string& path) {
    if (path == "~" || path.starts_with("~/")) return env("HOME") + path.substr(1);
    return path;
}

bool isCommitHash(const std::string& s) {
    return s.size() == 40 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string downloadCommand(const std::string& repoId, const std::string& revision) {
    return "hf download " + repoId + (revision == "main" ? "" : " --revision " + revision);
}

}  // namespace

std::string hubCacheFolder() {
    if (const auto v = env("HF_HUB_CACHE"); !v.empty()) return expandHome(v);
    if (const auto v = env("HUGGINGFACE_HUB_CACHE"); !v.empty()) return expandHome(v);
    std::string home = env("HF_HOME");
    if (home.empty()) {
        const std::string xdg = env("XDG_CACHE_HOME");
        home = (fs::path(xdg.empty() ? expandHome("~/.cache") : xdg) / "huggingface").string();
    }
    return (fs::path(expandHome(home)) / "hub").string();
}

bool looksLikeHubModelId(const std::string& spec) {
    if (spec.empty() || spec.size() > 200) return false;
    std::error_code ec;
    if (fs::exists(spec, ec)) return false;
    const auto slash = spec.find('/');
    if (slash != std::string::npos && spec.find('/', slash + 1) != std::string::npos) return false;
    const auto validPart = [](const std::string& part) {
        if (part.empty() || part.front() == '.' || part.front() == '-' || part.find("..") != std::string::npos)
            return false;
        return std::all_of(part.begin(), part.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                   c == '.';
        });
    };
    if (slash == std::string::npos) return false;  // a bare name is far more likely a mistyped folder
    return validPart(spec.substr(0, slash)) && validPart(spec.substr(slash + 1));
}

HubSnapshot resolveHubModel(const std::string& repoId, const std::string& revision) {
    HubSnapshot s;
    s.repoId = repoId;
    s.revision = revision.empty() ? "main" : revision;
    const std::string cache = hubCacheFolder();
    std::string folderName = "models";
    for (std::size_t start = 0;;) {
        const auto slash = repoId.find('/', start);
        folderName += "--" + repoId.substr(start, slash - start);
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    const fs::path repo = fs::path(cache) / folderName;
    std::error_code ec;
    const auto notCached = [&](const std::string& what) -> Error {
        return Error(repoId + ": " + what + " in the Hugging Face cache (" + cache +
                     "); download it first with: " + downloadCommand(repoId, s.revision));
    };
    if (!fs::is_directory(repo, ec)) throw notCached("not a folder and not found");
    if (s.revision.find("..") != std::string::npos || s.revision.front() == '/')
        throw Error(repoId + ": \"" + s.revision + "\" is not a revision (a branch, tag or commit hash)");
    if (isCommitHash(s.revision)) {
        s.commit = s.revision;
    } else {
        const fs::path ref = repo / "refs" / s.revision;
        if (!fs::is_regular_file(ref, ec)) throw notCached("revision \"" + s.revision + "\" is not recorded");
        try {
            s.commit = std::string(utf8::trimmedAscii(readFile(ref.string())));
        } catch (const std::exception& e) {
            throw Error(ref.string() + ": cannot read the revision's commit: " + e.what());
        }
        if (s.commit.empty()) throw Error(ref.string() + ": empty; the cache entry is damaged");
    }
    const fs::path snapshot = repo / "snapshots" / s.commit;
    if (!fs::is_directory(snapshot, ec))
        throw notCached("revision \"" + s.revision + "\" (commit " + s.commit + ") has no snapshot");
    s.folder = snapshot.string();
    return s;
}

std::string resolveModelFolder(const std::string& spec, const std::string& revision, HubSnapshot* snapshot) {
    const std::string asked = revision.empty() ? "main" : revision;
    if (!looksLikeHubModelId(spec)) {
        if (asked != "main")
            throw Error(spec + ": --revision " + asked + " applies to a hub model id (ORG/NAME), not to a folder");
        return spec;
    }
    const HubSnapshot s = resolveHubModel(spec, asked);
    if (snapshot) *snapshot = s;
    return s.folder;
}

std::vector<std::string> cachedHubModels() {
    std::vector<std::string> ids;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(hubCacheFolder(), ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with("models--") || !fs::is_directory(entry.path() / "snapshots", ec)) continue;
        std::string id = name.substr(8);
        if (const auto sep = id.find("--"); sep != std::string::npos) id.replace(sep, 2, "/");
        ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

}  // namespace cci::model
