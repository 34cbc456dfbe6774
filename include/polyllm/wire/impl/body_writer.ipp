#pragma once
/// @file
/// @brief The definitions of <polyllm/wire/body_writer.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/wire/body_writer.hpp>

POLYLLM_NAMESPACE_BEGIN
namespace wire {

POLYLLM_DECL std::size_t body_size_hint(const request& r) noexcept {
    std::size_t bytes = 512;
    for (const auto& m : r.messages) {
        bytes += 64 + m.name.size() + m.tool_call_id.size();
        for (const auto& part : m.content) {
            if (const auto* t = std::get_if<text_part>(&part)) bytes += t->text.size();
            else if (const auto* i = std::get_if<image_part>(&part)) bytes += i->url.size() + i->data.size() + 64;
        }
        for (const auto& call : m.tool_calls) bytes += 96 + call.id.size() + call.name.size() + call.arguments.size();
    }
    for (const auto& t : r.tools) bytes += 512 + t.description.size();
    return bytes + bytes / 8;  // escapes
}

POLYLLM_DECL bool body_fields::standard(std::string_view key) {
    w_.key(key);
    if (!extra_.is_object() || extra_.empty()) return true;
    std::size_t position = 0;
    for (auto it = extra_.cbegin(); it != extra_.cend(); ++it, ++position) {
        if (it.key() != key) continue;
        if (taken_.empty()) taken_.resize(extra_.size());
        taken_[position] = true;
        w_.value(*it);
        return false;
    }
    return true;
}

POLYLLM_DECL void body_fields::rest() {
    // An extra that is not an object takes no field's place; its items follow under their keys, as they always
    // did (an array's are its indexes), so that a body does not change under a caller who relied on it.
    std::size_t position = 0;
    for (const auto& item : extra_.items()) {
        if (taken_.empty() || !taken_[position]) w_.key(item.key()).value(item.value());
        ++position;
    }
}

}  // namespace wire
POLYLLM_NAMESPACE_END
