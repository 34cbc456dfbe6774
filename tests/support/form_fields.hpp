#pragma once
// A field of an application/x-www-form-urlencoded body as sent (still percent-encoded), for tests that check what a
// token request carried. The tests that share it check the OAuth exchanges of the Vertex AI provider.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>

namespace polyllm_test {

inline std::string form_value(std::string_view body, std::string_view name) {
    while (!body.empty()) {
        const auto field = body.substr(0, body.find('&'));
        if (field.size() > name.size() && field.starts_with(name) && field[name.size()] == '=')
            return std::string(field.substr(name.size() + 1));
        body.remove_prefix(std::min(body.size(), field.size() + 1));
    }
    FAIL("the form has no field " << name);
    return {};
}

}  // namespace polyllm_test
