#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <catch2/catch.hpp>

using namespace polyllm;

namespace {

// A complete provider, written the way a user would.
struct echo_provider {
    static constexpr std::string_view name = "echo";
    struct options {};
    result<http_request> prepare(const request&, const call_context<options>&) const { return http_request{}; }
    result<completion> parse(const http_response&, const call_context<options>&) const { return completion{}; }
    bool should_retry(const error&) const { return false; }
    token_count tokenize(std::string_view text, const call_context<options>&) const { return {text.size(), true}; }
};

struct without_parse {
    static constexpr std::string_view name = "x";
    struct options {};
    result<http_request> prepare(const request&, const call_context<options>&) const { return http_request{}; }
    bool should_retry(const error&) const { return false; }
    token_count tokenize(std::string_view, const call_context<options>&) const { return {}; }
};

struct without_options {
    static constexpr std::string_view name = "x";
};

struct prepare_returns_the_wrong_type : echo_provider {
    http_request prepare(const request&, const call_context<options>&) const { return {}; }
};

struct without_name : echo_provider {
    static constexpr int name = 0;
};

struct retry_without_max_attempts {
    std::optional<std::chrono::milliseconds> next_delay(int, const error&) const { return std::nullopt; }
};

}  // namespace

TEST_CASE("Provider accepts complete providers and names what others lack", "[concepts]") {
    static_assert(Provider<echo_provider>);
    static_assert(Provider<openai>);

    static_assert(!Provider<without_parse>);
    static_assert(provider_has_prepare<without_parse>);
    static_assert(!provider_has_parse<without_parse>);

    static_assert(!Provider<without_options>);
    static_assert(!provider_has_options<without_options>);

    static_assert(!Provider<prepare_returns_the_wrong_type>);
    static_assert(!provider_has_prepare<prepare_returns_the_wrong_type>);

    static_assert(!Provider<without_name>);
    static_assert(!Provider<int>);
    SUCCEED("checked at compile time");
}

TEST_CASE("Transport and RetryPolicy accept the library's own and refuse the rest", "[concepts]") {
    static_assert(Transport<scripted_transport>);
    static_assert(!Transport<int>);
    static_assert(!Transport<echo_provider>);
    static_assert(RetryPolicy<exponential_backoff>);
    static_assert(RetryPolicy<no_retry>);
    static_assert(!RetryPolicy<retry_without_max_attempts>);
    static_assert(!RetryPolicy<int>);
    SUCCEED("checked at compile time");
}

TEST_CASE("a user-written provider runs through basic_llm", "[concepts]") {
    llm_config cfg;
    cfg.model = "echo-1";
    basic_llm<echo_provider, scripted_transport, no_retry> llm{cfg};
    llm.transport().respond(200, "{}");
    request hello;
    hello.messages = {message::user("Hello")};  // a request without messages is refused before sending
    CHECK(llm.complete(hello).has_value());
    CHECK(llm.count_tokens("four") == token_count{4, true});
}
