// Each input the fuzzers (tests/fuzz/fuzz.cpp, scripts/fuzz) found to crash or to break a parser's contract, kept
// as a test of the fixed behaviour.

#include <polyllm/polyllm.hpp>
#include <polyllm/detail/ndjson.hpp>

#include <catch2/catch.hpp>

#include "support/pieces.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace polyllm;
using polyllm_test::pieces;

namespace {

// Feeds `reads` to a response parser; the error of the first refused piece, or the body.
template <class Parser>
result<std::string> parse_pieces(Parser& parser, const std::vector<std::string_view>& reads) {
    std::string body;
    for (auto piece : reads) {
        while (!piece.empty() && !parser.done()) {
            auto used = parser.put(piece, [&](std::string_view b) { body += b; });
            if (!used) return used.error();
            piece.remove_prefix(used.value());
        }
    }
    return body;
}

}  // namespace

TEST_CASE("fuzz regression: a chunk-size line arriving in pieces is held to the header limit",
          "[reliability][fuzz][http_parser]") {
    // Found by http_chunked: the line's byte count restarted with every read, so a server sending an endless
    // chunk-size line a few bytes at a time grew memory without bound.
    const std::string message = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(5000, '0');
    for (std::size_t size : {std::size_t{1}, std::size_t{7}, message.size()}) {
        INFO("pieces of " << size);
        detail::http_response_parser parser(detail::http_parser_limits{1024, std::nullopt});
        auto r = parse_pieces(parser, pieces<std::string_view>(message, size));
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message, Catch::Contains("chunk-size line is longer than the header limit"));
    }
}

TEST_CASE("fuzz regression: the start line gets the same verdict however it is split", "[reliability][fuzz][http_parser]") {
    // Found by http_request and http_response: a partial start line was judged by its first bytes, a whole one by
    // its shape, so the same bytes gave different errors depending on the reads.
    for (std::string_view line : {std::string_view("\0PO0\r\n\r\n", 8), std::string_view("XTTP/1.1 200 OK\n")}) {
        std::vector<std::string> errors;
        for (std::size_t size : {std::size_t{1}, std::size_t{2}, line.size()}) {
            detail::http_request_parser requests;
            auto r = parse_pieces(requests, pieces<std::string_view>(line, size));
            REQUIRE_FALSE(r);
            errors.push_back(r.error().message);
            detail::http_response_parser responses;
            auto s = parse_pieces(responses, pieces<std::string_view>(line, size));
            REQUIRE_FALSE(s);
            errors.push_back(s.error().message);
        }
        CHECK(errors[0] == errors[2]);
        CHECK(errors[2] == errors[4]);
        CHECK(errors[1] == errors[3]);
        CHECK(errors[3] == errors[5]);
    }
    // A bare LF after a plausible beginning is reported as such, in one piece or many.
    const std::string_view bare = "HTTP/1.1 200 OK\n\n";
    for (std::size_t size : {std::size_t{1}, bare.size()}) {
        detail::http_response_parser parser;
        auto r = parse_pieces(parser, pieces<std::string_view>(bare, size));
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message, Catch::Contains("bare LF"));
    }
}

TEST_CASE("fuzz regression: SSE and NDJSON lines over the limit are refused whole as in pieces",
          "[reliability][fuzz][sse][ndjson]") {
    // Found by ndjson: a long line was refused when it arrived in pieces but accepted when it arrived whole.
    const std::string line = "data: " + std::string(200, 'x') + "\n\n";
    for (std::size_t size : {std::size_t{1}, std::size_t{64}, line.size()}) {
        INFO("pieces of " << size);
        detail::sse_parser sse(64);
        detail::ndjson_splitter ndjson(64);
        auto sse_status = detail::sse_parser::status::ok;
        auto ndjson_status = detail::ndjson_splitter::status::ok;
        for (auto piece : pieces<std::string_view>(line, size)) {
            if (sse_status == detail::sse_parser::status::ok) sse_status = sse.feed(piece, [](const detail::sse_event&) {});
            if (ndjson_status == detail::ndjson_splitter::status::ok)
                ndjson_status = ndjson.feed(piece, [](std::string_view) {});
        }
        CHECK(sse_status == detail::sse_parser::status::line_too_long);
        CHECK(ndjson_status == detail::ndjson_splitter::status::line_too_long);
    }
}

