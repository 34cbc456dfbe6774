// Every response and stream fixture of every provider, delivered through the real parsers (HTTP/1.1 framing, SSE,
// NDJSON, the provider's parse or stream decoder) in one piece, cut in two at every byte offset, and one byte at a
// time, gives the identical normalized result: Beast's "parsegrind", over everything tests/fixtures/ holds.

#include <polyllm/polyllm.hpp>
#include <polyllm/detail/ndjson.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace polyllm;
using polyllm_test::fixture;

namespace {

// A result reduced to a comparable value: the completion, or everything an error carries that a caller can see.
struct parsed_outcome {
    std::optional<completion> value;
    std::string failure;

    friend bool operator==(const parsed_outcome&, const parsed_outcome&) = default;
};

std::string describe(const error& e) {
    std::ostringstream out;
    out << e.to_string() << " | type=" << e.type << " | status=" << e.http_status
        << " | retry_after=" << (e.retry_after ? e.retry_after->count() : -1)
        << " | should_retry=" << (e.should_retry ? int(*e.should_retry) : -1) << " | verdict=" << int(e.verdict) << " | id=" << e.request_id
        << " | partial=" << (e.partial ? e.partial->message.text() : "-");
    return out.str();
}

parsed_outcome normalize(const result<completion>& r) {
    if (r) return {r.value(), {}};
    return {std::nullopt, describe(r.error())};
}

struct streamed_outcome {
    std::vector<stream_event> events;
    std::string failure;  // empty: the stream finished cleanly

    friend bool operator==(const streamed_outcome&, const streamed_outcome&) = default;
};

// The provider behind each fixture directory, as the parse and stream-decoder functions the test needs.
struct provider_under_test {
    std::function<result<completion>(const http_response&)> parse;
    // Feeds pieces to a fresh decoder and finishes it; the pieces are whatever the HTTP parser delivered.
    std::function<streamed_outcome(const std::vector<std::string_view>&)> decode;
};

template <class P>
provider_under_test make_provider() {
    provider_under_test out;
    out.parse = [](const http_response& res) {
        llm_config config;
        typename P::options options{};
        return P{}.parse(res, call_context<typename P::options>{config, options, false});
    };
    out.decode = [](const std::vector<std::string_view>& pieces) {
        llm_config config;
        typename P::options options{};
        auto decoder = P{}.make_stream_decoder(call_context<typename P::options>{config, options, true});
        streamed_outcome got;
        auto emit = [&](stream_event&& e) {
            got.events.push_back(std::move(e));
            return true;
        };
        for (auto piece : pieces) {
            if (auto fed = decoder.feed(piece, emit); !fed) {
                got.failure = describe(fed.error());
                return got;
            }
        }
        if (auto finished = decoder.finish(); !finished) got.failure = describe(finished.error());
        return got;
    };
    return out;
}

const std::map<std::string, provider_under_test>& providers() {
    static const std::map<std::string, provider_under_test> all = {
        {"openai", make_provider<openai>()},         {"azure", make_provider<azure>()},
        {"deepseek", make_provider<deepseek>()},     {"groq", make_provider<groq>()},
        {"openrouter", make_provider<openrouter>()}, {"fn_call", make_provider<openai>()},
        {"anthropic", make_provider<anthropic>()},   {"gemini", make_provider<gemini>()},
        {"openai_responses", make_provider<openai_responses>()},
    };
    return all;
}

struct fixture_file {
    std::string directory;  // the provider's
    std::string name;
    std::string relative;   // for fixture()
};

// Every fixture of a provider whose name starts with `prefix` and ends with `suffix`.
std::vector<fixture_file> fixtures_named(std::string_view prefix, std::string_view suffix) {
    std::vector<fixture_file> out;
    for (const auto& [directory, _] : providers()) {
        const auto path = std::filesystem::path(POLYLLM_FIXTURES_DIR) / directory;
        for (const auto& entry : std::filesystem::directory_iterator(path)) {
            const auto name = entry.path().filename().string();
            if (name.starts_with(prefix) && name.ends_with(suffix))
                out.push_back({directory, name, directory + "/" + name});
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.relative < b.relative; });
    return out;
}

std::string hex(std::size_t n) {
    std::ostringstream out;
    out << std::hex << n;
    return out.str();
}

// The status line and headers a provider's server would send before `body`.
std::string head(int status, std::string_view content_type, std::string_view framing) {
    return "HTTP/1.1 " + std::to_string(status) + " Whatever\r\nContent-Type: " + std::string(content_type) +
           "\r\nx-request-id: req_split\r\n" + std::string(framing) + "\r\n";
}

std::string with_content_length(int status, std::string_view content_type, std::string_view body) {
    return head(status, content_type, "Content-Length: " + std::to_string(body.size()) + "\r\n") + std::string(body);
}

// Chunked, `chunk` bytes per chunk (0: the whole body as one chunk), with an extension and a trailer for good measure.
std::string chunked(int status, std::string_view content_type, std::string_view body, std::size_t chunk = 0) {
    std::string out = head(status, content_type, "Transfer-Encoding: chunked\r\n");
    if (chunk == 0) chunk = body.size();
    for (std::size_t at = 0; at < body.size(); at += chunk) {
        const auto piece = body.substr(at, chunk);
        out += hex(piece.size()) + (at == 0 ? ";ext=1" : "") + "\r\n" + std::string(piece) + "\r\n";
    }
    return out + "0\r\nx-trailer: done\r\n\r\n";
}

// What the transport sees of one HTTP response delivered in `pieces`: status, headers and the body pieces the
// parser handed on (the decoder is fed each as it comes, as the transport does).
struct http_delivery {
    http_response response;
    std::vector<std::string> body_pieces;
};

http_delivery deliver_http(const std::vector<std::string_view>& pieces) {
    detail::http_response_parser parser;
    parser.set_body_limit(std::nullopt);
    http_delivery out;
    for (auto piece : pieces) {
        while (!piece.empty() && !parser.done()) {
            auto used = parser.put(piece, [&](std::string_view body) { out.body_pieces.emplace_back(body); });
            if (!used) FAIL(used.error().message);
            piece.remove_prefix(used.value());
        }
        if (!piece.empty()) FAIL("bytes after the response");
    }
    if (!parser.done()) FAIL("the response did not end");
    out.response.status = parser.status();
    out.response.reason = parser.reason();
    out.response.headers = parser.headers();
    for (const auto& piece : out.body_pieces) out.response.body += piece;
    return out;
}

// `text` whole, cut at `cut` (0: not cut), or one byte per piece.
std::vector<std::string_view> cut_at(std::string_view text, std::size_t cut) {
    if (cut == 0) return {text};
    return {text.substr(0, cut), text.substr(cut)};
}
std::vector<std::string_view> bytewise(std::string_view text) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < text.size(); ++i) out.push_back(text.substr(i, 1));
    return out;
}

