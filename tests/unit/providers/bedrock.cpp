#include <polyllm/wire/event_stream.hpp>
#include <polyllm/wire/event_stream_decoder.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace polyllm;
using namespace polyllm::wire;
using polyllm_test::fixture;
using namespace std::string_literals;

namespace {

struct framed {
    std::vector<event_stream_message> messages;
    result<void> outcome = success();
    bool partial = false;
};

// Feeds `bytes` in two pieces cut at `cut` (or whole), as a transport would hand them over.
framed frame_all(std::string_view bytes, std::size_t cut = std::string_view::npos,
                 std::size_t limit = 16 * 1024 * 1024) {
    event_stream_parser parser(limit);
    framed out;
    auto keep = [&](event_stream_message&& m) { out.messages.push_back(std::move(m)); };
    if (cut != std::string_view::npos) {
        out.outcome = parser.feed(bytes.substr(0, cut), keep);
        if (!out.outcome) return out;
        bytes.remove_prefix(cut);
    }
    out.outcome = parser.feed(bytes, keep);
    out.partial = parser.has_partial_message();
    return out;
}

event_stream_header string_header(std::string name, std::string value) {
    return {std::move(name), event_stream_type::string, 0, std::move(value)};
}

}  // namespace

TEST_CASE("event stream: CRC32 is zlib's", "[bedrock][event-stream]") {
    CHECK(crc32("123456789") == 0xCBF43926u);
    CHECK(crc32("") == 0u);
    CHECK(crc32("56789", crc32("1234")) == 0xCBF43926u);  // continues across pieces
}

TEST_CASE("event stream: AWS's test vectors, at every split", "[bedrock][event-stream]") {
    const auto vectors = nlohmann::json::parse(fixture("bedrock/event-stream/vectors/vectors.json"));
    REQUIRE(vectors.size() == 8);
    for (const auto& [name, vector] : vectors.items()) {
        INFO("vector " << name);
        const auto bytes = fixture("bedrock/event-stream/vectors/" + name + ".bin");
        for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
            INFO("cut at " << cut);
            const auto got = frame_all(bytes, cut);
            if (vector["expectation"] == "failure") {
                REQUIRE_FALSE(got.outcome);
                CHECK(got.outcome.error() == errc::protocol_error);
                CHECK(got.messages.empty());
                continue;
            }
            REQUIRE(got.outcome);
            REQUIRE(got.messages.size() == 1);
            CHECK_FALSE(got.partial);
            const auto& m = got.messages[0];
            CHECK(m.payload == vector["decoded"]["payload"].get<std::string>());
            const auto& headers = vector["decoded"]["headers"];
            REQUIRE(m.headers.size() == headers.size());
            for (std::size_t i = 0; i < headers.size(); ++i) {
                CHECK(m.headers[i].name == headers[i]["name"].get<std::string>());
                CHECK(int(m.headers[i].type) == headers[i]["type"].get<int>());
                if (headers[i]["value"].is_string()) CHECK(m.headers[i].bytes == headers[i]["value"].get<std::string>());
                else CHECK(m.headers[i].integer == headers[i]["value"].get<std::int64_t>());
            }
            // The encoder writes the same bytes: the local server and the fixtures below rely on it.
            if (cut == 0) CHECK(encode_event_stream_message(m) == bytes);
        }
    }
}

TEST_CASE("event stream: typed header values round-trip, negative integers sign-extended", "[bedrock][event-stream]") {
    event_stream_message m;
    m.headers = {{"t", event_stream_type::bool_true, 1, {}},      {"f", event_stream_type::bool_false, 0, {}},
                 {"b", event_stream_type::byte, -5, {}},          {"s", event_stream_type::int16, -300, {}},
                 {"i", event_stream_type::int32, -70000, {}},     {"l", event_stream_type::int64, -(1LL << 40), {}},
                 {"a", event_stream_type::byte_array, 0, "\x01\x00\x02"s}, string_header("str", "value"),
                 {"ts", event_stream_type::timestamp, 1733400000000, {}},
                 {"u", event_stream_type::uuid, 0, "0123456789abcdef"}};
    m.payload = "{}";
    const auto bytes = encode_event_stream_message(m);
    const auto got = frame_all(bytes);
    REQUIRE(got.outcome);
    REQUIRE(got.messages.size() == 1);
    const auto& h = got.messages[0].headers;
    REQUIRE(h.size() == m.headers.size());
    for (std::size_t i = 0; i < h.size(); ++i) {
        INFO(h[i].name);
        CHECK(h[i].type == m.headers[i].type);
        CHECK(h[i].integer == m.headers[i].integer);
        CHECK(h[i].bytes == m.headers[i].bytes);
    }
    CHECK(got.messages[0].string_header("str") == "value");
    CHECK_FALSE(got.messages[0].string_header("i"));  // not a string
}

TEST_CASE("event stream: every corrupted byte and every cut is an error, never a message", "[bedrock][event-stream]") {
    event_stream_message m;
    m.headers = {string_header(":event-type", "contentBlockDelta"), string_header(":message-type", "event")};
    m.payload = R"({"contentBlockIndex":0,"delta":{"text":"Hi"}})";
    const auto bytes = encode_event_stream_message(m);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        INFO("byte " << i);
        auto broken = bytes;
        broken[i] = char(broken[i] ^ 0x20);
        const auto got = frame_all(broken, i / 2);
        CHECK(got.messages.empty());
        // A larger total length waits for bytes that never come: the message is then partial at the end.
        CHECK((!got.outcome || got.partial));
        if (!got.outcome) CHECK(got.outcome.error() == errc::protocol_error);
    }
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        const auto got = frame_all(std::string_view(bytes).substr(0, cut));
        CHECK(got.outcome);
        CHECK(got.messages.empty());
        CHECK(got.partial == (cut > 0));
    }
}

TEST_CASE("event stream: a message over the size limit is refused from its prelude", "[bedrock][event-stream]") {
    event_stream_message m;
    m.payload = std::string(200, 'x');
    const auto bytes = encode_event_stream_message(m);
    const auto got = frame_all(std::string_view(bytes).substr(0, 12), std::string_view::npos, 100);
    REQUIRE_FALSE(got.outcome);
    CHECK(got.outcome.error() == errc::protocol_error);
    CHECK_THAT(got.outcome.error().message, Catch::Contains("larger than the limit"));
    CHECK(frame_all(bytes, std::string_view::npos, 216).outcome);  // exactly at the limit
}
