// redact and shown: keys out of everything shown, without garbling text for keys too short to be secrets.
#include <polyllm/detail/redact.hpp>

#include <catch2/catch.hpp>

#include <string>

using polyllm::http_request;
using polyllm::http_response;
using polyllm::detail::redact;

namespace {

std::string redacted(std::string text, std::string_view secret) {
    redact(text, secret);
    return text;
}

constexpr std::string_view key = "sk-probe-0123456789abcde";

}  // namespace

TEST_CASE("redact replaces every occurrence of a real-length key, glued to other text or not", "[redact][security]") {
    CHECK(redacted("Incorrect API key provided: sk-probe-0123456789abcde.", key) ==
          "Incorrect API key provided: [redacted].");
    CHECK(redacted("xxxxsk-probe-0123456789abcdexxxx sk-probe-0123456789abcde", key) ==
          "xxxx[redacted]xxxx [redacted]");
    CHECK(redacted("nothing here", key) == "nothing here");
}

TEST_CASE("redact leaves text alone for keys too short to be secrets", "[redact]") {
    // Local servers take any key; replacing every "e" would garble the message and hide nothing.
    for (std::string_view short_key : {"e", "x", "none", "sk-1234"}) {
        INFO(short_key);
        CHECK(redacted("the request failed: none of sk-1234 worked", short_key) ==
              "the request failed: none of sk-1234 worked");
    }
    CHECK(redacted("key sk-12345 here", "sk-12345") == "key [redacted] here");  // 8 characters are redacted
}

TEST_CASE("redact removes a start of the key that ends where an excerpt was cut", "[redact][security]") {
    // Every cut from 1 to all but one character of the key: a start of 8 or more characters must go, at the end
    // of the text and before a cut marker alike.
    for (std::size_t kept = 1; kept < key.size(); ++kept) {
        INFO(kept);
        const std::string start(key.substr(0, kept));
        for (const std::string& text : {"HTTP 400: xxx" + start, "HTTP 400: xxx" + start + "... (4000 bytes in all)",
                                        "HTTP 400: " + start + "..."}) {
            const auto shown = redacted(text, key);
            if (kept >= polyllm::detail::min_redacted_secret) {
                CHECK(shown.find(key.substr(0, 8)) == std::string::npos);
                CHECK(shown.find("[redacted]") != std::string::npos);
            } else {
                CHECK(shown == text);  // too short to tell from text
            }
        }
    }
    // A start of the key in the middle of text, not at a cut, is ordinary text.
    CHECK(redacted("sk-probe-0 and more", key) == "sk-probe-0 and more");
}

TEST_CASE("shown hides URL credentials and query values, credential headers and control characters",
          "[redact][security][log]") {
    http_request r;
    r.method = "POST";
    r.url = "http://user:s3cr3tpass@host/v1/chat/completions?token=tok-value-1&tenant=acme";
    r.headers.add_sensitive("Authorization", "Bearer e");  // shown redacted however short the key
    r.headers.add("x-note", "a\x1b]0;title\x07");
    r.body = "{\"messages\":\"line 1\nline 2 e\"}";
    const auto shown = polyllm::detail::shown(r, "e");
    CHECK(shown.find("s3cr3tpass") == std::string::npos);
    CHECK(shown.find("user:") == std::string::npos);
    CHECK(shown.find("tok-value-1") == std::string::npos);
    CHECK(shown.find("acme") == std::string::npos);
    CHECK(shown.find("Bearer") == std::string::npos);
    CHECK_THAT(shown, Catch::StartsWith("POST http://host/v1/chat/completions?token=[redacted]&tenant=[redacted]\n"));
    CHECK_THAT(shown, Catch::Contains("Authorization: [redacted]"));
    CHECK_THAT(shown, Catch::Contains("x-note: a\\x1b]0;title\\x07"));
    CHECK_THAT(shown, Catch::Contains("line 1\\nline 2 e"));  // a short key does not garble the body

    http_response res{400, {}, {}, std::string(20000, 'b') + std::string(key)};
    res.reason = "Bad\x1b[2J";
    const auto shown_response = polyllm::detail::shown(res, key);
    CHECK_THAT(shown_response, Catch::StartsWith("HTTP 400 Bad\\x1b[2J\n"));
    CHECK(shown_response.find(key.substr(0, 8)) == std::string::npos);
    CHECK_THAT(shown_response, Catch::EndsWith("... (20010 bytes in all)"));
}
