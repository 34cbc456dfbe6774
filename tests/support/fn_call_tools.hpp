#pragma once
// The tools of tests/fixtures/fn_call/tools.json, for the prompt-based tool calling tests.

#include "support/fixtures.hpp"

#include <polyllm/polyllm.hpp>

#include <nlohmann/json.hpp>

#include <vector>

namespace polyllm_test {

inline std::vector<polyllm::tool> fn_call_tools() {
    return fixture_json("fn_call/tools.json").get<std::vector<polyllm::tool>>();
}

// Arguments compared as JSON values: what a caller would read from them.
inline nlohmann::json args_of(const polyllm::tool_call& call) { return nlohmann::json::parse(call.arguments); }

}  // namespace polyllm_test