streamed_outcome decode_delivery(const provider_under_test& provider, const std::vector<std::string_view>& pieces) {
    const auto delivery = deliver_http(pieces);
    std::vector<std::string_view> body(delivery.body_pieces.begin(), delivery.body_pieces.end());
    return provider.decode(body);
}

int status_for(std::string_view name) {
    if (name.starts_with("response-")) return 200;
    if (name.ends_with(".html")) return 502;
    if (name.find("rate-limit") != std::string_view::npos || name.find("exhausted") != std::string_view::npos)
        return 429;
    return 400;
}

// Every stream fixture of one directory: the decoder fed the body cut at every byte offset and one byte at a time,
// and HTTP framing handing it on as the transport does.
void check_streams(std::string_view directory) {
    auto files = fixtures_named("stream-", ".sse");
    std::erase_if(files, [&](const fixture_file& f) { return f.directory != directory; });
    REQUIRE_FALSE(files.empty());
    for (const auto& file : files) {
        INFO(file.relative);
        const auto& provider = providers().at(file.directory);
        const auto body = fixture(file.relative);
        const auto expected = provider.decode({body});
        CHECK_FALSE(expected.events.empty());

        // The decoder fed the body cut at every byte offset, and one byte at a time.
        for (std::size_t cut = 1; cut < body.size(); ++cut)
            if (provider.decode(cut_at(body, cut)) != expected) FAIL("differs when cut at " << cut);
        CHECK(provider.decode(bytewise(body)) == expected);

        // Through HTTP chunked framing, the decoder fed what the parser hands on as the transport does: at every cut
        // of a one-chunk message the parser hands on the body cut at the same offset (checked without decoding, the
        // decoding of such cuts being the loop above); whole and one byte at a time, and in chunks that cut events,
        // lines and UTF-8 sequences, the decoded result is the same.
        const auto one_chunk = chunked(200, "text/event-stream", body);
        const auto body_at = one_chunk.find(body);
        for (std::size_t cut = 1; cut < one_chunk.size(); ++cut) {
            const auto delivery = deliver_http(cut_at(one_chunk, cut));
            const bool cut_in_body = cut > body_at && cut < body_at + body.size();
            const std::vector<std::string> expected_pieces =
                cut_in_body ? std::vector<std::string>{body.substr(0, cut - body_at), body.substr(cut - body_at)}
                            : std::vector<std::string>{body};
            if (delivery.body_pieces != expected_pieces) FAIL("the body is handed on differently when cut at " << cut);
        }
        CHECK(decode_delivery(provider, {one_chunk}) == expected);
        CHECK(decode_delivery(provider, bytewise(one_chunk)) == expected);
        for (std::size_t chunk : {1, 3, 64}) {
            INFO("chunks of " << chunk << " bytes");
            CHECK(decode_delivery(provider, {chunked(200, "text/event-stream", body, chunk)}) == expected);
        }
    }
}

}  // namespace

