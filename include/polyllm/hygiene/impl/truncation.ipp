#pragma once
/// @file
/// @brief The definitions of <polyllm/hygiene/truncation.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/hygiene/truncation.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace hygiene {

POLYLLM_DECL std::string truncate_middle(std::string_view text, std::size_t max_chars) {
    const auto length = detail::code_points(text);
    if (max_chars == 0 || length <= max_chars) return std::string(text);
    const auto head = max_chars / 2;
    const auto tail = max_chars - head;
    const auto head_end = detail::offset_after(text, head);
    const auto tail_start = detail::offset_after(text, length - tail);
    std::string out(text.substr(0, head_end));
    out += "\n[... " + std::to_string(length - max_chars) + " characters cut from the middle of this output ...]\n";
    out += text.substr(tail_start);
    return out;
}

POLYLLM_DECL bool has_long_tool_output(std::span<const message> messages, std::size_t max_chars) noexcept {
    if (max_chars == 0) return false;
    for (const auto& m : messages)
        if (m.role == role::tool)
            for (const auto& part : m.content)
                if (const auto* t = std::get_if<text_part>(&part))
                    if (t->text.size() > max_chars && detail::code_points(t->text) > max_chars) return true;
    return false;
}

POLYLLM_DECL void truncate_tool_outputs(std::vector<message>& messages, std::size_t max_chars) {
    if (max_chars == 0) return;
    for (auto& m : messages)
        if (m.role == role::tool)
            for (auto& part : m.content)
                if (auto* t = std::get_if<text_part>(&part); t && t->text.size() > max_chars)
                    t->text = truncate_middle(t->text, max_chars);
}

}  // namespace hygiene
POLYLLM_NAMESPACE_END
