#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "support/fn_call_tools.hpp"

#include <string>
#include <vector>

using namespace polyllm;
using polyllm_test::fn_call_tools;

namespace {

struct run {
    std::vector<stream_event> events;
    std::string text;
    completion assembled;
};

// The reply `text` streamed in pieces of `size`, then a finish with `reason`, through a filter.
run filtered(const std::string& text, std::size_t size, finish_reason reason = finish_reason::stop,
             bool read_calls = true) {
    fn_call::stream_filter filter({fn_call_tools(), "toolu_03", read_calls});
    run out;
    stream_accumulator acc;
    auto emit = [&](const stream_event& e) {
        out.events.push_back(e);
        acc.add(e);
        if (const auto* t = std::get_if<text_delta>(&e)) out.text += t->text;
        return true;
    };
    REQUIRE(filter.feed(message_start{"id-1", "m"}, emit));
    for (std::size_t i = 0; i < text.size(); i += size) REQUIRE(filter.feed(text_delta{text.substr(i, size)}, emit));
    REQUIRE(filter.feed(finish{reason, reason == finish_reason::length ? "length" : "stop"}, emit));
    REQUIRE(filter.feed(usage_update{}, emit));
    out.assembled = acc.take();
    return out;
}

completion reply_of(const std::string& text, finish_reason reason = finish_reason::stop) {
    completion c;
    c.id = "id-1";
    c.model = "m";
    if (!text.empty()) c.message.content = {text_part{text}};
    c.finish_reason = reason;
    c.finish_reason_raw = reason == finish_reason::length ? "length" : "stop";
    return c;
}

}  // namespace

TEST_CASE("a streamed call arrives as tool call events, whatever the split", "[fn_call][stream]") {
    const std::string reply = "I will list the files.\n\n<function=execute_bash>\n<parameter=command>ls -la"
                              "</parameter>\n<parameter=timeout>10</parameter>\n";
    const auto expected = fn_call::reply_reader{fn_call_tools(), "toolu_03", true}.restore(reply_of(reply));
    REQUIRE(expected);
    for (std::size_t size = 1; size <= reply.size(); ++size) {
        CAPTURE(size);
        auto r = filtered(reply, size);
        CHECK(r.text == "I will list the files.");
        // The same completion the non-streaming path gives.
        CHECK(r.assembled == expected.value());
        // Call events come last, before the finish, as a native call's would.
        REQUIRE(r.events.size() >= 5);
        const auto n = r.events.size();
        CHECK(r.events[n - 5] == stream_event(tool_call_start{0, "toolu_03", "execute_bash"}));
        CHECK(r.events[n - 4] == stream_event(tool_call_delta{0, R"({"command":"ls -la","timeout":10})"}));
        CHECK(r.events[n - 3] == stream_event(tool_call_end{0}));
        CHECK(r.events[n - 2] == stream_event(finish{finish_reason::tool_calls, "stop"}));
        CHECK(std::holds_alternative<usage_update>(r.events[n - 1]));
    }
}

TEST_CASE("text without a call streams through unchanged", "[fn_call][stream]") {
    const std::string reply = "No call here, though <func and <b>tags</b> appear.\n  \n";
    for (std::size_t size : {1u, 3u, 7u, 100u}) {
        CAPTURE(size);
        auto r = filtered(reply, size);
        CHECK(r.text == reply);
        CHECK(r.assembled == reply_of(reply));
    }
}

TEST_CASE("ordinary text is not held back", "[fn_call][stream]") {
    fn_call::stream_filter filter({fn_call_tools(), "toolu_01", true});
    std::string seen;
    auto emit = [&](const stream_event& e) {
        if (const auto* t = std::get_if<text_delta>(&e)) seen += t->text;
        return true;
    };
    filter.feed(text_delta{"Hello there"}, emit);
    CHECK(seen == "Hello there");
    filter.feed(text_delta{", friend. <fun"}, emit);
    CHECK(seen == "Hello there, friend.");  // a possible start of a call, and the space before it, wait
    filter.feed(text_delta{"ny> story"}, emit);
    CHECK(seen == "Hello there, friend. <funny> story");
}

TEST_CASE("a streamed call that fails validation is delivered as text", "[fn_call][stream]") {
    const std::string reply = "Trying.\n<function=execute_bash>\n<parameter=timeout>soon</parameter>\n";
    for (std::size_t size : {1u, 5u, 1000u}) {
        auto r = filtered(reply, size);
        CHECK(r.text == reply);
        CHECK(r.assembled == reply_of(reply));
        CHECK(r.assembled.message.tool_calls.empty());
    }
}

TEST_CASE("a streamed call cut by the output limit is delivered as text", "[fn_call][stream]") {
    const std::string reply = "<function=execute_bash>\n<parameter=command>cat a";
    auto r = filtered(reply, 4, finish_reason::length);
    CHECK(r.text == reply);
    CHECK(r.assembled == reply_of(reply, finish_reason::length));
}

TEST_CASE("with tool_choice none nothing is rewritten", "[fn_call][stream]") {
    const std::string reply = "<function=finish>\n";
    auto r = filtered(reply, 2, finish_reason::stop, false);
    CHECK(r.text == reply);
    CHECK(r.assembled.message.tool_calls.empty());
}

TEST_CASE("a consumer that stops is not called again", "[fn_call][stream]") {
    fn_call::stream_filter filter({fn_call_tools(), "toolu_01", true});
    int calls = 0;
    auto stop_at_call = [&](const stream_event& e) {
        ++calls;
        return !std::holds_alternative<tool_call_start>(e);
    };
    CHECK(filter.feed(text_delta{"<function=finish>\n"}, stop_at_call));
    CHECK_FALSE(filter.feed(finish{finish_reason::stop, "stop"}, stop_at_call));
    CHECK(calls == 1);
}
