// wire::sse_decoder: the shared part of an SSE stream decoder, driven by a small handler, at every split of a stream.

#include <polyllm/wire/sse_decoder.hpp>

#include <catch2/catch.hpp>

#include <polyllm/stream.hpp>
#include <polyllm/wire/json_fields.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

using namespace polyllm;

namespace {

// A made-up stream: `event: piece` {"text"}, `event: oops` {"problem"}, `event: end` {} — the terminal event.
struct handler {
    static constexpr std::string_view terminal = "its end event";
    static constexpr std::array<std::string_view, 3> known_events{"piece", "oops", "end"};
    int seen = 0;

    template <class Emit>
    wire::step on_event(std::string_view name, const nlohmann::json& data, Emit& emit) {
        ++seen;
        if (name == "piece") return emit(text_delta{wire::string_or_empty(data, "text")});
        if (name == "oops") return wire::step::fail(error{errc::service_unavailable, wire::string_or_empty(data, "problem")});
        if (name == "end") return wire::step::done();
        return true;
    }
};

// OpenAI's style: unnamed events, ended by `data: [DONE]`.
struct done_handler {
    static constexpr std::string_view terminal = "[DONE]";
    static constexpr std::string_view done_marker = "[DONE]";
    bool closed = false;

    template <class Emit>
    wire::step on_event(std::string_view, const nlohmann::json& data, Emit& emit) {
        return emit(text_delta{wire::string_or_empty(data, "t")});
    }
    template <class Emit>
    wire::step on_done(Emit& emit) {
        closed = true;
        return emit(polyllm::finish{finish_reason::stop, "stop"});
    }
};

struct decoded {
    std::string text;
    std::vector<stream_event> events;
    result<void> fed = success();
    result<void> finished = success();
};

template <class Handler>
decoded decode(std::string_view body, std::size_t split) {
    wire::sse_decoder<Handler> d;
    decoded out;
    auto emit = [&](stream_event&& e) {
        if (auto* t = std::get_if<text_delta>(&e)) out.text += t->text;
        out.events.push_back(std::move(e));
        return true;
    };
    out.fed = d.feed(body.substr(0, split), emit);
    if (out.fed) out.fed = d.feed(body.substr(split), emit);
    out.finished = d.finish();
    return out;
}

constexpr std::string_view complete_stream =
    "event: piece\ndata: {\"text\":\"Hel\"}\n\n"
    ": a comment\n\n"
    "event: ping\ndata: keep-alive\n\n"
    "event: piece\ndata: {\"text\":\"lo\"}\n\n"
    "event: end\ndata: {}\n\n"
    "event: piece\ndata: {\"text\":\" after the end\"}\n\n";

}  // namespace

TEST_CASE("sse_decoder: events reach the handler by name, at every split; nothing after the terminal event",
          "[wire][sse_decoder]") {
    for (std::size_t split = 0; split <= complete_stream.size(); ++split) {
        INFO(split);
        const auto out = decode<handler>(complete_stream, split);
        CHECK(out.fed);
        CHECK(out.finished);
        CHECK(out.text == "Hello");  // the unknown `ping` with non-JSON data is skipped
    }
}

TEST_CASE("sse_decoder: a stream cut before its terminal event is an error naming it", "[wire][sse_decoder]") {
    const auto cut = decode<handler>("event: piece\ndata: {\"text\":\"Hel\"}\n\n", 5);
    CHECK(cut.fed);
    REQUIRE_FALSE(cut.finished);
    CHECK(cut.finished.error().kind() == errc::connection);
    CHECK(cut.finished.error().message == "the stream ended before its end event");
    const auto inside = decode<handler>("event: piece\ndata: {\"text\":\"Hel\"}\n\nevent: pie", 3);
    REQUIRE_FALSE(inside.finished);
    CHECK(inside.finished.error().message == "the stream ended before its end event, inside an event");
}

TEST_CASE("sse_decoder: an error the handler reports stops decoding, and is the result from then on",
          "[wire][sse_decoder]") {
    wire::sse_decoder<handler> d;
    std::string text;
    auto emit = [&](stream_event&& e) {
        if (auto* t = std::get_if<text_delta>(&e)) text += t->text;
        return true;
    };
    auto fed = d.feed("event: piece\ndata: {\"text\":\"a\"}\n\nevent: oops\ndata: {\"problem\":\"busy\"}\n\n"
                      "event: piece\ndata: {\"text\":\"b\"}\n\n",
                      emit);
    REQUIRE_FALSE(fed);
    CHECK(fed.error().kind() == errc::service_unavailable);
    CHECK(fed.error().message == "busy");
    CHECK(text == "a");
    CHECK(d.handler().seen == 2);
    CHECK_FALSE(d.feed("event: end\ndata: {}\n\n", emit));  // the same failure again
    CHECK(d.finish().error().message == "busy");
}

