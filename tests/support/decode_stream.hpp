#pragma once
// A provider's stream decoder fed a recorded stream in pieces cut at given offsets, then finished, as basic_llm
// feeds it: the events it emitted and how it ended; and the check that every such delivery of a stream decodes the
// same. The provider stream tests share it.

#include <polyllm/error.hpp>
#include <polyllm/stream.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace polyllm_test {

struct decoded {
    std::vector<polyllm::stream_event> events;
    polyllm::result<void> outcome = polyllm::success();
};

template <class Decoder>
decoded decode_with(Decoder decoder, std::string_view stream, const std::vector<std::size_t>& cuts = {}) {
    decoded out;
    auto emit = [&](polyllm::stream_event&& e) {
        out.events.push_back(std::move(e));
        return true;
    };
    std::size_t from = 0;
    for (auto cut : cuts) {
        if (auto fed = decoder.feed(stream.substr(from, cut - from), emit); !fed) {
            out.outcome = fed;
            return out;
        }
        from = cut;
    }
    if (auto fed = decoder.feed(stream.substr(from), emit); !fed) {
        out.outcome = fed;
        return out;
    }
    out.outcome = decoder.finish();
    return out;
}

// `decode(stream, cuts)` gives the same events and the same ending (success, or an error of the same kind) for the
// stream whole, cut in two at every offset, and one byte at a time: a decoder must not care where reads end.
template <class Decode>
void check_every_split(std::string_view stream, Decode decode) {
    const decoded whole = decode(stream, {});
    auto same = [&](const decoded& d) {
        if (d.events != whole.events || bool(d.outcome) != bool(whole.outcome)) return false;
        return whole.outcome || d.outcome.error().kind() == whole.outcome.error().kind();
    };
    for (std::size_t cut = 1; cut < stream.size(); ++cut)
        if (!same(decode(stream, {cut}))) FAIL("differs when cut at " << cut);
    std::vector<std::size_t> every_byte;
    for (std::size_t i = 1; i < stream.size(); ++i) every_byte.push_back(i);
    CHECK(same(decode(stream, every_byte)));
}

}  // namespace polyllm_test
