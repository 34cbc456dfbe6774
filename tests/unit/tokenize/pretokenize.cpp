// The pre-tokenizer's pieces, alternative by alternative of each encoding's split pattern.

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

using polyllm::encoding;
using pieces = std::vector<std::string_view>;

namespace {
pieces cl100k(std::string_view text) { return polyllm::split_pieces(encoding::cl100k_base, text); }
pieces o200k(std::string_view text) { return polyllm::split_pieces(encoding::o200k_base, text); }
}  // namespace

TEST_CASE("pretokenize: words take one leading space or symbol", "[tokenize][pretokenize]") {
    CHECK(cl100k("hello world") == pieces{"hello", " world"});
    CHECK(cl100k("\thello") == pieces{"\thello"});
    CHECK(cl100k("$hello") == pieces{"$hello"});
    CHECK(cl100k("\nhello") == pieces{"\n", "hello"});  // a line break never leads a word
    CHECK(o200k("hello world") == pieces{"hello", " world"});
    CHECK(o200k("a/b") == pieces{"a", "/b"});
}

TEST_CASE("pretokenize: contractions match in any case", "[tokenize][pretokenize]") {
    CHECK(cl100k("I'm here") == pieces{"I", "'m", " here"});
    CHECK(cl100k("DON'T") == pieces{"DON", "'T"});
    CHECK(cl100k("they'Re") == pieces{"they", "'Re"});
    CHECK(cl100k("'rer") == pieces{"'re", "r"});
    CHECK(cl100k("we'LL'd") == pieces{"we", "'LL", "'d"});
    CHECK(cl100k("'x") == pieces{"'x"});
    CHECK(cl100k("it\xC5\xBF") == pieces{"it\xC5\xBF"});
    CHECK(cl100k("'\xC5\xBF" "a") == pieces{"'\xC5\xBF", "a"});  // U+017F LONG S folds to 's'
    // o200k attaches the contraction to the word before it.
    CHECK(o200k("don't") == pieces{"don't"});
    CHECK(o200k("DON'T") == pieces{"DON'T"});
    CHECK(o200k("I'm") == pieces{"I'm"});
    CHECK(o200k("Don'T's") == pieces{"Don'T", "'s"});
}

TEST_CASE("pretokenize: digits go in groups of three", "[tokenize][pretokenize]") {
    CHECK(cl100k("1234567") == pieces{"123", "456", "7"});
    CHECK(cl100k("a12b") == pieces{"a", "12", "b"});
    CHECK(cl100k(" 42") == pieces{" ", "42"});
    CHECK(o200k("12345") == pieces{"123", "45"});
    CHECK(cl100k("\xD9\xA1\xD9\xA2\xD9\xA3\xD9\xA4") == pieces{"\xD9\xA1\xD9\xA2\xD9\xA3", "\xD9\xA4"});  // Arabic-Indic
}

TEST_CASE("pretokenize: punctuation runs keep their line breaks", "[tokenize][pretokenize]") {
    CHECK(cl100k("x!!!\n\ny") == pieces{"x", "!!!\n\n", "y"});
    CHECK(cl100k(" !!") == pieces{" !!"});
    CHECK(cl100k("  !!") == pieces{" ", " !!"});
    CHECK(cl100k("<|endoftext|>") == pieces{"<|", "endoftext", "|>"});
    // o200k also keeps slashes after punctuation, for paths and comments.
    CHECK(o200k("};\n//x") == pieces{"};\n//", "x"});
    CHECK(cl100k("};\n//x") == pieces{"};\n", "//", "x"});
}

TEST_CASE("pretokenize: whitespace runs", "[tokenize][pretokenize]") {
    // \s*[\r\n]+ takes the run up to its last line break.
    CHECK(cl100k("today\n \n") == pieces{"today", "\n \n"});
    CHECK(cl100k("a   \n  b") == pieces{"a", "   \n", " ", " b"});
    CHECK(cl100k("\r\n\r\n") == pieces{"\r\n\r\n"});
    // \s+(?!\S) leaves the last space of a run for the word after it; at the end the run is whole.
    CHECK(cl100k("a  b") == pieces{"a", " ", " b"});
    CHECK(cl100k("end   ") == pieces{"end", "   "});
    CHECK(cl100k("a \t1") == pieces{"a", " ", "\t", "1"});
    // U+0085 NEXT LINE is White_Space, U+00A0 too; U+200B ZERO WIDTH SPACE is not.
    CHECK(cl100k(" \xC2\x85" "0") == pieces{" ", "\xC2\x85", "0"});
    CHECK(cl100k("a\xC2\xA0\xC2\xA0" "b") == pieces{"a", "\xC2\xA0", "\xC2\xA0" "b"});
    CHECK(cl100k("a\xE2\x80\x8B" "b") == pieces{"a", "\xE2\x80\x8B" "b"});
}

