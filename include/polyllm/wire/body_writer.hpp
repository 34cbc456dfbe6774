#pragma once
/// @file
/// @brief Writing a request body: `json_writer` writes JSON text straight into the request's body (no tree of the
/// conversation is built), and `body_fields` merges the body's top-level fields with `request::extra`, the same way
/// for every provider: a field that extra also sets is written once, in its place, with extra's value (so a caller
/// can replace any parameter a provider writes); extra's other fields follow the provider's own, in extra's order.
///
///     std::string body;
///     wire::json_writer w(body);
///     wire::body_fields fields(w, req.extra);
///     w.begin_object();
///     if (fields.standard("model")) w.string(model);
///     if (req.max_tokens && fields.standard("max_tokens")) w.integer(*req.max_tokens);
///     fields.rest();
///     w.end_object();
///
/// `body_fields` has no bound on the number of fields: it remembers which of extra's fields a provider field took,
/// and extra's size is known when the body is written. A provider cannot overrun it, whatever fields it writes.

#include <polyllm/detail/json_writer.hpp>
#include <polyllm/detail/url.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>
#include <variant>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

/// @brief Writes JSON text into a `std::string`: `begin_object`, `key`, `string`, `integer`, `number`, `boolean`,
/// `null`, `value(any nlohmann::json)`, `raw(JSON text)`; each returns the writer, so calls chain. Strings are
/// escaped as nlohmann::json escapes them, invalid UTF-8 replaced by U+FFFD.
using json_writer = polyllm::detail::json_writer;

/// @brief The model name as the provider's API expects it: without the "provider/" prefix polyllm picks the provider by
/// (`model_name("quill/quill-2", "quill")` is "quill-2").
[[nodiscard]] constexpr std::string_view model_name(std::string_view model, std::string_view provider) noexcept {
    return polyllm::detail::wire_model(model, provider);
}

/// @brief A guess at a request body's size from the bulk of its text, to reserve before writing so that the body is
/// written without regrowing.
[[nodiscard]] POLYLLM_DECL std::size_t body_size_hint(const request& r) noexcept;

/// @brief The top-level fields of one body and `request::extra`, written through one `json_writer`.
class body_fields {
public:
    body_fields(json_writer& w, const nlohmann::ordered_json& extra) noexcept : w_(w), extra_(extra) {}
    // It keeps a reference: a temporary (an nlohmann::json converted on the way in) would dangle.
    body_fields(json_writer& w, nlohmann::ordered_json&& extra) = delete;

    /// @brief Writes the key; true when the caller is to write the value, false when extra's value was written.
    [[nodiscard]] POLYLLM_DECL bool standard(std::string_view key);

    /// @brief Writes extra's fields that no `standard` field took, in extra's order; call it once, before the body's
    /// closing brace.
    POLYLLM_DECL void rest();

private:
    json_writer& w_;
    const nlohmann::ordered_json& extra_;
    std::vector<bool> taken_;  // per field of extra: written in a provider field's place (sized on first use)
};

}  // namespace wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/wire/impl/body_writer.ipp>
#endif
