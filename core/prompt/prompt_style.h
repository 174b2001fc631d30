// Prompt styles as data: how an item becomes a system message and a user message (ordered blocks, line formats,
// minimum utterance length, category wording, particle mode). Loaded from JSON files (resources/prompts/ and user
// folders); see docs/PROMPTS.md for the format.
#pragma once

#include "text/korean_particles.h"

#include <string>
#include <vector>

namespace cci::prompt {

enum class Wording { Raw, Term, Definition };

struct PromptBlock {
    enum class Type { Text, Conversation, References, Options } type = Type::Text;
    std::string header;  // Conversation/References/Options: first line of the block
    std::string text;    // Text: template with {category} and a particle placeholder such as {으로/로}
};

struct PromptStyle {
    std::string name;
    std::vector<std::string> aliases;
    std::string description;
    std::string system;
    Wording wording = Wording::Raw;
    std::string categoryFormat = "{wording}";  // e.g. "**{wording}**"
    text::ParticleMode particles = text::ParticleMode::Correct;
    int minUtteranceChars = 0;  // utterances with fewer code points are left out (CustomRef: 2)
    std::string conversationLine = "화자{speaker}: {text}";
    std::string referenceLine = "화자{speaker}: {text}";
    std::string optionLine = "{letter}. {text}";
    std::string lineSeparator = "\n";
    std::string blockSeparator = "\n\n";
    std::vector<PromptBlock> blocks;
    std::string sourcePath;  // file it came from

    bool answersTo(const std::string& nameOrAlias) const;
};

// Parses a style; `fileName` labels errors. Throws cci::Error naming the file, line/column (syntax) or field.
PromptStyle parsePromptStyle(const std::string& json, const std::string& fileName);
PromptStyle loadPromptStyle(const std::string& path);
// All *.json styles in a folder, sorted by name. Throws cci::Error for the first malformed file.
std::vector<PromptStyle> loadPromptStyles(const std::string& folder);
// The folder of the bundled styles (from the build, or share/cci-workbench/prompts when installed).
std::string bundledPromptDir();
// A style file path, or the name/alias of a bundled style; throws cci::Error listing the bundled names.
PromptStyle findPromptStyle(const std::string& nameOrFile);

// A style's JSON text to save under `path`: checked by parsing, and renamed to `fileStem` when its "name" (or an
// alias) is already taken by another style (a copy saved from the editor kept the original's name, giving two
// entries of one name). Throws cci::Error naming the file.
std::string renamedStyleJson(const std::string& json, const std::string& fileStem,
                             const std::vector<std::string>& takenNames, const std::string& path);

// The wording tables of the task: official terms and the task's own definitions per category.
std::string categoryWording(const std::string& category, Wording wording);

}  // namespace cci::prompt
