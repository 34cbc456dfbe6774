#include <polyllm/bedrock.hpp>
#include <polyllm/testing.hpp>
#include <polyllm/wire/event_stream.hpp>
#include <polyllm/wire/event_stream_decoder.hpp>

#include <catch2/catch.hpp>

#include "support/fixtures.hpp"
#include "support/pieces.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <string>
#include <tuple>
#include <utility>
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
    auto keep = [&](const event_stream_message_view& m) { out.messages.push_back(m.to_message()); };
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

TEST_CASE("event stream: CRC32 agrees with the bitwise definition at every length and alignment",
          "[bedrock][event-stream]") {
    // Long inputs take the folding path where the CPU has one, short ones and tails the tables: both are checked
    // against the polynomial division done a bit at a time.
    const auto bitwise = [](std::string_view bytes, std::uint32_t crc) {
        crc = ~crc;
        for (unsigned char byte : bytes) {
            crc ^= byte;
            for (int k = 0; k < 8; ++k) crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    };
    std::string data(400, '\0');
    std::uint32_t seed = 12345;
    for (auto& ch : data) ch = char((seed = seed * 1103515245u + 12345u) >> 24);
    for (std::size_t offset = 0; offset < 4; ++offset)
        for (std::size_t size = 0; offset + size <= 340; ++size) {
            INFO("offset " << offset << ", size " << size);
            const auto bytes = std::string_view(data).substr(offset, size);
            REQUIRE(crc32(bytes) == bitwise(bytes, 0));
            REQUIRE(crc32(bytes, 0xdeadbeef) == bitwise(bytes, 0xdeadbeef));
        }
}

TEST_CASE("event stream: AWS's test vectors, at every split", "[bedrock][event-stream]") {
    const auto vectors = nlohmann::json::parse(fixture("bedrock/event-stream/vectors/vectors.json"));
    REQUIRE(vectors.size() == 8);
    for (const auto& [name, vector] : vectors.items()) {
        INFO("vector " << name);
        const auto bytes = fixture("bedrock/event-stream/vectors/" + name + ".bin");
        // A byte at a time: every prelude and message split at once.
        event_stream_parser bytewise;
        std::size_t count = 0;
        result<void> fed = success();
        for (char ch : bytes)
            if (fed) fed = bytewise.feed(std::string_view(&ch, 1), [&](const event_stream_message_view&) { ++count; });
        CHECK(bool(fed) == (vector["expectation"] == "success"));
        CHECK(count == (vector["expectation"] == "success" ? 1u : 0u));
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

TEST_CASE("event stream: a message that arrives whole is read where it lies, a split one from the buffer",
          "[bedrock][event-stream]") {
    event_stream_message m;
    m.headers = {string_header(":event-type", "contentBlockDelta"), string_header(":message-type", "event")};
    m.payload = R"({"contentBlockIndex":0,"delta":{"text":"Hi"}})";
    const auto one = encode_event_stream_message(m);
    const auto bytes = one + one;
    const std::string_view fed(bytes);
    const auto inside = [&](std::string_view v) {
        return v.data() >= fed.data() && v.data() + v.size() <= fed.data() + fed.size();
    };
    std::vector<bool> in_place;
    event_stream_parser parser;
    auto look = [&](const event_stream_message_view& got) {
        CHECK(got.payload == m.payload);
        CHECK(got.string_header(":event-type") == "contentBlockDelta");
        in_place.push_back(inside(got.payload) && inside(got.headers[0].name) && inside(got.headers[1].bytes));
    };
    REQUIRE(parser.feed(fed.substr(0, one.size() + 5), look));  // the first whole, the second begun
    REQUIRE(parser.feed(fed.substr(one.size() + 5), look));
    CHECK(in_place == std::vector<bool>{true, false});
    CHECK_FALSE(parser.has_partial_message());
}

TEST_CASE("event stream: after the consumer stops, the messages not read wait for the next call",
          "[bedrock][event-stream]") {
    std::string bytes;
    for (const char* text : {"a", "b", "c", "d"}) {
        event_stream_message m;
        m.headers = {string_header(":message-type", "event")};
        m.payload = text;
        bytes += encode_event_stream_message(m);
    }
    // Whole in one piece, or cut inside the second message: either way the stop leaves several messages unread.
    for (const std::size_t cut : {bytes.size(), bytes.size() / 4 + 7}) {
        INFO("cut at " << cut);
        event_stream_parser parser;
        std::string seen;
        bool stop = true;
        auto take = [&](const event_stream_message_view& got) {
            seen += got.payload;
            return !std::exchange(stop, false);  // stops after the first message only
        };
        REQUIRE(parser.feed(std::string_view(bytes).substr(0, cut), take));
        CHECK(seen == "a");
        CHECK(parser.has_partial_message());
        REQUIRE(parser.feed(std::string_view(bytes).substr(cut), take));
        CHECK(seen == "abcd");
        CHECK_FALSE(parser.has_partial_message());
    }
}

// ------------------------------------------------------------------------------------------------ the provider

namespace {

const char* const claude = "bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0";

request ask(std::string text) {
    request r;
    r.messages = {message::user(std::move(text))};
    return r;
}

llm_config bedrock_config(std::string model = claude) {
    llm_config cfg;
    cfg.model = std::move(model);
    cfg.retry_min_wait = std::chrono::milliseconds(1);
    cfg.retry_max_wait = std::chrono::milliseconds(1);
    cfg.aws_access_key_id = "AKIDEXAMPLE";
    cfg.aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    cfg.aws_region_name = "us-west-2";
    return cfg;
}

bedrock::options test_credentials() {
    bedrock::options o;
    o.aws_session_token = "SESSION-TOKEN-EXAMPLE";
    return o;
}

// The converse_stream.json events as Bedrock frames them.
std::string stream_bytes(const nlohmann::json& events) {
    std::string out;
    for (const auto& e : events) {
        event_stream_message m;
        m.headers = {string_header(":event-type", e["event"]), string_header(":content-type", "application/json"),
                     string_header(":message-type", "event")};
        m.payload = e["payload"].dump();
        out += encode_event_stream_message(m);
    }
    return out;
}

struct streamed {
    completion answer;
    std::vector<stream_event> events;
    result<void> outcome = success();
};

streamed decode_converse(std::string_view bytes, std::size_t cut = std::string_view::npos) {
    bedrock_converse::stream_decoder decoder;
    stream_accumulator acc;
    streamed out;
    auto emit = [&](stream_event&& e) {
        acc.add(e);
        out.events.push_back(std::move(e));
        return true;
    };
    if (cut != std::string_view::npos) {
        out.outcome = decoder.feed(bytes.substr(0, cut), emit);
        bytes.remove_prefix(cut);
    }
    if (out.outcome) out.outcome = decoder.feed(bytes, emit);
    if (out.outcome) out.outcome = decoder.finish();
    out.answer = acc.take();
    return out;
}

}  // namespace

TEST_CASE("bedrock: the Converse body", "[bedrock]") {
    request r;
    auto system = message::system("You are terse.");
    auto user = message::user("What's the weather in Seattle?");
    user.content.push_back(image_part::from_base64("image/png", "iVBORw0KGgo="));
    auto assistant = message::assistant({});
    assistant.content = {thinking_part{"The user wants the weather.", "sig-abc", {}},
                         text_part{"Let me check the weather."}};
    assistant.tool_calls = {{"tooluse_1", "get_weather", R"({"city":"Seattle"})"}};
    r.messages = {system, user, assistant, message::tool_result("tooluse_1", "12 degrees, rain", "get_weather")};
    r.tools = {{"get_weather", "Current weather",
                ordered_json::parse(R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})")}};
    r.tool_choice = tool_choice::required();
    r.temperature = 0.2;
    r.max_tokens = 1000;
    r.stop = {"END"};
    const auto cfg = bedrock_config();
    const call_context<bedrock::options> ctx{cfg, test_credentials()};
    const auto body = bedrock_converse::body_json(r, cfg, bedrock::traits_for(ctx));
    REQUIRE(body);
    CHECK(body.value() == ordered_json::parse(fixture("bedrock/converse_request.json")));

    // Without caching_prompt, or for a model without cachePoint, no cache points; extra replaces a field.
    auto plain = cfg;
    plain.caching_prompt = false;
    r.extra = {{"inferenceConfig", {{"maxTokens", 5}}}, {"guardrailConfig", {{"guardrailIdentifier", "g1"}}}};
    const auto other = bedrock_converse::body_json(r, plain, bedrock::traits_for({plain, test_credentials()}));
    REQUIRE(other);
    CHECK(other.value().dump().find("cachePoint") == std::string::npos);
    CHECK(other.value()["inferenceConfig"] == ordered_json{{"maxTokens", 5}});
    CHECK(other.value()["guardrailConfig"]["guardrailIdentifier"] == "g1");

    // Thinking (reasoning_effort on a Claude model that has it) goes through additionalModelRequestFields.
    r.extra = ordered_json::object();
    r.reasoning_effort = reasoning_effort::low;
    r.max_tokens = 8000;
    const auto thinking = bedrock_converse::body_json(r, cfg, bedrock::traits_for(ctx));
    REQUIRE(thinking);
    CHECK(thinking.value()["additionalModelRequestFields"]["thinking"]["budget_tokens"] == 4096);
    CHECK_FALSE(thinking.value()["inferenceConfig"].contains("temperature"));

    // An image by URL cannot be carried.
    request by_url;
    by_url.messages = {message::user("look")};
    by_url.messages[0].content.push_back(image_part::from_url("https://example.com/a.png"));
    const auto refused = bedrock_converse::body_json(by_url, cfg, bedrock::traits_for(ctx));
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::unsupported);
    // Nor a JSON output mode, unless drop_params lets it go.
    request json_mode = ask("json please");
    json_mode.response_format = response_format::json_object();
    CHECK(bedrock_converse::body_json(json_mode, cfg, bedrock::traits_for(ctx)).error() == errc::unsupported);
    auto dropping = cfg;
    dropping.drop_params = true;
    CHECK(bedrock_converse::body_json(json_mode, dropping, bedrock::traits_for(ctx)));
}

TEST_CASE("bedrock: toolResult's status is sent to the models AWS documents it for", "[bedrock]") {
    request r;
    auto assistant = message::assistant({});
    assistant.tool_calls = {{"tooluse_1", "get_weather", R"({"city":"Seattle"})"}};
    auto failed = message::tool_result("tooluse_1", "the weather service timed out", "get_weather");
    failed.is_error = true;
    r.messages = {message::user("weather?"), assistant, failed};
    r.tools = {{"get_weather", "", ordered_json::parse(R"({"type":"object"})")}};
    auto status_for = [&](std::string model) -> ordered_json {
        auto cfg = bedrock_config();
        cfg.model = std::move(model);
        const auto body = bedrock_converse::body_json(r, cfg, bedrock::traits_for({cfg, test_credentials()}));
        REQUIRE(body);
        const auto& result = body.value()["messages"][2]["content"][0]["toolResult"];
        return result.contains("status") ? result["status"] : ordered_json();
    };
    CHECK(status_for("us.anthropic.claude-sonnet-4-5-20250929-v1:0") == "error");
    CHECK(status_for("amazon.nova-pro-v1:0") == "error");
    // Llama, Mistral and Claude 2 refuse the field: it is left out and the output alone says what happened.
    CHECK(status_for("meta.llama3-3-70b-instruct-v1:0").is_null());
    CHECK(status_for("mistral.mistral-large-2407-v1:0").is_null());
    CHECK(status_for("anthropic.claude-v2:1").is_null());
    r.messages[2].is_error = false;
    CHECK(status_for("anthropic.claude-3-haiku-20240307-v1:0") == "success");
}

TEST_CASE("bedrock: Nova's limits and prices are Amazon's; Llama's stay unknown, not guessed", "[bedrock]") {
    const auto pro = effective_model_info<bedrock>(bedrock_config("bedrock/us.amazon.nova-pro-v1:0"));
    CHECK(pro.max_input_tokens == 300000);
    CHECK_FALSE(pro.max_output_tokens);
    usage u;
    u.prompt_tokens = 1'000'000 + 1'000'000;  // the cached million is part of the prompt
    u.cache_read_tokens = 1'000'000;
    u.completion_tokens = 1'000'000;
    REQUIRE(cost_of(u, pro));
    CHECK(*cost_of(u, pro) == Approx(0.80 + 0.20 + 3.20));
    const auto micro = effective_model_info<bedrock>(bedrock_config("bedrock/amazon.nova-micro-v1:0"));
    CHECK(micro.max_input_tokens == 128000);
    CHECK(micro.input_cost_per_token == Approx(0.035e-6));
    CHECK(effective_model_info<bedrock>(bedrock_config("bedrock/amazon.nova-lite-v1:0")).output_cost_per_token ==
          Approx(0.24e-6));
    CHECK_FALSE(effective_model_info<bedrock>(bedrock_config("bedrock/amazon.nova-premier-v1:0")).input_cost_per_token);
    CHECK_FALSE(effective_model_info<bedrock>(bedrock_config("bedrock/meta.llama3-3-70b-instruct-v1:0")).input_cost_per_token);
}

TEST_CASE("bedrock: the endpoint takes the model id as one encoded segment", "[bedrock]") {
    CHECK(bedrock::endpoint("https://bedrock-runtime.us-east-1.amazonaws.com",
                            "anthropic.claude-3-5-sonnet-20241022-v2:0", false) ==
          "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse");
    CHECK(bedrock::endpoint("http://127.0.0.1:8080/", "amazon.nova-pro-v1:0", true) ==
          "http://127.0.0.1:8080/model/amazon.nova-pro-v1%3A0/converse-stream");
    CHECK(bedrock::endpoint("https://h", "arn:aws:bedrock:us-east-1:1:inference-profile/x", false) ==
          "https://h/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fx/converse");

    const auto cfg = bedrock_config();
    bedrock provider;
    auto req = provider.prepare(ask("hi"), {cfg, test_credentials()});
    REQUIRE(req);
    CHECK(req.value().url ==
          "https://bedrock-runtime.us-west-2.amazonaws.com/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse");
    CHECK_FALSE(req.value().headers.contains("authorization"));  // signed per attempt, in async_authorize
}

TEST_CASE("bedrock: a Converse response and the same answer streamed, at every split", "[bedrock]") {
    http_response res{200, "OK", {{"x-amzn-RequestId", "req-1"}, {"content-type", "application/json"}},
                      fixture("bedrock/converse_response.json")};
    auto whole = bedrock_converse::parse_response(res);
    REQUIRE(whole);
    const auto& c = whole.value();
    CHECK(c.message.text() == "Let me check the weather.");
    REQUIRE(c.message.tool_calls.size() == 1);
    CHECK(c.message.tool_calls[0].id == "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
    CHECK(nlohmann::json::parse(c.message.tool_calls[0].arguments) == nlohmann::json{{"city", "Seattle"}, {"unit", "celsius"}});
    REQUIRE(std::holds_alternative<thinking_part>(c.message.content.at(0)));
    CHECK(std::get<thinking_part>(c.message.content[0]).signature == "sig-abc");
    CHECK(c.finish_reason == finish_reason::tool_calls);
    CHECK(c.usage.prompt_tokens == 412 + 1024 + 176);
    CHECK(c.usage.cache_read_tokens == 1024);
    CHECK(c.usage.cache_write_tokens == 176);
    CHECK(c.usage.completion_tokens == 57);
    CHECK(c.server_latency == std::chrono::milliseconds(1543));
    CHECK(c.request_id == "req-1");
    // metrics.latencyMs that is not a count is unknown, not zero.
    auto odd = nlohmann::json::parse(fixture("bedrock/converse_response.json"));
    odd["metrics"]["latencyMs"] = "soon";
    CHECK_FALSE(bedrock_converse::latency_from(odd));
    odd.erase("metrics");
    CHECK_FALSE(bedrock_converse::latency_from(odd));

    const auto bytes = stream_bytes(nlohmann::json::parse(fixture("bedrock/converse_stream.json")));
    // Every split near a frame boundary (the prelude, the headers, the CRC cut every way) and every 37th byte
    // between: the framing alone is cut at every byte above, and decoding each split costs JSON parses.
    std::vector<std::size_t> cuts;
    for (std::size_t frame = 0; frame < bytes.size();) {
        for (std::size_t at = frame >= 4 ? frame - 4 : 0; at < std::min(bytes.size(), frame + 14); ++at) cuts.push_back(at);
        frame += (std::size_t(std::uint8_t(bytes[frame])) << 24) | (std::size_t(std::uint8_t(bytes[frame + 1])) << 16) |
                 (std::size_t(std::uint8_t(bytes[frame + 2])) << 8) | std::size_t(std::uint8_t(bytes[frame + 3]));
    }
    for (std::size_t at = 0; at <= bytes.size(); at += 37) cuts.push_back(at);
    cuts.push_back(bytes.size());
    for (auto cut : cuts) {
        const auto got = decode_converse(bytes, cut);
        const bool same = got.outcome && got.answer.message == c.message &&
                          got.answer.finish_reason == c.finish_reason && got.answer.usage == c.usage &&
                          got.answer.server_latency == c.server_latency;
        if (!same) FAIL("the stream cut at " << cut << " of " << bytes.size() << " decoded differently");
    }
    // Cut before the metadata: the answer is whole (messageStop came), only the usage is missing. Cut before
    // messageStop: an error, naming the terminal event.
    const auto events = nlohmann::json::parse(fixture("bedrock/converse_stream.json"));
    auto without = [&](std::size_t n) {
        auto e = events;
        e.erase(e.end() - std::ptrdiff_t(n), e.end());
        return stream_bytes(e);
    };
    CHECK(decode_converse(without(1)).outcome);
    const auto cut = decode_converse(without(2));
    REQUIRE_FALSE(cut.outcome);
    CHECK(cut.outcome.error() == errc::connection);
    CHECK_THAT(cut.outcome.error().message, Catch::Contains("metadata"));
    // A corrupt frame mid-stream: the events before it were given, then a protocol error.
    auto corrupt = bytes;
    corrupt[bytes.size() / 2] = char(corrupt[bytes.size() / 2] ^ 1);
    const auto broken = decode_converse(corrupt);
    REQUIRE_FALSE(broken.outcome);
    CHECK(broken.outcome.error() == errc::protocol_error);
    CHECK_FALSE(broken.events.empty());
}

TEST_CASE("bedrock: exception frames and error responses are classified", "[bedrock]") {
    struct row {
        std::string type;
        std::string message;
        errc expected;
        bool retried;
    };
    const std::vector<row> exceptions = {
        {"throttlingException", "Too many requests, please wait before trying again.", errc::rate_limited, true},
        {"modelStreamErrorException", "The model stream failed.", errc::server_error, true},
        {"validationException", "Input is too long for requested model.", errc::context_window_exceeded, false},
        {"validationException", "messages: roles must alternate", errc::bad_request, false},
        {"serviceUnavailableException", "Service unavailable", errc::service_unavailable, true},
        {"internalServerException", "oops", errc::server_error, true},
    };
    for (const auto& x : exceptions) {
        INFO(x.type << ": " << x.message);
        event_stream_message m;
        m.headers = {string_header(":exception-type", x.type), string_header(":content-type", "application/json"),
                     string_header(":message-type", "exception")};
        m.payload = nlohmann::json{{"message", x.message}}.dump();
        const auto got = decode_converse(encode_event_stream_message(m));
        REQUIRE_FALSE(got.outcome);
        CHECK(got.outcome.error() == x.expected);
        CHECK(bedrock{}.should_retry(got.outcome.error()) == x.retried);
        CHECK(got.outcome.error().message == x.message);
    }

    const std::vector<std::tuple<int, std::string, std::string, errc, bool>> responses = {
        {429, "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/", R"({"message":"Too many requests"})", errc::rate_limited, true},
        {400, "ValidationException", R"({"message":"The model returned the following errors: prompt is too long: 210000 tokens > 200000 maximum"})", errc::context_window_exceeded, false},
        {403, "AccessDeniedException", R"({"message":"You don't have access to the model with the specified model ID."})", errc::authentication, false},
        {403, "UnrecognizedClientException", R"({"message":"The security token included in the request is invalid."})", errc::authentication, false},
        {503, "ModelNotReadyException", R"({"message":"Model is not ready"})", errc::service_unavailable, true},
        {503, "ServiceUnavailableException", R"({"Message":"Bedrock is unable to process your request."})", errc::service_unavailable, true},
        {404, "ResourceNotFoundException", R"({"message":"Model not found"})", errc::not_found, false},
        {502, "", "<html>Bad Gateway</html>", errc::server_error, true},
    };
    for (const auto& [status, type, body, expected, retried] : responses) {
        INFO(status << " " << type);
        http_response res{status, "", {{"x-amzn-RequestId", "rid-7"}}, body};
        if (!type.empty()) res.headers.add("x-amzn-ErrorType", type);
        const auto got = bedrock_converse::parse_response(res);
        REQUIRE_FALSE(got);
        CHECK(got.error() == expected);
        CHECK(bedrock{}.should_retry(got.error()) == retried);
        CHECK(got.error().request_id == "rid-7");
    }
    // Clock skew is said as such.
    http_response skew{403, "", {{"x-amzn-ErrorType", "InvalidSignatureException"}},
                       R"({"message":"Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z"})"};
    const auto stale = bedrock_converse::parse_response(skew);
    REQUIRE_FALSE(stale);
    CHECK(stale.error() == errc::authentication);
    CHECK_THAT(stale.error().message, Catch::Contains("clock skew"));
}

TEST_CASE("bedrock: every attempt is signed afresh through basic_llm, the secrets never shown", "[bedrock]") {
    basic_llm<bedrock, scripted_transport> llm{bedrock_config("bedrock/amazon.nova-pro-v1:0"), test_credentials()};
    llm.transport()
        .respond(429, R"({"message":"Too many requests"})", {{"x-amzn-ErrorType", "ThrottlingException"}})
        .respond(200, fixture("bedrock/converse_response.json"), {{"content-type", "application/json"}});
    auto c = llm.complete(ask("weather?"));
    REQUIRE(c);
    CHECK(c.value().message.tool_calls.size() == 1);
    REQUIRE(llm.transport().requests().size() == 2);
    for (const auto& sent : llm.transport().requests()) {
        CHECK(sent.url == "https://bedrock-runtime.us-west-2.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse");
        // Bedrock's check, done here: the signature recomputed from what was sent.
        const std::string authorization(sent.headers.value_or_empty("authorization"));
        std::tm tm{};
        const std::string date(sent.headers.value_or_empty("x-amz-date"));
        REQUIRE(date.size() == 16);
        tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
        tm.tm_mon = std::stoi(date.substr(4, 2)) - 1;
        tm.tm_mday = std::stoi(date.substr(6, 2));
        tm.tm_hour = std::stoi(date.substr(9, 2));
        tm.tm_min = std::stoi(date.substr(11, 2));
        tm.tm_sec = std::stoi(date.substr(13, 2));
        const auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
        polyllm::auth::sigv4_message message{sent.method, "/model/amazon.nova-pro-v1%3A0/converse", "",
                                             {{"host", "bedrock-runtime.us-west-2.amazonaws.com"}},
                                             polyllm::auth::sha256_hex(sent.body)};
        for (const auto& h : sent.headers)
            if (!polyllm::detail::iequals(h.name, "authorization")) message.headers.emplace_back(h.name, h.value);
        const auto cfg = bedrock_config();
        CHECK(authorization == polyllm::auth::sigv4_authorization(
                                   message, {"AKIDEXAMPLE", cfg.aws_secret_access_key, test_credentials().aws_session_token},
                                   {"us-west-2", "bedrock", when}));
        CHECK(sent.headers.value_or_empty("x-amz-security-token") == "SESSION-TOKEN-EXAMPLE");
    }

    // A failure's text never holds the secret key or the session token.
    basic_llm<bedrock, scripted_transport> failing{bedrock_config("bedrock/amazon.nova-pro-v1:0"), test_credentials()};
    failing.transport().respond(403, R"({"message":"The request signature we calculated does not match"})",
                                {{"x-amzn-ErrorType", "InvalidSignatureException"}});
    auto refused = failing.complete(ask("weather?"));
    REQUIRE_FALSE(refused);
    const auto shown = refused.error().to_string() + refused.error().message + refused.error().type;
    CHECK(shown.find("EXAMPLEKEY") == std::string::npos);
    CHECK(shown.find("SESSION-TOKEN") == std::string::npos);
    // Even when the server echoes them.
    basic_llm<bedrock, scripted_transport> echo{bedrock_config("bedrock/amazon.nova-pro-v1:0"), test_credentials()};
    echo.transport().respond(400, R"({"message":"bad token SESSION-TOKEN-EXAMPLE for wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"})",
                             {{"x-amzn-ErrorType", "ValidationException"}});
    auto echoed = echo.complete(ask("weather?"));
    REQUIRE_FALSE(echoed);
    CHECK(echoed.error().message.find("SESSION-TOKEN-EXAMPLE") == std::string::npos);
    CHECK(echoed.error().message.find("EXAMPLEKEY") == std::string::npos);
    CHECK_THAT(echoed.error().message, Catch::Contains("[redacted]"));

    // A Bedrock API key goes as a bearer token, unsigned.
    auto keyed = bedrock_config("bedrock/amazon.nova-pro-v1:0");
    keyed.api_key = "bedrock-api-key-123";
    basic_llm<bedrock, scripted_transport> bearer{keyed, test_credentials()};
    bearer.transport().respond(200, fixture("bedrock/converse_response.json"), {{"content-type", "application/json"}});
    REQUIRE(bearer.complete(ask("weather?")));
    CHECK(bearer.transport().requests().at(0).headers.value_or_empty("authorization") == "Bearer bedrock-api-key-123");
    CHECK_FALSE(bearer.transport().requests().at(0).headers.contains("x-amz-date"));
}

TEST_CASE("bedrock: streaming through basic_llm decodes the binary frames", "[bedrock]") {
    basic_llm<bedrock, scripted_transport> llm{bedrock_config("bedrock/amazon.nova-pro-v1:0"), test_credentials()};
    const auto bytes = stream_bytes(nlohmann::json::parse(fixture("bedrock/converse_stream.json")));
    llm.transport().respond_stream(polyllm_test::pieces(bytes, 7),
                                   {{"content-type", "application/vnd.amazon.eventstream"}});
    std::string text;
    auto c = llm.stream(ask("weather?"), [&](const stream_event& e) {
        if (const auto* t = std::get_if<text_delta>(&e)) text += t->text;
    });
    REQUIRE(c);
    CHECK(text == "Let me check the weather.");
    CHECK(c.value().finish_reason == finish_reason::tool_calls);
    CHECK(llm.transport().requests().at(0).url.ends_with("/converse-stream"));
    CHECK(llm.transport().requests().at(0).headers.contains("authorization"));
}

// ------------------------------------------------------------------------------------------------ the local server

TEST_CASE("bedrock: the local server verifies signatures and streams binary frames, with faults", "[bedrock][local_server]") {
    polyllm::testing::local_server_options options;
    options.aws_access_key_id = "AKIDEXAMPLE";
    options.aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    auto server = polyllm::testing::local_server_thread::start(options);
    REQUIRE(server);
    auto cfg = bedrock_config("bedrock/amazon.nova-pro-v1:0");
    cfg.base_url = server.value()->anthropic_base_url();  // the root: the Converse paths go after it

    basic_llm<bedrock> llm{cfg, test_credentials()};
    auto plain = llm.complete(ask("over the wire"));
    REQUIRE(plain);
    CHECK(plain.value().message.text() == "over the wire");
    CHECK(plain.value().request_id == "req-local-1");
    std::string text;
    auto streamed = llm.stream(ask("framed and signed"), [&](const stream_event& e) {
        if (const auto* t = std::get_if<text_delta>(&e)) text += t->text;
    });
    REQUIRE(streamed);
    CHECK(text == "framed and signed");

    // A wrong secret: Bedrock's 403, classified, not retried.
    auto wrong = cfg;
    wrong.aws_secret_access_key = "not-the-secret-key-at-all";
    basic_llm<bedrock> forged{wrong, test_credentials()};
    auto refused = forged.complete(ask("hi"));
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::authentication);
    CHECK(refused.error().type == "InvalidSignatureException");
    CHECK(refused.error().message.find("not-the-secret") == std::string::npos);

    // The stream faults, decoded by the responder's frames directly (no socket needed for the bytes).
    for (const auto& [fault, expected] : std::vector<std::pair<std::string, errc>>{
             {"bad-crc", errc::protocol_error}, {"cut-frame", errc::connection}, {"exception", errc::rate_limited}}) {
        INFO(fault);
        auto faulty = options;
        faulty.bedrock_fault = fault;
        polyllm::testing::local_responder responder(faulty);
        bedrock provider;
        const call_context<bedrock::options> ctx{cfg, test_credentials(), true};
        auto http = provider.prepare(ask("one two three four"), ctx);
        REQUIRE(http);
        auto signed_http = bedrock::sign(http.value(), {"AKIDEXAMPLE", cfg.aws_secret_access_key, {}}, "us-west-2",
                                         std::chrono::system_clock::now());
        REQUIRE(signed_http);
        auto url = polyllm::detail::parse_url(signed_http.value().url);
        REQUIRE(url);
        polyllm::testing::server_request req{"POST", url.value().target, signed_http.value().headers,
                                             signed_http.value().body};
        req.headers.add("host", url.value().host_header());
        const auto planned = responder.respond(req);
        REQUIRE(planned.status == 200);
        REQUIRE(planned.streamed);
        std::string bytes;
        for (const auto& e : planned.events) bytes += e;
        const auto got = decode_converse(bytes);
        REQUIRE_FALSE(got.outcome);
        CHECK(got.outcome.error() == expected);
    }
}

TEST_CASE("bedrock: the secret key and session token at every offset around the message cap are never shown",
          "[bedrock][security]") {
    const std::string key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const std::string token = "SESSION-TOKEN-EXAMPLE";
    for (const auto& secret_text : {key, token}) {
        for (std::size_t offset = polyllm::detail::server_text_limit - 40; offset <= polyllm::detail::server_text_limit + 2; ++offset) {
            INFO(secret_text.substr(0, 8) << " at " << offset);
            basic_llm<bedrock, scripted_transport> llm{bedrock_config("bedrock/amazon.nova-pro-v1:0"),
                                                       test_credentials()};
            const auto message = std::string(offset, 'x') + secret_text + " and more text";
            llm.transport().respond(400, nlohmann::json{{"message", message}}.dump(),
                                    {{"x-amzn-ErrorType", "ValidationException"}});
            auto failed = llm.complete(ask("hi"));
            REQUIRE_FALSE(failed);
            const auto shown = failed.error().to_string() + llm_error(failed.error()).what();
            // redact()'s contract: the secret, and any start of it of 8 characters or more where the text was cut.
            CHECK(shown.find(secret_text.substr(0, 8)) == std::string::npos);
            if (offset + secret_text.size() <= polyllm::detail::server_text_limit)
                CHECK(shown.find("[redacted]") != std::string::npos);
        }
    }
}
