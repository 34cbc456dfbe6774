#pragma once
/// @file
/// @brief A request for a model without native function calling: the conversation in the text form
/// (history.hpp), no `tools`, `tool_choice` or `parallel_tool_calls` fields, and the stop word `</function` when
/// the model takes stop words. What the reply needs to be read back (`reply_reader`) comes from the same request.

#include <polyllm/error.hpp>
#include <polyllm/fn_call/history.hpp>
#include <polyllm/fn_call/prompt.hpp>
#include <polyllm/fn_call/reply.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace fn_call {

/// The most stop sequences the stop word is added to (OpenAI takes at most four).
inline constexpr std::size_t max_stop_sequences = 4;

/// @brief Whether a request needs the text form on a model without native function calling: it offers tools,
/// or its history holds calls or results that such a model cannot take in the standard form.
[[nodiscard]] POLYLLM_DECL bool needs_text_form(const request& req) noexcept;

/// @brief The request in the text form. `add_stop_word`: the model takes stop words, so generation ends at the
/// call's closing tag.
[[nodiscard]] POLYLLM_DECL result<request> to_text_request(request req, bool add_stop_word);

/// @brief How to read the reply to `req` (the request as the caller wrote it, in the standard form).
[[nodiscard]] POLYLLM_DECL reply_reader reader_for(const request& req);

}  // namespace fn_call
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/fn_call/impl/request.ipp>
#endif
