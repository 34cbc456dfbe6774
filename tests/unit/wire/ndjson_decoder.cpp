// wire::ndjson_decoder: the shared part of a newline-delimited JSON stream decoder, at every split of a stream.

#include <polyllm/wire/ndjson_decoder.hpp>

#include <catch2/catch.hpp>

#include <polyllm/stream.hpp>
#include <polyllm/wire/json_fields.hpp>

#include <string>
#include <string_view>

using namespace polyllm;

namespace {

// Ollama's shape: {"message": {"content"}, "done": false} lines, then one with "done": true; {"error"} on failure.
struct lines {
    static constexpr std::string_view terminal = "its done line";

    template <class Emit>
    wire::step on_line(const nlohmann::json& line, Emit& emit) {
        if (line.contains("error")) return wire::step::fail(wire::error_from_json(200, line));
        if (const auto* m = wire::object_or_null(line, "message"))
            if (!emit(text_delta{wire::string_or_empty(*m, "content")})) return false;
        if (line.value("done", false)) return wire::step::done();
        return true;
    }
};

struct decoded {
    std::string text;
    result<void> fed = success();
    result<void> finished = success();
};

decoded decode(std::string_view body, std::size_t split) {
    wire::ndjson_decoder<lines> d;
    decoded out;
    auto emit = [&](stream_event&& e) {
        if (auto* t = std::get_if<text_delta>(&e)) out.text += t->text;
        return true;
    };
    out.fed = d.feed(body.substr(0, split), emit);
    if (out.fed) out.fed = d.feed(body.substr(split), emit);
    out.finished = d.finish();
    return out;
}

}  // namespace

TEST_CASE("ndjson_decoder: lines reach the handler at every split; nothing after the last line",
          "[wire][ndjson_decoder]") {
    constexpr std::string_view body = "{\"message\":{\"content\":\"Hel\"},\"done\":false}\r\n\n"
                                      "{\"message\":{\"content\":\"lo\"},\"done\":false}\n"
                                      "{\"done\":true}\n{\"message\":{\"content\":\"!\"}}\n";
    for (std::size_t split = 0; split <= body.size(); ++split) {
        INFO(split);
        const auto out = decode(body, split);
        CHECK(out.fed);
        CHECK(out.finished);
        CHECK(out.text == "Hello");
    }
}

TEST_CASE("ndjson_decoder: a cut stream, an error line and a malformed line are errors", "[wire][ndjson_decoder]") {
    const auto cut = decode("{\"message\":{\"content\":\"a\"}}\n{\"mess", 10);
    REQUIRE_FALSE(cut.finished);
    CHECK(cut.finished.error().kind() == errc::connection);
    CHECK(cut.finished.error().message == "the stream ended before its done line, inside a line");

    const auto failed = decode("{\"message\":{\"content\":\"a\"}}\n{\"error\":\"model is loading\"}\n", 3);
    REQUIRE_FALSE(failed.fed);
    CHECK(failed.fed.error().message == "model is loading");
    CHECK(failed.text == "a");
    CHECK(failed.finished.error().message == "model is loading");

    const auto not_json = decode("nope\n", 0);
    REQUIRE_FALSE(not_json.fed);
    CHECK(not_json.fed.error().kind() == errc::malformed_response);
    const auto wrong_type = decode("{\"message\":{\"content\":5}}\n", 0);
    REQUIRE_FALSE(wrong_type.fed);
    CHECK(wrong_type.fed.error().kind() == errc::malformed_response);
}
