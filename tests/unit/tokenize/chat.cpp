// Counting chat requests: the framing OpenAI adds per message, name, reply and tool definition, over a small
// tokenizer so that every number can be worked out by hand.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "tiny_vocabulary.hpp"

#include <string>

namespace {
const polyllm::tokenizer& tiny() {
    static const auto t = polyllm::tokenizer::create(polyllm::encoding::o200k_base,
                                                     polyllm_test::tiny_vocabulary({"us", "er", "user", "hi"}))
                              .value();
    return t;
}
std::size_t count(const polyllm::request& r, polyllm::chat_framing f = {}) {
    return polyllm::count_chat_tokens(tiny(), r, f).tokens;
}
std::size_t text(std::string_view s) { return tiny().count(s); }
}  // namespace

TEST_CASE("chat: messages, names and the reply's priming", "[tokenize][chat]") {
    polyllm::request r;
    CHECK(count(r) == 3);  // the reply is primed even for no messages
    r.messages.push_back(polyllm::message::user("hi"));
    CHECK(count(r) == 3 + text("user") + text("hi") + 3);
    r.messages.back().name = "bob";
    CHECK(count(r) == 3 + text("user") + text("hi") + text("bob") + 1 + 3);

    polyllm::chat_framing f;
    f.per_message = 4;
    f.per_name = -1;
    f.reply_priming = 0;
    CHECK(count(r, f) == 4 + text("user") + text("hi") + text("bob") - 1);
}

TEST_CASE("chat: tool calls and their results count their text", "[tokenize][chat]") {
    polyllm::request r;
    auto call = polyllm::message::assistant("");
    call.tool_calls = {{"call_1", "read", R"({"path":"a"})"}};
    r.messages.push_back(call);
    r.messages.push_back(polyllm::message::tool_result("call_1", "contents", "read"));
    CHECK(count(r) == 3 + text("assistant") + text("read") + text(R"({"path":"a"})") +  //
                          3 + text("tool") + text("contents") + text("call_1") + 3);
}

TEST_CASE("chat: tool definitions", "[tokenize][chat]") {
    polyllm::request r;
    r.tools.push_back({"f", "Does it.", nlohmann::json::object()});
    // 7 per function, the "name:description" line without its final period, 12 at the end.
    CHECK(count(r) == 3 + 7 + text("f:Does it") + 12);
    CHECK(polyllm::count_chat_tokens(tiny(), r, polyllm::chat_framing_for(polyllm::encoding::cl100k_base)).tokens ==
          3 + 10 + text("f:Does it") + 12);

    r.tools.back().parameters = nlohmann::json::parse(R"({"type": "object", "properties": {
        "unit": {"type": "string", "description": "The unit.", "enum": ["c", "f"]},
        "where": {"type": "object", "properties": {"city": {"type": "string"}}},
        "tags": {"type": "array", "items": {"type": "object", "properties": {"tag": {"type": "string"}}}}}})");
    const std::size_t unit = 3 + (-3 + 3 + text("c") + 3 + text("f")) + text("unit:string:The unit");
    const std::size_t where = 3 + text("where:object:") + 3 + (3 + text("city:string:"));
    const std::size_t tags = 3 + text("tags:array:") + 3 + (3 + text("tag:string:"));
    CHECK(count(r) == 3 + 7 + text("f:Does it") + 3 + unit + where + tags + 12);
}

TEST_CASE("chat: images are estimated unless low detail", "[tokenize][chat]") {
    polyllm::request r;
    polyllm::message m;
    m.content = {polyllm::text_part{"hi"}, polyllm::image_part::from_url("https://x/y.png", polyllm::image_detail::low)};
    r.messages.push_back(m);
    CHECK(polyllm::count_chat_tokens(tiny(), r, {}) == polyllm::token_count{3 + text("user") + text("hi") + 85 + 3, true});
    r.messages.back().content.push_back(polyllm::image_part::from_url("https://x/z.png"));
    const auto both = polyllm::count_chat_tokens(tiny(), r, {});
    CHECK(both.tokens == 3 + text("user") + text("hi") + 85 + 765 + 3);
    CHECK_FALSE(both.exact);
}

TEST_CASE("chat: without a vocabulary the framing surrounds estimates", "[tokenize][chat]") {
    polyllm::llm_config cfg;
    cfg.model = "gpt-4o";
    cfg.tiktoken_dir = "/nonexistent/polyllm";
    polyllm::request r;
    r.messages.push_back(polyllm::message::user("twelve chars"));
    CHECK(polyllm::count_tokens(r, cfg) == polyllm::token_count{3 + 1 + 3 + 3, false});
    const auto exact = polyllm::exact_token_count(r, cfg);
    REQUIRE_FALSE(exact);
    CHECK(exact.error() == polyllm::errc::invalid_config);
}
