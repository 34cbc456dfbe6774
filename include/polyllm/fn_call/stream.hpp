#pragma once
/// @file
/// @brief Streaming in the text form: the events a caller receives are the ones a native tool call would produce.
///
/// Text is passed on as it arrives until `<function=` appears; from there on it is held back. At the provider's
/// `finish` event the held text is read: a valid call is delivered as `tool_call_start`, one `tool_call_delta`
/// with the whole arguments and `tool_call_end` (index 0), followed by `finish` with reason `tool_calls`. Text that
/// turns out not to be a usable call (a schema error, a call cut by the output limit) is delivered as text, then
/// `finish` unchanged. White space right before the call is held too and dropped with it, so the streamed text is
/// exactly the final completion's content. Only what may still begin `<function=` is ever held: ordinary text
/// flows with a delay of at most a few characters.
///
/// A stream that stops before its `finish` event never delivers what was held; the completion the call returns
/// (or the error's `partial`) still has all of it.

#include <polyllm/detail/ascii.hpp>
#include <polyllm/fn_call/parse.hpp>
#include <polyllm/fn_call/reply.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/version.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <variant>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

class stream_filter {
public:
    explicit stream_filter(reply_reader reader) : reader_(std::move(reader)) {}

    /// @brief Passes `event` on through `emit(const stream_event&) -> bool`, rewritten as described above; returns
    /// false as soon as `emit` does (the consumer stopped).
    template <class Emit>
    bool feed(const stream_event& event, Emit&& emit) {
        if (!reader_.read_calls || finished_) return emit(event);
        if (const auto* text = std::get_if<text_delta>(&event)) return on_text(text->text, emit);
        if (std::holds_alternative<tool_call_start>(event)) native_calls_ = true;
        if (const auto* f = std::get_if<finish>(&event)) return on_finish(*f, emit);
        return emit(event);
    }

private:
    template <class Emit>
    bool on_text(std::string_view text, Emit& emit) {
        if (in_call_) {
            held_ += text;
            return true;
        }
        pending_ += text;
        if (const auto open = pending_.find(function_open); open != std::string::npos && !native_calls_) {
            auto before = std::string_view(pending_).substr(0, open);
            auto kept = detail::rtrim(before);
            gap_ = std::string(before.substr(kept.size()));
            held_ = pending_.substr(open);
            in_call_ = true;
            const std::string out(kept);
            pending_.clear();
            return out.empty() || emit(stream_event(text_delta{out}));
        }
        // Hold what may still become `<function=`, and the white space before it.
        std::size_t keep_from = pending_.size();
        for (std::size_t n = std::min(pending_.size(), function_open.size() - 1); n > 0; --n)
            if (function_open.starts_with(std::string_view(pending_).substr(pending_.size() - n))) {
                keep_from = pending_.size() - n;
                break;
            }
        while (keep_from > 0 && polyllm::detail::is_space(pending_[keep_from - 1])) --keep_from;
        if (keep_from == 0) return true;
        std::string out = pending_.substr(0, keep_from);
        pending_.erase(0, keep_from);
        return emit(stream_event(text_delta{std::move(out)}));
    }

    template <class Emit>
    bool on_finish(const finish& f, Emit& emit) {
        finished_ = true;
        if (in_call_) {
            const auto end = f.reason == finish_reason::length ? reply_end::cut_by_limit : reply_end::stopped;
            auto call = reader_.read_call(held_, end);
            if (call && call.value()) {
                auto& c = *call.value();
                if (!emit(stream_event(tool_call_start{0, c.id, c.name}))) return false;
                if (!emit(stream_event(tool_call_delta{0, std::move(c.arguments)}))) return false;
                if (!emit(stream_event(tool_call_end{0}))) return false;
                return emit(stream_event(finish{finish_reason::tool_calls, f.raw}));
            }
            pending_ = std::move(gap_) + std::move(held_);  // not a usable call: it was text after all
        }
        if (!pending_.empty() && !emit(stream_event(text_delta{std::move(pending_)}))) return false;
        return emit(stream_event(f));
    }

    reply_reader reader_;
    std::string pending_;  // text not yet passed on: a possible start of `<function=` and the white space before it
    std::string gap_;      // the white space between the text and the call
    std::string held_;     // from `<function=` on
    bool in_call_ = false;
    bool native_calls_ = false;  // the model called natively after all: nothing to rewrite
    bool finished_ = false;
};

}  // namespace fn_call
POLYLLM_NAMESPACE_END
