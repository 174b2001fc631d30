// Fuzz target: annotation sidecars; a sidecar that loads writes back to the same content.
#include "annotate/annotations.h"
#include "util/problem.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const cci::annotate::AnnotationSet set =
            cci::annotate::parseAnnotations(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
        const std::string json = cci::annotate::annotationsToJson(set);
        if (cci::annotate::annotationsToJson(cci::annotate::parseAnnotations(json, "again.json")) != json) std::abort();
    } catch (const cci::Error&) {
    }
    return 0;
}