TEST_CASE("fuzz regression: token counts outside the integer range are clamped, not undefined",
          "[reliability][fuzz][openai][gemini]") {
    // Found by parse_openai under UBSan: 1.18e21 converted to int64 is undefined behaviour.
    llm_config config;
    const auto openai_body = R"({"id": "x", "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"},
        "finish_reason": "stop"}], "usage": {"prompt_tokens": 1.18447e21, "completion_tokens": -1e300,
        "completion_tokens_details": {"reasoning_tokens": 18446744073709551615}}})";
    auto c = openai{}.parse(http_response{200, "OK", {}, openai_body}, {config, {}, false});
    REQUIRE(c);
    CHECK(c.value().usage.prompt_tokens == std::int64_t{1} << 53);
    CHECK(c.value().usage.completion_tokens == -(std::int64_t{1} << 53));
    CHECK(c.value().usage.reasoning_tokens == std::int64_t{1} << 53);

    // Gemini adds counts together: at the limit the sum cannot overflow.
    const auto gemini_body = R"({"candidates": [{"content": {"role": "model", "parts": [{"text": "hi"}]},
        "finishReason": "STOP"}], "usageMetadata": {"promptTokenCount": 9223372036854775807,
        "toolUsePromptTokenCount": 9223372036854775807, "candidatesTokenCount": 1e30, "thoughtsTokenCount": 1e30}})";
    auto g = gemini{}.parse(http_response{200, "OK", {}, gemini_body}, {config, {}, false});
    REQUIRE(g);
    CHECK(g.value().usage.prompt_tokens == std::int64_t{2} << 53);
}

TEST_CASE("fuzz regression: a body read until close stops at its limit the same way however it arrives",
          "[reliability][fuzz][http_parser]") {
    // Found by http_response: whole, the parser refused the body before delivering a byte; in pieces, it delivered
    // what fit first. Now it always delivers exactly up to the limit, then refuses.
    const std::string message = "HTTP/1.1 200 OK\r\n\r\n" + std::string(500, 'b');
    std::vector<std::size_t> delivered;
    for (std::size_t size : {std::size_t{1}, std::size_t{33}, message.size()}) {
        detail::http_response_parser parser(detail::http_parser_limits{1024, 300});
        std::size_t bytes = 0;
        std::optional<error> failure;
        for (auto piece : pieces<std::string_view>(message, size)) {
            while (!piece.empty() && !failure) {
                auto used = parser.put(piece, [&](std::string_view b) { bytes += b.size(); });
                if (!used) failure = used.error();
                else piece.remove_prefix(used.value());
            }
        }
        REQUIRE(failure);
        CHECK_THAT(failure->message, Catch::Contains("larger than the limit of 300 bytes"));
        delivered.push_back(bytes);
    }
    CHECK(delivered == std::vector<std::size_t>{300, 300, 300});
}

TEST_CASE("fuzz regression: an Anthropic message or stream event whose type is not a string is malformed, not a throw",
          "[reliability][fuzz][anthropic]") {
    // Found by parse_anthropic and stream_anthropic: the `type` field was read before the guard that turns json's
    // type errors into malformed_response, so `"type": {}` escaped parse() as an exception.
    llm_config config;
    const anthropic::options options{};
    auto parsed = anthropic{}.parse(http_response{200, "OK", {}, R"({"type": {}, "request_id": "req_1"})"},
                                    {config, options, false});
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error() == errc::malformed_response);
    CHECK_THAT(parsed.error().message, Catch::Contains("unexpected field type"));

    auto decoder = anthropic{}.make_stream_decoder({config, options, true});
    int events = 0;
    auto fed = decoder.feed("event: message_start\ndata: {\"type\": 7, \"message\": {\"id\": \"msg_1\"}}\n\n",
                            [&](stream_event&&) { return ++events, true; });
    REQUIRE_FALSE(fed);
    CHECK(fed.error() == errc::malformed_response);
    CHECK(events == 0);
    CHECK_FALSE(decoder.finish());
}