TEST_CASE("every split: each response and error fixture parses the same however its bytes arrive",
          "[reliability][split]") {
    auto files = fixtures_named("response-", ".json");
    for (auto& f : fixtures_named("error-", "")) files.push_back(f);
    REQUIRE(files.size() > 50);
    for (const auto& file : files) {
        INFO(file.relative);
        const auto& provider = providers().at(file.directory);
        const auto body = fixture(file.relative);
        const int status = status_for(file.name);
        const auto type = file.name.ends_with(".html") ? "text/html" : "application/json";
        // An error fixture is an error however it arrives; the whole-body parse is what every delivery must give.
        if (file.name.starts_with("error-")) CHECK_FALSE(provider.parse(http_response{status, "Whatever", {}, body}));

        for (const auto& message : {with_content_length(status, type, body), chunked(status, type, body, 7)}) {
            // `parse` is a pure function of the response, so the framing is held to delivering the same response
            // at every cut, and the provider parses it delivered whole and one byte at a time.
            auto deliver = [&](const std::vector<std::string_view>& pieces) { return deliver_http(pieces).response; };
            const auto whole = deliver({message});
            CHECK(whole.body == body);
            for (std::size_t cut = 1; cut < message.size(); ++cut) {
                const auto split = deliver(cut_at(message, cut));
                if (split.status != whole.status || split.headers != whole.headers || split.body != whole.body)
                    FAIL("differs when cut at " << cut);
            }
            const auto parsed = normalize(provider.parse(whole));
            CHECK(normalize(provider.parse(deliver(bytewise(message)))) == parsed);
        }
    }
}

// One test case per directory, so that ctest runs them side by side.
TEST_CASE("every split: openai streams", "[reliability][split][openai]") { check_streams("openai"); }
TEST_CASE("every split: anthropic streams", "[reliability][split][anthropic]") { check_streams("anthropic"); }
TEST_CASE("every split: gemini streams", "[reliability][split][gemini]") { check_streams("gemini"); }
TEST_CASE("every split: openai_responses streams", "[reliability][split][openai_responses]") {
    check_streams("openai_responses");
}
TEST_CASE("every split: deepseek and groq streams", "[reliability][split]") {
    check_streams("deepseek");
    check_streams("groq");
}
TEST_CASE("every split: the prompted tool-call stream", "[reliability][split][fn_call]") { check_streams("fn_call"); }

TEST_CASE("every split: NDJSON lines made from each stream fixture split the same however they arrive",
          "[reliability][split][ndjson]") {
    for (const auto& file : fixtures_named("stream-", ".sse")) {
        INFO(file.relative);
        std::vector<std::string> expected;
        detail::sse_parser sse;
        sse.feed(fixture(file.relative), [&](const detail::sse_event& e) { expected.emplace_back(e.data); });
        // One event's data per line, alternately LF and CRLF, with a blank line (skipped) in the middle.
        std::string text;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (expected[i].find('\n') != std::string::npos) continue;
            text += expected[i] + (i % 2 ? "\r\n" : "\n");
            if (i == expected.size() / 2) text += "\n";
        }
        std::erase_if(expected, [](const std::string& line) { return line.find('\n') != std::string::npos; });
        auto split = [&](const std::vector<std::string_view>& pieces) {
            detail::ndjson_splitter splitter;
            std::vector<std::string> lines;
            for (auto piece : pieces)
                if (splitter.feed(piece, [&](std::string_view line) { lines.emplace_back(line); }) !=
                    detail::ndjson_splitter::status::ok)
                    FAIL("a line was refused");
            if (splitter.has_partial_line()) FAIL("a line was left unfinished");
            return lines;
        };
        REQUIRE(split({text}) == expected);
        for (std::size_t cut = 1; cut < text.size(); ++cut)
            if (split(cut_at(text, cut)) != expected) FAIL("differs when cut at " << cut);
        CHECK(split(bytewise(text)) == expected);
    }
}

TEST_CASE("every split: the HTTP fixtures frame the same body however they arrive", "[reliability][split][http]") {
    const auto directory = std::filesystem::path(POLYLLM_FIXTURES_DIR) / "http";
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        if (entry.path().extension() != ".http") continue;
        const auto name = "http/" + entry.path().filename().string();
        INFO(name);
        const auto message = fixture(name);
        auto frame = [&](const std::vector<std::string_view>& pieces) {
            detail::http_response_parser parser;
            std::string body;
            for (auto piece : pieces) {
                while (!piece.empty() && !parser.done()) {
                    auto used = parser.put(piece, [&](std::string_view b) { body += b; });
                    if (!used) FAIL(used.error().message);
                    piece.remove_prefix(used.value());
                }
            }
            if (!parser.put_eof()) FAIL("the end of the connection was refused");
            std::ostringstream out;
            out << parser.status() << ' ' << parser.reason() << '\n';
            for (const auto& h : parser.headers()) out << h.name << ": " << h.value << '\n';
            for (const auto& h : parser.trailers()) out << "trailer " << h.name << ": " << h.value << '\n';
            out << parser.keep_alive() << '\n' << body;
            return out.str();
        };
        const auto whole = frame({message});
        for (std::size_t cut = 1; cut < message.size(); ++cut)
            if (frame(cut_at(message, cut)) != whole) FAIL("differs when cut at " << cut);
        CHECK(frame(bytewise(message)) == whole);
        ++count;
    }
    CHECK(count >= 9);
}
