#pragma once
/// @file
/// @brief `environment`: where environment variables are read from, as a value — the process's, a map, or any
/// lookup function — so that configuration loading and proxy discovery can be tested without touching the
/// process environment.

#include <polyllm/version.hpp>

#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

POLYLLM_NAMESPACE_BEGIN

/// @brief Where environment variables are read from: the process, a map, or any lookup function.
class environment {
public:
    /// @brief Returns the variable's value, or nothing when it is not set.
    using lookup_function = std::function<std::optional<std::string>(std::string_view name)>;

    explicit environment(lookup_function lookup) : lookup_(std::move(lookup)) {}

    /// @brief The process environment (`std::getenv`; `_dupenv_s` with MSVC). polyllm reads it only through here.
    [[nodiscard]] POLYLLM_DECL static environment process();

    /// @brief Exactly these variables.
    [[nodiscard]] POLYLLM_DECL static environment from(std::map<std::string, std::string, std::less<>> variables);

    /// @brief No variables at all.
    [[nodiscard]] POLYLLM_DECL static environment none();

    [[nodiscard]] POLYLLM_DECL std::optional<std::string> get(std::string_view name) const;

private:
    lookup_function lookup_;
};

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
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
#endif  // POLYLLM_DEFINITIONS
