#pragma once
/// @file
/// @brief The definitions of <polyllm/providers/ollama_chat_errors.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/providers/ollama_chat_errors.hpp>

#include <polyllm/detail/ascii.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace ollama_chat_wire {

POLYLLM_DECL errc classify(int status, const wire::error_fields& fields) {
    const auto lower = polyllm::detail::to_lower(fields.message);
    if (wire::mentions_context_window(fields.message, {"exceeds the context length", "context window"}))
        return errc::context_window_exceeded;
    if (lower.find("not found") != std::string::npos && lower.find("model") != std::string::npos)
        return errc::not_found;
    return wire::errc_for_status(status);
}

POLYLLM_DECL error with_pull_hint(error e) {
    // Ollama: `model "llama3.1:8b" not found, try pulling it first` from /api/chat, `model 'x' not found` from
    // /api/show; the name is the first quoted one.
    const auto lower = polyllm::detail::to_lower(e.message);
    if (e.kind() != errc::not_found || lower.find("model") == std::string::npos ||
        lower.find("not found") == std::string::npos || e.message.find("`ollama pull ") != std::string::npos)
        return e;
    const auto open = e.message.find_first_of("\"'");
    const auto close = open == std::string::npos ? open : e.message.find(e.message[open], open + 1);
    std::string model =
        close != std::string::npos ? e.message.substr(open + 1, close - open - 1) : std::string("<model>");
    // Said twice below: capped, so that the message stays within what an error may show (detail/server_text.hpp).
    constexpr std::size_t longest_name = 256;
    if (model.size() > longest_name) {
        std::size_t cut = longest_name;
        while (cut > 0 && (static_cast<unsigned char>(model[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
        model.resize(cut);
    }
    e.verdict = retry_verdict::no;
    e.message = "the Ollama server does not have the model \"" + model + "\": run `ollama pull " + model +
                "` on it first";
    return e;
}

}  // namespace ollama_chat_wire
POLYLLM_NAMESPACE_END
