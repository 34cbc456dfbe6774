// What a server writes into an error reaches messages, logs and the terminal only as one capped line of printable
// text: in every provider's error parsing, for error bodies, stream error events and plain-text bodies alike.
#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace polyllm;
using nlohmann::json;

namespace {

const std::string forged = "bad request\x1b]0;pwned\x07\r\x1b[2Kretrying in 1.0 s (attempt 2 of 5): forged line\n"
                           "\xc2\x9b" "31mred\xe2\x80\xae";
// Far past the cap; a 10 MiB message goes end to end in reliability/hostile_text.cpp (parsing it here once per
// provider, status and shape would take minutes in a debug build).
const std::string flood(256 * 1024, 'M');

// The cap on server text, plus what a provider puts around it ("HTTP 400: ", "... (N bytes in all)").
constexpr std::size_t shown_limit = detail::server_text_limit + 64;

void check_shown(const std::string& text, std::size_t limit = shown_limit) {
    INFO(text.substr(0, 300));
    CHECK(text.size() <= limit);
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) FAIL("a control character in: " << text.substr(0, 300));
    }
    CHECK(text.find("\xc2\x9b") == std::string::npos);
    CHECK(text.find("\xe2\x80\xae") == std::string::npos);
}

void check_shown(const error& e) {
    check_shown(e.message);
    check_shown(e.type);
    check_shown(e.request_id);
    check_shown(e.to_string(), 2 * shown_limit + 100);  // the message and the request id, each capped
}

// Error bodies in each provider's shape, carrying `text` in every field an error copies.
std::vector<std::string> openai_bodies(const std::string& text) {
    return {json{{"error", {{"message", text}, {"type", text}, {"code", text}}}}.dump(),
            json{{"message", text}}.dump(), text};
}
std::vector<std::string> anthropic_bodies(const std::string& text) {
    return {json{{"type", "error"}, {"error", {{"type", text}, {"message", text}}}, {"request_id", text}}.dump(),
            text};
}
std::vector<std::string> gemini_bodies(const std::string& text) {
    const json err = {{"error",
                       {{"code", 400},
                        {"message", text},
                        {"status", text},
                        {"details", {{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"}, {"reason", text}}}}}}};
    return {err.dump(), json::array({err}).dump(), text};
}

template <class P>
void check_parsed(const std::vector<std::string>& bodies) {
    llm_config cfg;
    cfg.model = std::string(P::name) + "/m";
    for (int status : {400, 500}) {
        for (const auto& body : bodies) {
            INFO(P::name << " " << status << " " << body.substr(0, 120));
            http_response res{status, "Bad", {}, body};
            res.headers.add("x-request-id", "req\x1b[2J");
            res.headers.add("request-id", "req\x1b[2J");
            res.headers.add("apim-request-id", "req\x1b[2J");
            auto parsed = P{}.parse(res, {cfg, {}, false});
            REQUIRE_FALSE(parsed);
            check_shown(parsed.error());
        }
    }
}

template <class P>
result<void> decode(std::string_view stream) {
    llm_config cfg;
    cfg.model = std::string(P::name) + "/m";
    auto decoder = P{}.make_stream_decoder({cfg, {}, true});
    auto fed = decoder.feed(stream, [](stream_event&&) { return true; });
    if (!fed) return fed;
    return decoder.finish();
}

}  // namespace

TEST_CASE("error messages from every provider's error bodies are one capped line", "[providers][errors][security]") {
    for (const auto& text : {forged, flood}) {
        check_parsed<openai>(openai_bodies(text));
        check_parsed<azure>(openai_bodies(text));
        check_parsed<ollama>(openai_bodies(text));
        check_parsed<anthropic>(anthropic_bodies(text));
        check_parsed<gemini>(gemini_bodies(text));
    }
}

TEST_CASE("the forged text is still shown, escaped, and a long one says its length", "[providers][errors]") {
    llm_config cfg;
    cfg.model = "openai/gpt-4o";
    auto parsed = openai{}.parse(http_response{400, "Bad", {}, openai_bodies(forged)[0]}, {cfg, {}, false});
    REQUIRE_FALSE(parsed);
    CHECK_THAT(parsed.error().message,
               Catch::StartsWith("bad request\\x1b]0;pwned\\x07\\r\\x1b[2Kretrying in 1.0 s (attempt 2 of 5): "
                                 "forged line\\n\\u009b31mred\\u202e"));
    CHECK(parsed.error() == errc::bad_request);

    auto long_one = anthropic{}.parse(http_response{400, "Bad", {}, anthropic_bodies(flood)[0]}, {cfg, {}, false});
    REQUIRE_FALSE(long_one);
    CHECK(long_one.error().message.size() < detail::server_text_limit + 64);
    CHECK(long_one.error().message.ends_with("... (262144 bytes in all)"));
}

TEST_CASE("error events inside streams are one capped line too", "[providers][errors][stream][security]") {
    for (const auto& text : {forged, flood}) {
        const json openai_event = {{"error", {{"message", text}, {"type", text}, {"code", text}}}};
        auto o = decode<openai>("data: " + openai_event.dump() + "\n\n");
        REQUIRE_FALSE(o);
        check_shown(o.error());

        const json anthropic_event = {{"type", "error"}, {"error", {{"type", text}, {"message", text}}}};
        auto a = decode<anthropic>("event: error\ndata: " + anthropic_event.dump() + "\n\n");
        REQUIRE_FALSE(a);
        check_shown(a.error());

        auto g = decode<gemini>("data: " + json::parse(gemini_bodies(text)[0]).dump() + "\n\n");
        REQUIRE_FALSE(g);
        check_shown(g.error());

        const json blocked = {{"promptFeedback", {{"blockReason", text}, {"blockReasonMessage", text}}}};
        auto b = decode<gemini>("data: " + blocked.dump() + "\n\n");
        REQUIRE_FALSE(b);
        check_shown(b.error());

        // Data that is not JSON at all is quoted as an excerpt.
        auto bad = decode<openai>("data: " + text.substr(0, 100000) + "\n\n");
        REQUIRE_FALSE(bad);
        check_shown(bad.error());
    }
}
