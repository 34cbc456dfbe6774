#pragma once
// A provider's stream decoder fed a recorded stream in pieces cut at given offsets, then finished, as basic_llm
// feeds it: the events it emitted and how it ended. The provider stream tests share it.

#include <polyllm/error.hpp>
#include <polyllm/stream.hpp>

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

}  // namespace polyllm_test
