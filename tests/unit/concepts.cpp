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

namespace {

// A provider that spells an optional member almost right: polyllm would never read it.
struct near_miss_provider : echo_provider {
    static constexpr std::string_view request_id_headers = "x-request-id";
    struct stream_decoder {};
};
// The same names next to the right ones: the provider keeps them for its own use.
struct both_names_provider : near_miss_provider {
    static constexpr std::string_view request_id_header = "x-request-id";
    template <class Context>
    int make_stream_decoder(const Context&) const { return 0; }  // a template, seen through the call
};

}  // namespace

TEST_CASE("the optional provider members are told apart from their near misses", "[concepts]") {
    using namespace polyllm::detail;
    static_assert(declares_request_id_headers<near_miss_provider>);
    static_assert(declares_stream_decoder<near_miss_provider>);
    static_assert(!declares_request_id_header<near_miss_provider>);
    static_assert(!calls_make_stream_decoder<near_miss_provider>);
    static_assert(calls_make_stream_decoder<both_names_provider>);
    static_assert(declares_request_id_header<both_names_provider>);
    // The refusal itself is a compile error: tests/compile_fail/near_miss_hook_name.cpp.
    static_assert(check_provider_hooks<both_names_provider>());
    static_assert(check_provider_hooks<echo_provider>());
    // Every built-in provider declares its hooks under the names polyllm reads.
#define POLYLLM_TEST_HOOKS(P) static_assert(check_provider_hooks<P>());
    POLYLLM_FOR_EACH_BUILT_IN_PROVIDER(POLYLLM_TEST_HOOKS)
#undef POLYLLM_TEST_HOOKS
    CHECK(calls_make_stream_decoder<openai>);
    CHECK(calls_prepare_embeddings<openai>);
    CHECK_FALSE(calls_prepare_embeddings<echo_provider>);
}
