#pragma once
/// @file
/// @brief `body_fields`: a request body's top-level fields and `request::extra`, combined the same way by every
/// provider's writer. A field that extra also sets is written once, in its place, with extra's value (so a caller
/// can replace any parameter polyllm writes); extra's other fields follow the provider's own, in extra's order.

#include <polyllm/detail/json_writer.hpp>
#include <polyllm/version.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN
namespace detail {

/// @brief Writes the top-level fields of one body through `w`: `standard(key)` for each of the provider's fields
/// that has a value, then `rest()` once, before the body's closing brace. `MaxFields` bounds the provider's fields.
template <std::size_t MaxFields>
class body_fields {
public:
    body_fields(json_writer& w, const nlohmann::ordered_json& extra) noexcept : w_(w), extra_(extra) {}
    // It keeps a reference: a temporary (an nlohmann::json converted on the way in) would dangle.
    body_fields(json_writer& w, nlohmann::ordered_json&& extra) = delete;

    /// @brief Writes the key; true when the caller is to write the value, false when extra's was written.
    [[nodiscard]] bool standard(std::string_view key) {
        assert(count_ < MaxFields);
        written_[count_++] = key;
        w_.key(key);
        if (extra_.empty()) return true;
        const auto it = extra_.find(key);
        if (it == extra_.end()) return true;
        w_.value(*it);
        return false;
    }

    /// @brief Writes extra's fields that no field of the provider's took.
    void rest() {
        for (const auto& item : extra_.items())
            if (std::find(written_.begin(), written_.begin() + count_, item.key()) == written_.begin() + count_)
                w_.key(item.key()).value(item.value());
    }

private:
    json_writer& w_;
    const nlohmann::ordered_json& extra_;
    std::array<std::string_view, MaxFields> written_{};
    std::size_t count_ = 0;
};

}  // namespace detail
POLYLLM_NAMESPACE_END