TEST_CASE("pretokenize: o200k splits words at case changes", "[tokenize][pretokenize]") {
    CHECK(o200k("HelloWorld") == pieces{"Hello", "World"});
    CHECK(o200k("helloWORLD") == pieces{"hello", "WORLD"});
    CHECK(o200k("HTMLParser") == pieces{"HTMLParser"});
    CHECK(o200k("iPhone") == pieces{"i", "Phone"});
    CHECK(cl100k("HelloWorld") == pieces{"HelloWorld"});
    // Title-case letters (Lt) count as upper case, caseless letters (Lo) as both.
    CHECK(o200k("a\xC7\x85" "b") == pieces{"a", "\xC7\x85" "b"});           // U+01C5 Dž
    CHECK(o200k("A\xE4\xB8\xAD" "B") == pieces{"A\xE4\xB8\xAD", "B"});     // U+4E2D, then upper case again
}

TEST_CASE("pretokenize: combining marks", "[tokenize][pretokenize]") {
    // cl100k: a mark is not a letter, so it ends the word (and leads the next); o200k takes marks into words.
    CHECK(cl100k("cafe\xCC\x81s") == pieces{"cafe", "\xCC\x81s"});
    CHECK(o200k("cafe\xCC\x81s") == pieces{"cafe\xCC\x81s"});
    CHECK(o200k("\xCC\x81") == pieces{"\xCC\x81"});
}

TEST_CASE("pretokenize: bytes that are not UTF-8 are symbols", "[tokenize][pretokenize]") {
    CHECK(cl100k("a\xFF\xFE" "b") == pieces{"a", "\xFF\xFE", "b"});
    CHECK(cl100k("\xC3") == pieces{"\xC3"});                  // truncated sequence
    CHECK(cl100k("\xED\xA0\x80") == pieces{"\xED\xA0\x80"});  // a surrogate, as CESU-8 would write it
    CHECK(cl100k("\xC0\xAF" "x") == pieces{"\xC0\xAF", "x"});  // overlong '/'
}

TEST_CASE("pretokenize: pieces always put the text back together", "[tokenize][pretokenize]") {
    std::mt19937 random(3);
    const std::string_view alphabet[] = {"a", "Z", "1", " ", "  ", "\n", "\r\n", "'", "'s", "!", "/", "\xC3\xA9",
                                         "\xCC\x81", "\xE4\xB8\xAD", "\xF0\x9F\x91\x8D", "\xC2\xA0", "\xFF", "\xC3"};
    for (int round = 0; round < 500; ++round) {
        std::string text;
        for (auto n = random() % 40; n > 0; --n) text += alphabet[random() % std::size(alphabet)];
        for (const auto e : {encoding::cl100k_base, encoding::o200k_base}) {
            std::string joined;
            for (const auto piece : polyllm::split_pieces(e, text)) {
                CHECK_FALSE(piece.empty());
                joined += piece;
            }
            CHECK(joined == text);
        }
    }
}

TEST_CASE("pretokenize: cutting at piece-safe positions keeps every piece", "[tokenize][pretokenize]") {
    CHECK(polyllm::piece_safe_cut("ab cd", 0) == 2);
    CHECK(polyllm::piece_safe_cut("1 2 x\ny", 0) == 5);  // after a digit a space may still join the next piece
    CHECK(polyllm::piece_safe_cut("a  b", 2) == 4);     // none from 2 on
    std::mt19937 random(5);
    const std::string_view alphabet[] = {"a", "Z", "word", "1", "12345", " ", "  ", "\n", "\r\n", "\t", "'", "'s",
                                         "'LL", "!", "/", "\xC3\xA9", "\xCC\x81", "\xE4\xB8\xAD", "\xC2\xA0", "\xFF",
                                         "\xC3", "\xC5\xBF", "<|endoftext|>"};
    for (int round = 0; round < 50; ++round) {
        std::string text;
        for (int n = 0; n < 2000; ++n) text += alphabet[random() % std::size(alphabet)];
        const auto parts = polyllm::split_at_piece_boundaries(text, 8, 500);
        CHECK(parts.size() > 1);
        CHECK(parts.size() <= 8);
        std::string joined;
        for (const auto part : parts) joined += part;
        CHECK(joined == text);
        for (const auto e : {encoding::cl100k_base, encoding::o200k_base}) {
            pieces of_parts;
            for (const auto part : parts)
                for (const auto piece : polyllm::split_pieces(e, part)) of_parts.push_back(piece);
            CHECK(of_parts == polyllm::split_pieces(e, text));
        }
    }
    CHECK(polyllm::split_at_piece_boundaries("short text here", 8, 500).size() == 1);
}
