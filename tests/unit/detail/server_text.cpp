// shown_server_text: what a server wrote, made one line of printable text and capped, wherever it is shown.
#include <polyllm/detail/server_text.hpp>

#include <catch2/catch.hpp>

#include <string>

using polyllm::detail::shown_server_text;

namespace {

// A byte a terminal would act on: C0 controls and DEL (the escapes are printable, so none may survive).
bool has_control_byte(const std::string& text) {
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("shown_server_text escapes what a terminal would act on and keeps one line", "[server_text][security]") {
    const std::string forged = "bad key\x1b]0;owned\x07\r\x1b[2Kretrying in 1.0 s (attempt 2 of 5): forged line\n!";
    const auto shown = shown_server_text(forged);
    CHECK_FALSE(has_control_byte(shown));
    CHECK(shown == "bad key\\x1b]0;owned\\x07\\r\\x1b[2Kretrying in 1.0 s (attempt 2 of 5): forged line\\n!");
    CHECK(shown_server_text("tab\there\x7f") == "tab\\there\\x7f");
    CHECK(shown_server_text("  \r\n padded \n") == "padded");  // only the surrounding white space goes
}

TEST_CASE("shown_server_text keeps UTF-8 text and escapes C1 controls, line separators and bidi overrides",
          "[server_text][security]") {
    CHECK(shown_server_text("clé invalide — 無効なキー") == "clé invalide — 無効なキー");
    CHECK(shown_server_text("a\xc2\x9b" "31mred") == "a\\u009b31mred");      // U+009B, the one-byte CSI
    CHECK(shown_server_text("one\xe2\x80\xa8two") == "one\\u2028two");      // LINE SEPARATOR
    CHECK(shown_server_text("x\xe2\x80\xae" "txt.exe") == "x\\u202etxt.exe");  // RIGHT-TO-LEFT OVERRIDE
    CHECK(shown_server_text("x\xe2\x81\xa6y") == "x\\u2066y");              // LEFT-TO-RIGHT ISOLATE
    // Bytes that are not UTF-8: a stray continuation, an overlong encoding, a surrogate, a cut sequence.
    CHECK(shown_server_text("a\x80z") == "a\\x80z");
    CHECK(shown_server_text("a\xc0\xafz") == "a\\xc0\\xafz");
    CHECK(shown_server_text("a\xed\xa0\x80z") == "a\\xed\\xa0\\x80z");
    CHECK(shown_server_text("a\xe2\x80") == "a\\xe2\\x80");
}

TEST_CASE("shown_server_text caps the text and says how long it was", "[server_text][security]") {
    const std::string huge(10 * 1024 * 1024, 'm');
    const auto shown = shown_server_text(huge);
    CHECK(shown.size() < polyllm::detail::server_text_limit + 40);
    CHECK(shown.starts_with(std::string(1000, 'm')));
    CHECK(shown.ends_with("... (10485760 bytes in all)"));

    CHECK(shown_server_text("0123456789", 10) == "0123456789");
    CHECK(shown_server_text("0123456789A", 10) == "0123456789... (11 bytes in all)");
}

TEST_CASE("shown_server_text never cuts inside an escape or a UTF-8 sequence", "[server_text]") {
    for (std::size_t limit = 0; limit < 24; ++limit) {
        INFO(limit);
        const auto shown = shown_server_text("ab\x1b" "cd\xc3\xa9" "ef\xe2\x80\xa8gh", limit);
        const auto kept = shown.substr(0, shown.find("..."));
        CHECK(kept.size() <= limit);
        CHECK_FALSE(has_control_byte(shown));
        // What is kept is a prefix of the whole escaped text: no escape or sequence is cut in half.
        CHECK(std::string("ab\\x1bcd\xc3\xa9" "ef\\u2028gh").starts_with(kept));
    }
}
