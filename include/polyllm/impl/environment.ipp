#pragma once
/// @file
/// @brief The definitions of <polyllm/environment.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/environment.hpp>

POLYLLM_NAMESPACE_BEGIN

POLYLLM_DECL environment environment::process() {
    return environment([](std::string_view name) -> std::optional<std::string> {
#if defined(_MSC_VER)
        // MSVC deprecates getenv (warning C4996) in favour of _dupenv_s, which returns a copy to free.
        char* value = nullptr;
        std::size_t size = 0;
        if (_dupenv_s(&value, &size, std::string(name).c_str()) != 0 || value == nullptr) return std::nullopt;
        std::string copy(value);
        std::free(value);
        return copy;
#else
        if (const char* value = std::getenv(std::string(name).c_str())) return std::string(value);
        return std::nullopt;
#endif
    });
}

POLYLLM_DECL environment environment::from(std::map<std::string, std::string, std::less<>> variables) {
    return environment([vars = std::move(variables)](std::string_view name) -> std::optional<std::string> {
        if (auto it = vars.find(name); it != vars.end()) return it->second;
        return std::nullopt;
    });
}

POLYLLM_DECL environment environment::none() {
    return environment([](std::string_view) -> std::optional<std::string> { return std::nullopt; });
}

POLYLLM_DECL std::optional<std::string> environment::get(std::string_view name) const {
    return lookup_ ? lookup_(name) : std::nullopt;
}

POLYLLM_NAMESPACE_END
