// Compiled vocabulary images: the same lookups as the parsed vocabulary, and an image that is stale, of another
// format or damaged is refused (never read out of bounds, which the sanitized build checks byte by byte).

#include <polyllm/polyllm.hpp>

#include <catch2/catch.hpp>

#include "tiny_vocabulary.hpp"

#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

const std::string tiny_text = polyllm_test::tiny_tiktoken(
    {"he", "llo", "hello", " wo", "rld", " world", std::string_view("\0\xFF", 2), "a much longer token than eight"});

// An image in memory that is 8-byte aligned, as a mapped file is.
struct aligned_image {
    std::vector<std::uint64_t> words;
    std::size_t size = 0;
    explicit aligned_image(const std::string& bytes) : words((bytes.size() + 7) / 8), size(bytes.size()) {
        std::memcpy(words.data(), bytes.data(), bytes.size());
    }
    unsigned char* data() { return reinterpret_cast<unsigned char*>(words.data()); }
    std::span<const unsigned char> span() { return {data(), size}; }
    std::uint64_t field(std::size_t at) const { return words[at / 8]; }
};

polyllm::result<polyllm::vocabulary> open(aligned_image& image, polyllm::vocabulary_digest digest) {
    return polyllm::open_compiled_vocabulary(image.span(), nullptr, digest);
}

std::string refusal(aligned_image& image, polyllm::vocabulary_digest digest) {
    auto v = open(image, digest);
    REQUIRE_FALSE(v);
    CHECK(v.error() == polyllm::errc::invalid_config);
    return v.error().message;
}

}  // namespace

TEST_CASE("compiled vocabulary: the image answers every lookup as the parsed vocabulary does",
          "[tokenize][compiled_vocabulary]") {
    const auto parsed = polyllm::vocabulary::parse_tiktoken(tiny_text, "tiny.tiktoken").value();
    const auto digest = polyllm::digest_vocabulary_text(tiny_text);
    CHECK(digest.size == tiny_text.size());
    aligned_image image(polyllm::compile_vocabulary(parsed, digest));
    auto opened = open(image, digest);
    REQUIRE(opened);
    const auto& v = opened.value();
    CHECK(v.size() == parsed.size());
    CHECK(v.longest_token() == parsed.longest_token());
    for (polyllm::token_id id = 0; id < 270; ++id) {
        CHECK(v.bytes_of(id) == parsed.bytes_of(id));
        if (!parsed.bytes_of(id).empty()) CHECK(v.find(parsed.bytes_of(id)) == id);
    }
    for (int b = 0; b < 256; ++b) {
        const auto byte = static_cast<unsigned char>(b);
        CHECK(v.byte_token(byte) == parsed.byte_token(byte));
    }
    CHECK(v.find("hel") == polyllm::detail::no_token);
    CHECK(v.find(std::string_view("\0\xFF", 2)) == 262);  // two bytes: the table rebuilt from the image's slots
    CHECK(v.find("a much longer token than eight") == 263);
    CHECK(v.find("a much longer token than eighT") == polyllm::detail::no_token);

    // A tokenizer over it encodes as one over the parsed vocabulary, and outlives the image's other owners.
    auto copy = std::make_shared<aligned_image>(image);
    auto from_image = polyllm::open_compiled_vocabulary(copy->span(), copy, digest);
    copy.reset();
    REQUIRE(from_image);
    const auto a = polyllm::tokenizer::create(polyllm::encoding::cl100k_base, std::move(from_image).value()).value();
    const auto b = polyllm::tokenizer::create(polyllm::encoding::cl100k_base, parsed).value();
    for (const char* text : {"hello world", "he said hello, world!", "a much longer token than eight bytes"})
        CHECK(a.encode(text) == b.encode(text));
}

