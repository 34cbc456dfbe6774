// The conformance tests' runner: skipped loudly (exit code 77, which ctest reports as "Skipped") when the tiktoken
// reference could not be prepared, never passed silently.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

int main(int argc, char** argv) {
    const char* dir = std::getenv("POLYLLM_TIKTOKEN_REFERENCE");
    if (!dir || !std::filesystem::exists(std::filesystem::path(dir) / "stamp")) {
        std::printf("SKIPPED: no tiktoken reference in %s; scripts/tiktoken-reference prepares it (it needs node, npm "
                    "and the npm registry)\n",
                    dir ? dir : "$POLYLLM_TIKTOKEN_REFERENCE (unset)");
        return 77;
    }
    return Catch::Session().run(argc, argv);
}
