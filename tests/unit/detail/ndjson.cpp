#include <polyllm/polyllm.hpp>
#include <polyllm/detail/ndjson.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using polyllm::detail::ndjson_splitter;

namespace {
std::vector<std::string> split(std::string_view stream, std::size_t piece) {
    ndjson_splitter splitter;
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < stream.size(); i += piece)
        REQUIRE(splitter.feed(stream.substr(i, piece), [&](std::string_view line) { lines.emplace_back(line); }) ==
                ndjson_splitter::status::ok);
    CHECK_FALSE(splitter.has_partial_line());
    return lines;
}
}  // namespace

TEST_CASE("ndjson: lines however the bytes are split, LF or CRLF, blank lines skipped", "[ndjson]") {
    const std::string stream =
        "{\"message\":{\"content\":\"Hé\"},\"done\":false}\n\r\n{\"done\":true}\r\n\n{\"x\":\"\u2028\"}\n";
    const std::vector<std::string> expected{R"({"message":{"content":"Hé"},"done":false})", R"({"done":true})",
                                            "{\"x\":\"\u2028\"}"};
    for (std::size_t piece = 1; piece <= stream.size(); ++piece) {
        INFO("pieces of " << piece);
        CHECK(split(stream, piece) == expected);
    }
}

TEST_CASE("ndjson: partial lines wait, the callback can stop, long lines are refused", "[ndjson]") {
    ndjson_splitter splitter;
    std::vector<std::string> lines;
    auto keep = [&](std::string_view l) { lines.emplace_back(l); };
    splitter.feed("{\"a\":1}\n{\"b\"", keep);
    CHECK(lines.size() == 1);
    CHECK(splitter.has_partial_line());

    ndjson_splitter stopping;
    int seen = 0;
    CHECK(stopping.feed("1\n2\n3\n", [&](std::string_view) { return ++seen < 2; }) == ndjson_splitter::status::stopped);
    CHECK(seen == 2);

    ndjson_splitter small(8);
    CHECK(small.feed("0123456789", keep) == ndjson_splitter::status::line_too_long);
}
