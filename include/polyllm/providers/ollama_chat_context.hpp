#pragma once
/// @file
/// @brief The context length of each model an Ollama server runs, as its `POST /api/show` reports it
/// (`model_info["<arch>.context_length"]`, arch being `model_info["general.architecture"]`): read from the answer
/// by a pure function, and asked once per server and model however many calls want it at the same moment (single
/// flight), then kept. The fetch is injected: the provider fetches through the call's own transport.

#include <polyllm/detail/unique_function.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

POLYLLM_NAMESPACE_BEGIN
namespace ollama_chat_wire {

/// @brief The context length an /api/show answer reports, or nothing when it reports none (an older server, a model
/// whose metadata lacks it).
[[nodiscard]] POLYLLM_DECL std::optional<std::int64_t> context_length_of(const nlohmann::json& show);

/// @brief The context lengths of the models of the servers one provider object talks to (shared by its copies).
class context_lengths {
public:
    /// The length, or nothing when the server reports none (remembered too: it is not asked again).
    using length = std::optional<std::int64_t>;
    using length_handler = polyllm::detail::unique_function<void(result<length>)>;
    /// Asks the server once and calls the handler once with the outcome, from any thread, at any time later (or
    /// before returning).
    using fetch_function = std::function<void(length_handler)>;

    context_lengths() = default;
    context_lengths(const context_lengths&) = delete;
    context_lengths& operator=(const context_lengths&) = delete;

    /// @brief Calls `done` with the length of `key` (the server and the model): the kept one at once (inline), or
    /// the outcome of `fetch`. While a fetch for `key` runs, other callers wait for it instead of starting their
    /// own; a failed fetch fails them all and is not kept (the next call asks again). The object must outlive the
    /// fetch it starts.
    POLYLLM_DECL void get(const std::string& key, const fetch_function& fetch, length_handler done);

    /// @brief How many fetches have been started: for tests and metrics.
    [[nodiscard]] POLYLLM_DECL std::size_t fetches() const;

private:
    POLYLLM_DECL void finish(const std::string& key, result<length> outcome);

    mutable std::mutex mutex_;
    std::map<std::string, length, std::less<>> known_;
    std::map<std::string, std::vector<length_handler>, std::less<>> waiting_;  // a key here is being fetched
    std::size_t fetches_ = 0;
};

}  // namespace ollama_chat_wire
POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/providers/impl/ollama_chat_context.ipp>
#endif