TEST_CASE("sse_decoder: malformed data of a known event, or a field of the wrong type, is malformed_response",
          "[wire][sse_decoder]") {
    const auto not_json = decode<handler>("event: piece\ndata: {oops\n\n", 0);
    REQUIRE_FALSE(not_json.fed);
    CHECK(not_json.fed.error().kind() == errc::malformed_response);
    CHECK(not_json.fed.error().message.find("not a JSON object") != std::string::npos);
    const auto wrong_type = decode<handler>("event: piece\ndata: {\"text\":7}\n\n", 0);
    REQUIRE_FALSE(wrong_type.fed);
    CHECK(wrong_type.fed.error().kind() == errc::malformed_response);
    CHECK(wrong_type.fed.error().message.find("unexpected field type") != std::string::npos);
}

TEST_CASE("sse_decoder: a consumer that stops stops the decoding, without an error", "[wire][sse_decoder]") {
    wire::sse_decoder<handler> d;
    int calls = 0;
    auto fed = d.feed(complete_stream, [&](stream_event&&) { return ++calls < 1; });
    CHECK(fed);
    CHECK(calls == 1);
    CHECK(d.handler().seen == 1);
}

TEST_CASE("sse_decoder: a done marker ends the stream and calls on_done", "[wire][sse_decoder]") {
    constexpr std::string_view body = "data: {\"t\":\"x\"}\n\ndata: [DONE]\n\n";
    for (std::size_t split = 0; split <= body.size(); ++split) {
        const auto out = decode<done_handler>(body, split);
        CHECK(out.finished);
        CHECK(out.text == "x");
        REQUIRE(out.events.size() == 2);
        CHECK(std::holds_alternative<polyllm::finish>(out.events.back()));
    }
    // Without a known_events list, any event whose data is not JSON is malformed.
    CHECK_FALSE(decode<done_handler>("data: nope\n\n", 0).fed);
    CHECK_FALSE(decode<done_handler>("data: {\"t\":\"x\"}\n\n", 0).finished);
}

TEST_CASE("sse_decoder: an event above the size limit is a protocol error", "[wire][sse_decoder]") {
    wire::sse_decoder<handler> d;
    const std::string huge = "event: piece\ndata: " + std::string(17u << 20, 'x');
    auto fed = d.feed(huge, [](stream_event&&) { return true; });
    REQUIRE_FALSE(fed);
    CHECK(fed.error().kind() == errc::protocol_error);
}

namespace {

// Gemini's style: no terminal event; an answer is whole once a chunk says why it finished, and a stream without any
// answer says why.
struct complete_handler {
    static constexpr std::string_view terminal = "a finish";
    bool finished = false;
    bool blocked = false;

    template <class Emit>
    wire::step on_event(std::string_view, const nlohmann::json& data, Emit& emit) {
        if (data.contains("blocked")) blocked = true;
        if (data.contains("finish")) finished = true;
        return emit(text_delta{wire::string_or_empty(data, "t")});
    }
    bool complete() const { return finished; }
    error unfinished(error cut) const { return blocked ? error{errc::content_policy, "blocked"} : cut; }
};

}  // namespace

TEST_CASE("sse_decoder: a handler may say when the answer is complete, and why an incomplete one is",
          "[wire][sse_decoder]") {
    const auto whole = decode<complete_handler>("data: {\"t\":\"a\",\"finish\":1}\n\ndata: {\"t\":\"b\"}\n\n", 4);
    CHECK(whole.finished);
    CHECK(whole.text == "ab");  // events after completion still count: there is no terminal event
    const auto cut = decode<complete_handler>("data: {\"t\":\"a\"}\n\n", 4);
    REQUIRE_FALSE(cut.finished);
    CHECK(cut.finished.error().message == "the stream ended before a finish");
    const auto blocked = decode<complete_handler>("data: {\"blocked\":true}\n\n", 4);
    REQUIRE_FALSE(blocked.finished);
    CHECK(blocked.finished.error().kind() == errc::content_policy);
}
