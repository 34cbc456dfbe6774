#pragma once
// Reading recorded-shape fixtures from tests/fixtures/<provider>/.

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace polyllm_test {

inline std::string fixture(std::string_view relative_path) {
    const std::string path = std::string(POLYLLM_FIXTURES_DIR) + "/" + std::string(relative_path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("missing fixture " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline nlohmann::json fixture_json(std::string_view relative_path) {
    return nlohmann::json::parse(fixture(relative_path));
}

}  // namespace polyllm_test