TEST_CASE("compiled vocabulary: a stale image, or one of another format or machine, is refused",
          "[tokenize][compiled_vocabulary]") {
    const auto parsed = polyllm::vocabulary::parse_tiktoken(tiny_text, "tiny.tiktoken").value();
    const auto digest = polyllm::digest_vocabulary_text(tiny_text);
    const std::string bytes = polyllm::compile_vocabulary(parsed, digest);

    aligned_image image(bytes);
    const auto edited = polyllm::digest_vocabulary_text(tiny_text + polyllm_test::base64("xy") + " 264\n");
    CHECK(edited != digest);
    CHECK_THAT(refusal(image, edited), Catch::Contains("compiled from another version"));
    CHECK_THAT(refusal(image, {digest.size, digest.hash ^ 1}), Catch::Contains("another version"));

    aligned_image magic(bytes);
    magic.data()[0] ^= 1;
    CHECK_THAT(refusal(magic, digest), Catch::Contains("is not one"));
    aligned_image version(bytes);
    version.data()[8] += 1;
    CHECK_THAT(refusal(version, digest), Catch::Contains("format version 2, not 1"));
    aligned_image order(bytes);
    std::swap(order.data()[12], order.data()[15]);
    CHECK_THAT(refusal(order, digest), Catch::Contains("another byte order"));

    aligned_image cut(bytes.substr(0, bytes.size() - 1));
    CHECK_THAT(refusal(cut, digest), Catch::Contains("its header says"));
    aligned_image longer(bytes + "x");
    CHECK_THAT(refusal(longer, digest), Catch::Contains("its header says"));
    aligned_image header_only(bytes.substr(0, 40));
    CHECK_THAT(refusal(header_only, digest), Catch::Contains("too short"));

    aligned_image shifted(" " + bytes);
    CHECK_THAT(polyllm::open_compiled_vocabulary(shifted.span().subspan(1), nullptr, digest).error().message,
               Catch::Contains("not 8-byte aligned"));
}

TEST_CASE("compiled vocabulary: damage inside the tables is refused, and no damage reads out of bounds",
          "[tokenize][compiled_vocabulary]") {
    const auto parsed = polyllm::vocabulary::parse_tiktoken(tiny_text, "tiny.tiktoken").value();
    const auto digest = polyllm::digest_vocabulary_text(tiny_text);
    const std::string bytes = polyllm::compile_vocabulary(parsed, digest);
    const aligned_image pristine(bytes);
    const std::uint64_t ids = pristine.field(40), slots = pristine.field(48);
    auto aligned = [](std::uint64_t at) { return (at + 63) / 64 * 64; };
    const std::uint64_t table = 128, filter = aligned(table + slots * 16);
    const std::uint64_t offsets = aligned(filter + (std::uint64_t(1) << 21) / 8);
    const std::uint64_t lengths = aligned(offsets + (ids + 1) * 4);

    std::size_t occupied = table;
    while ((pristine.field(occupied + 8) & 0xFFFFFFFFu) == 0xFFFFFFFFu) occupied += 16;  // a slot's id, low half
    aligned_image bad_id(bytes);
    std::memset(bad_id.data() + occupied + 8, 0x7F, 4);  // an id past the last
    CHECK_THAT(refusal(bad_id, digest), Catch::Contains("names no token of its length"));
    aligned_image bad_length(bytes);
    bad_length.data()[occupied + 12] += 1;
    CHECK_THAT(refusal(bad_length, digest), Catch::Contains("names no token of its length"));

    aligned_image bad_offset(bytes);
    std::memset(bad_offset.data() + offsets + 4 * 258, 0x7F, 4);  // "hello" far past the bytes
    CHECK_THAT(refusal(bad_offset, digest), Catch::Contains("outside its bytes"));
    aligned_image bad_token_length(bytes);
    std::memset(bad_token_length.data() + lengths + 4 * 263, 0x7F, 2);
    CHECK_THAT(refusal(bad_token_length, digest), Catch::Contains("outside its bytes"));

    // Any byte changed: refused, or opened and every lookup stays inside the image (the sanitizer would say).
    std::mt19937 random(29);
    for (int round = 0; round < 400; ++round) {
        aligned_image damaged(bytes);
        // Half of them in the header and the table, where most of the structure is.
        const auto at = std::size_t(random() % (round < 200 ? filter : bytes.size()));
        damaged.data()[at] = static_cast<unsigned char>(random());
        const auto v = open(damaged, digest);
        if (!v) continue;
        for (polyllm::token_id id = 0; id < 270; ++id) (void)v.value().find(parsed.bytes_of(id));
        (void)v.value().find("a much longer token than eight!");
        for (polyllm::token_id id = 0; id < 270; ++id) (void)v.value().bytes_of(id);
    }
}
