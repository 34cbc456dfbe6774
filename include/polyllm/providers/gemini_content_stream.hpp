#pragma once
/// @file
/// @brief Decoding a Gemini stream (`:streamGenerateContent?alt=sse`): SSE events whose data are whole
/// GenerateContentResponse objects, each with the next parts of candidates[0] and the usage so far. Bytes in,
/// normalized events out; no I/O.
///
/// Gemini sends no terminal event: the stream simply ends. polyllm takes the first candidate's `finishReason` as
/// the mark of a complete answer (Gemini sets it on the last chunk only), so a stream that ends before one arrived
/// was cut short: errc::connection, after the events that did arrive. A stream whose chunks never had a candidate is
/// no_response (or content_policy for a blocked prompt), as a whole response would be. Function calls arrive whole,
/// each in one part; an `{"error": ...}` chunk is a classified error.
/// Reference: https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent

#include <polyllm/error.hpp>
#include <polyllm/providers/gemini_content.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/json_fields.hpp>
#include <polyllm/wire/sse_decoder.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

/// @brief Reads one chunk of a Gemini stream for wire::sse_decoder. Gemini has no terminal event: an answer is
/// complete once a candidate's finishReason arrived.
struct stream_events {
    static constexpr std::string_view terminal = "a candidate's finishReason, which marks a complete Gemini answer";

    template <class Emit>
    wire::step on_event(std::string_view, const nlohmann::json& chunk, Emit& emit) {
        return on_chunk(chunk, emit);
    }

    /// @brief True once the finishReason arrived.
    [[nodiscard]] bool complete() const noexcept { return finished_; }

    /// @brief A stream that ended without any candidate says why, as a whole response without one does.
    [[nodiscard]] POLYLLM_DECL error unfinished(error cut) const;

private:
    template <class Emit>
    wire::step on_chunk(const nlohmann::json& chunk, Emit& emit) {
        if (chunk.contains("error") && !chunk.contains("candidates")) return wire::step::fail(error_from(chunk));
        if (!started_) {
            started_ = true;
            if (!emit(message_start{wire::string_or_empty(chunk, "responseId"),
                                    wire::string_or_empty(chunk, "modelVersion")}))
                return false;
        }
        reader_.set_response_id(wire::string_or_empty(chunk, "responseId"));
        const auto candidates = chunk.find("candidates");
        const bool has_candidate = candidates != chunk.end() && candidates->is_array() && !candidates->empty();
        if (!has_candidate) {
            // A blocked prompt has no candidates and says why: nothing more will come.
            if (auto blocked = no_candidates_error(chunk); blocked == errc::content_policy)
                return wire::step::fail(std::move(blocked));
            last_chunk_ = chunk;
        } else if (auto read = on_candidate(candidates->front(), emit); !read.goes_on()) {
            return read;
        }
        if (const auto* u = wire::object_or_null(chunk, "usageMetadata"))
            if (!emit(usage_update{usage_from(*u)})) return false;
        if (pending_finish_) {  // after the usage that came with it, as a whole response reads
            finished_ = true;
            auto event = std::move(*pending_finish_);
            pending_finish_.reset();
            return emit(std::move(event));
        }
        return true;
    }

    template <class Emit>
    wire::step on_candidate(const nlohmann::json& candidate, Emit& emit) {
        if (!candidate.is_object()) return wire::step::malformed("candidates[0] is not an object");
        saw_candidate_ = true;
        if (const auto* content = wire::object_or_null(candidate, "content"))
            if (auto parts = content->find("parts"); parts != content->end() && parts->is_array())
                for (const auto& part : *parts)
                    if (!reader_.read(part, emit)) return false;
        if (auto reason = wire::string_or_empty(candidate, "finishReason"); !reason.empty() && !finished_)
            pending_finish_ = polyllm::finish{finish_reason_from(reason, reader_.has_tool_calls()), std::move(reason)};
        return true;
    }

    part_reader reader_;
    std::optional<polyllm::finish> pending_finish_;
    std::optional<nlohmann::json> last_chunk_;  // the latest chunk without candidates, to say why there were none
    bool started_ = false;
    bool saw_candidate_ = false;
    bool finished_ = false;
};

/// @brief The decoder of one Gemini stream: `feed(bytes, emit)`, `finish()`, `done()` (wire::sse_decoder).
using stream_decoder = wire::sse_decoder<stream_events>;

}  // namespace gemini_content
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/gemini_content_stream.ipp>
#endif
