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

#include <polyllm/detail/sse_event_stream.hpp>
#include <polyllm/error.hpp>
#include <polyllm/providers/gemini_content.hpp>
#include <polyllm/stream.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

class stream_decoder {
public:
    /// @brief Decodes `bytes`, passing each event to `emit(stream_event&&) -> bool` (false: the consumer stopped,
    /// decoding stops). An error chunk or malformed data is an error; the events before it were emitted.
    template <class Emit>
    result<void> feed(std::string_view bytes, Emit&& emit) {
        return events_.feed(bytes, [&](const polyllm::detail::sse_event& event) { return on_event(event, emit); });
    }

    /// @brief At the end of the body: an error unless a candidate's finishReason arrived.
    [[nodiscard]] POLYLLM_DECL result<void> finish() const;

    /// @brief True once the finishReason arrived.
    [[nodiscard]] bool done() const noexcept { return finished_; }

private:
    template <class Emit>
    bool on_event(const polyllm::detail::sse_event& event, Emit& emit) {
        auto chunk = nlohmann::json::parse(event.data, nullptr, false);
        if (chunk.is_discarded() || !chunk.is_object()) {
            fail(error{errc::malformed_response,
                       "a stream event is not a JSON object: " + openai_chat::body_excerpt(event.data)});
            return false;
        }
        try {
            return on_chunk(chunk, emit);
        } catch (const nlohmann::json::exception& ex) {
            fail(error{errc::malformed_response, std::string("unexpected field type in a stream chunk: ") + ex.what()});
            return false;
        }
    }

    template <class Emit>
    bool on_chunk(const nlohmann::json& chunk, Emit& emit) {
        if (chunk.contains("error") && !chunk.contains("candidates")) {
            fail(error_from(http_response{200, {}, {}, chunk.dump()}));
            return false;
        }
        if (!started_) {
            started_ = true;
            if (!emit(message_start{field::string_or_empty(chunk, "responseId"),
                                    field::string_or_empty(chunk, "modelVersion")}))
                return false;
        }
        reader_.set_response_id(field::string_or_empty(chunk, "responseId"));
        const auto candidates = chunk.find("candidates");
        const bool has_candidate = candidates != chunk.end() && candidates->is_array() && !candidates->empty();
        if (!has_candidate) {
            // A blocked prompt has no candidates and says why: nothing more will come.
            if (auto blocked = no_candidates_error(chunk); blocked == errc::content_policy) {
                fail(std::move(blocked));
                return false;
            }
            last_chunk_ = chunk;
        } else if (!on_candidate(candidates->front(), emit)) {
            return false;
        }
        if (const auto* u = field::object_or_null(chunk, "usageMetadata"))
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
    bool on_candidate(const nlohmann::json& candidate, Emit& emit) {
        if (!candidate.is_object()) {
            fail(error{errc::malformed_response, "candidates[0] is not an object"});
            return false;
        }
        saw_candidate_ = true;
        if (const auto* content = field::object_or_null(candidate, "content"))
            if (auto parts = content->find("parts"); parts != content->end() && parts->is_array())
                for (const auto& part : *parts)
                    if (!reader_.read(part, emit)) return false;
        if (auto reason = field::string_or_empty(candidate, "finishReason"); !reason.empty() && !finished_)
            pending_finish_ = polyllm::finish{finish_reason_from(reason, reader_.has_tool_calls()), std::move(reason)};
        return true;
    }

    void fail(error e) { events_.fail(std::move(e)); }

    polyllm::detail::sse_event_stream events_;
    part_reader reader_;
    std::optional<polyllm::finish> pending_finish_;
    std::optional<nlohmann::json> last_chunk_;  // the latest chunk without candidates, to say why there were none
    bool started_ = false;
    bool saw_candidate_ = false;
    bool finished_ = false;
};

}  // namespace gemini_content
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
POLYLLM_NAMESPACE_BEGIN
namespace gemini_content {

POLYLLM_DECL result<void> stream_decoder::finish() const {
    if (events_.failure()) return *events_.failure();
    if (finished_) return success();
    if (!saw_candidate_ && last_chunk_) return no_candidates_error(*last_chunk_);
    return events_.ended_before("a candidate's finishReason, which marks a complete Gemini answer");
}

}  // namespace gemini_content
POLYLLM_NAMESPACE_END
#endif  // POLYLLM_DEFINITIONS
