#pragma once
/// @file
/// @brief The last step of every error polyllm returns or logs: named after its provider, one line of capped
/// printable text, and scrubbed of the key.

#include <polyllm/detail/redact.hpp>
#include <polyllm/detail/server_text.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief `e` named after `provider` when it names none, with every text field made one line of capped printable
/// text whatever a provider (a user's too) copied into it from a server, and `secret` removed wherever a server
/// echoed it, a start of it cut off at the end of an excerpt included. Built-in providers have already capped what
/// they took from the server; the larger cap here only bounds the rest.
[[nodiscard]] inline error annotated(error e, std::string_view provider, std::string_view secret) {
    if (e.provider.empty()) e.provider = std::string(provider);
    for (auto* text : {&e.message, &e.type, &e.request_id, &e.provider}) {
        *text = shown_server_text(*text, 4 * server_text_limit);
        redact(*text, secret);
    }
    return e;
}

}  // namespace detail
POLYLLM_NAMESPACE_END
