#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

using polyllm::errc;
using polyllm::detail::parse_url;

TEST_CASE("parse_url splits http and https URLs for a connection", "[url]") {
    auto u = parse_url("https://api.openai.com/v1/chat/completions?x=1#frag").value();
    CHECK(u.scheme == "https");
    CHECK(u.host == "api.openai.com");
    CHECK(u.port == 443);
    CHECK_FALSE(u.explicit_port);
    CHECK(u.target == "/v1/chat/completions?x=1");
    CHECK(u.host_header() == "api.openai.com");

    auto local = parse_url("HTTP://LocalHost:11434").value();
    CHECK(local.scheme == "http");
    CHECK(local.host == "localhost");
    CHECK(local.port == 11434);
    CHECK(local.target == "/");
    CHECK(local.host_header() == "localhost:11434");

    CHECK(parse_url("http://h?q=1").value().target == "/?q=1");
    CHECK(parse_url("https://h:443/").value().host_header() == "h");
}

TEST_CASE("parse_url takes IPv6 literals and credentials", "[url]") {
    auto v6 = parse_url("http://[::1]:8080/v1").value();
    CHECK(v6.ipv6);
    CHECK(v6.host == "::1");
    CHECK(v6.port == 8080);
    CHECK(v6.host_header() == "[::1]:8080");
    CHECK(parse_url("https://[2001:db8::1]/").value().port == 443);

    auto proxy = parse_url("http://alice:s3cret@proxy.local:3128").value();
    CHECK(proxy.userinfo == "alice:s3cret");
    CHECK(proxy.host == "proxy.local");
}

TEST_CASE("parse_url refuses malformed URLs, naming them without credentials", "[url]") {
    for (const char* bad : {"", "api.openai.com/v1", "ftp://h/", "https://", "https://:443/", "http://h:0/",
                            "http://h:65536/", "http://h:/", "http://h:12a/", "http://[::1/", "http://[]/",
                            "http://[::1]x/", "http://h o/", "http://h/a b", "http://h/\r\nX-Injected: 1",
                            "http://h\n/", "http://ex%41mple.com/", "https://h\x7f/"}) {
        INFO(bad);
        auto u = parse_url(bad);
        REQUIRE_FALSE(u);
        CHECK(u.error() == errc::invalid_config);
        CHECK_THAT(u.error().message, Catch::StartsWith("malformed URL"));
    }
    auto leaky = parse_url("https://user:hunter2@host name/v1?key=AIzaSECRET");
    REQUIRE_FALSE(leaky);
    CHECK(leaky.error().message.find("hunter2") == std::string::npos);
    CHECK(leaky.error().message.find("AIzaSECRET") == std::string::npos);
    CHECK_THAT(leaky.error().message, Catch::Contains("host name/v1"));
}

TEST_CASE("join_url and wire_model", "[url]") {
    using polyllm::detail::join_url;
    using polyllm::detail::wire_model;
    CHECK(join_url("https://h/v1/", "/chat/completions") == "https://h/v1/chat/completions");
    CHECK(join_url("https://h/v1", "chat/completions") == "https://h/v1/chat/completions");
    CHECK(wire_model("openai/gpt-4o", "openai") == "gpt-4o");
    CHECK(wire_model("gpt-4o", "openai") == "gpt-4o");
    CHECK(wire_model("openai/", "openai") == "openai/");
    CHECK(wire_model("openrouter/openai/gpt-4o", "openai") == "openrouter/openai/gpt-4o");
}

TEST_CASE("displayable_url hides user names, passwords and query values, and keeps query keys", "[url][security]") {
    using polyllm::detail::displayable_url;
    CHECK(displayable_url("http://user:s3cr3tpass@host/v1?token=abc&tenant=a") ==
          "http://host/v1?token=[redacted]&tenant=[redacted]");
    CHECK(displayable_url("https://h/v1beta/models/m:generateContent?key=AIzaSECRET") ==
          "https://h/v1beta/models/m:generateContent?key=[redacted]");
    CHECK(displayable_url("https://h/v1#access_token=abc") == "https://h/v1");
    CHECK(displayable_url("https://h/v1?flag") == "https://h/v1?flag=[redacted]");
    // A password with an unencoded '/', '?' or '#' puts the '@' past the host: everything before it is hidden.
    CHECK(displayable_url("http://user:pa/ss@host/v1") == "http://[redacted]@host/v1");
    CHECK(displayable_url("http://user:pa#ss@host/v1") == "http://[redacted]@host/v1");
    CHECK(displayable_url("http://user:pa?ss@host/v1") == "http://[redacted]@host/v1");
}

