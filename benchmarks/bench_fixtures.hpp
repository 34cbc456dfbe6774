#pragma once
// What the benchmarks share: fixture files and the typical agent request they all prepare (the benchmarks'
// CMakeLists globs bench_*.cpp only, so this header is not a program).

#include <polyllm/polyllm.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace bench {

inline std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(POLYLLM_FIXTURES_DIR) + "/" + name, std::ios::binary);
    if (!in) throw std::runtime_error("missing fixture " + name);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A typical agent turn (tests/fixtures/bench/agent-request.json): a system prompt, 19 turns of history with tool
// calls and results holding code and command output, 5 tools; about 8 KB on the wire.
inline polyllm::request agent_request() {
    auto r = polyllm::request_from_json(read_fixture("bench/agent-request.json"));
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(r).value();
}

inline polyllm::llm_config config(std::string model) {
    polyllm::llm_config c;
    c.model = std::move(model);
    c.api_key = "sk-bench";
    c.base_url = "http://127.0.0.1:1";
    return c;
}

}  // namespace bench
