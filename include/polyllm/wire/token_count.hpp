#pragma once
/// @file
/// @brief `read_token_count`: the frame of a token counting endpoint's answer (Anthropic's `input_tokens`,
/// Gemini's `totalTokens`). A non-2xx response, or a 2xx body that is an error, is the provider's error (its
/// dialect); a body that is not a JSON object, or whose count is not a non-negative integer, is
/// `errc::malformed_response` naming the problem. The count is the provider's own, so it is exact. No I/O.

#include <polyllm/error.hpp>
#include <polyllm/http.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>
#include <polyllm/wire/error_body.hpp>

#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief How a count is read: the field that carries it, and whether an absent field means zero (proto3 JSON, as
/// Google writes it, leaves out a field whose value is zero).
struct token_count_field {
    std::string_view name;
    bool absent_is_zero = false;
};

/// @brief The count in `res`'s body under `field`, or the error (see the file's comment). A body with an `error`
/// member and no count is read as the dialect's error, whatever its status.
[[nodiscard]] POLYLLM_DECL result<token_count> read_token_count(const http_response& res, const error_dialect& dialect,
                                                                std::string_view request_id_header,
                                                                token_count_field field);

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/wire/impl/token_count.ipp>
#endif