TEST_CASE("a malformed URL error does not print a password that holds '/' or '#'", "[url][security]") {
    for (const char* bad : {"http://user:hunter2/x@host:99999/v1", "http://user:hunter2#x@host name/v1",
                            "http://user:12/hunter2@host/v1 ", "http://alice:hunter2@[::1/v1"}) {
        INFO(bad);
        auto u = parse_url(bad);
        REQUIRE_FALSE(u);
        CHECK(u.error().message.find("hunter2") == std::string::npos);
        CHECK(u.error().message.find("alice") == std::string::npos);
    }
    // A URL that parses (host "user", port 12) but whose '@' sits past the host is refused as a base URL, and
    // the refusal does not print the password either.
    auto misread = polyllm::detail::check_base_url("http://user:12/hunter2@host/v1");
    REQUIRE_FALSE(misread);
    CHECK(misread.error() == errc::invalid_config);
    CHECK(misread.error().message.find("hunter2") == std::string::npos);
    CHECK_THAT(misread.error().message, Catch::Contains("percent-encoded"));
}

TEST_CASE("check_base_url refuses a fragment and takes a query", "[url]") {
    using polyllm::detail::check_base_url;
    CHECK(check_base_url("http://h/v1?tenant=a"));
    CHECK(check_base_url("http://user:pass@h:8080/v1"));
    auto fragment = check_base_url("http://h/v1#frag");
    REQUIRE_FALSE(fragment);
    CHECK(fragment.error() == errc::invalid_config);
    CHECK_THAT(fragment.error().message, Catch::Contains("fragment"));
    CHECK_FALSE(check_base_url("http://h/v1?tenant=a#frag"));
    CHECK_FALSE(check_base_url("not a URL"));
}

TEST_CASE("join_url puts the endpoint's path before the base URL's query", "[url]") {
    using polyllm::detail::join_url;
    CHECK(join_url("http://h/v1?tenant=a", "chat/completions") == "http://h/v1/chat/completions?tenant=a");
    CHECK(join_url("http://h/v1/?tenant=a&b=2", "/chat/completions") == "http://h/v1/chat/completions?tenant=a&b=2");
    CHECK(join_url("http://h/v1?", "chat/completions") == "http://h/v1/chat/completions");
    CHECK(join_url("http://h/v1#frag", "chat/completions") == "http://h/v1/chat/completions");
    CHECK(join_url(join_url("http://h?t=1", "v1beta"), "models/m:generateContent") ==
          "http://h/v1beta/models/m:generateContent?t=1");
}

TEST_CASE("with_query_parameter adds the provider's parameter, replacing one of the same name", "[url]") {
    using polyllm::detail::with_query_parameter;
    CHECK(with_query_parameter("http://h/x", "api-version", "2024-12-01-preview") ==
          "http://h/x?api-version=2024-12-01-preview");
    CHECK(with_query_parameter("http://h/x?tenant=a", "api-version", "v") == "http://h/x?tenant=a&api-version=v");
    CHECK(with_query_parameter("http://h/x?api-version=old&tenant=a", "api-version", "new") ==
          "http://h/x?tenant=a&api-version=new");
    CHECK(with_query_parameter("http://h/x", "alt", "s s&x=1#y") == "http://h/x?alt=s%20s%26x%3D1%23y");
}

TEST_CASE("path_segment: one rule for every name that becomes a path segment", "[url][security]") {
    using polyllm::detail::path_segment;
    CHECK(path_segment("gpt-4o_mini.v2~x", "name").value() == "gpt-4o_mini.v2~x");
    CHECK(path_segment("anthropic.claude-3-5-sonnet-20241022-v2:0", "name").value() ==
          "anthropic.claude-3-5-sonnet-20241022-v2%3A0");
    CHECK(path_segment("claude-3-5-sonnet-v2@20241022", "name").value() == "claude-3-5-sonnet-v2%4020241022");
    for (const char* bad : {"", ".", "..", "dep/../../admin?x=1#frag", "dep/x", "a\\b", "a?b", "a#b", "a%2Fb",
                            "a b", "a\"b", "a\r\nHost: evil", "a\x7f", "caf\xc3\xa9", "a<b>", "a`b"}) {
        INFO(bad);
        auto refused = path_segment(bad, "the Azure deployment name");
        REQUIRE_FALSE(refused);
        CHECK(refused.error() == errc::invalid_config);
        CHECK_THAT(refused.error().message, Catch::StartsWith("the Azure deployment name \""));
        for (char c : refused.error().message) CHECK(static_cast<unsigned char>(c) >= 0x20);
    }
}
