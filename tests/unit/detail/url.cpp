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
