#pragma once
/// @file
/// @brief The reading of a parsed config.toml into `loaded_config`: each key checked against `llm_config` and the
/// provider's options, with the file's line in every message and the key a misspelt one was meant to be.

#include <polyllm/config.hpp>
#include <polyllm/config/environment.hpp>
#include <polyllm/config/keys.hpp>
#include <polyllm/config/values.hpp>
#include <polyllm/config/settings.hpp>
#include <polyllm/detail/utf8_path.hpp>
#include <polyllm/error.hpp>
#include <polyllm/version.hpp>

// toml++ is used header-only unless the build says otherwise (Debian's CMake package links its shared library and
// defines TOML_HEADER_ONLY=0; a program using the single header links nothing).
#ifndef TOML_HEADER_ONLY
#define TOML_HEADER_ONLY 1
#endif
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

POLYLLM_NAMESPACE_BEGIN


namespace detail {

/// Edit distance (insertions, deletions, substitutions), for suggesting the key that was meant.
[[nodiscard]] POLYLLM_DECL std::size_t edit_distance(std::string_view a, std::string_view b);

[[nodiscard]] inline std::string_view toml_type_name(toml::node_type type) noexcept {
    switch (type) {
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a floating-point number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::none: break;
    }
    return "nothing";
}

/// A TOML value as JSON, tables in the order the file writes their keys (toml++ keeps them sorted).
[[nodiscard]] inline ordered_json json_from_toml(const toml::node& node) {
    if (const auto* table = node.as_table()) {
        std::vector<std::pair<const toml::key*, const toml::node*>> entries;
        for (const auto& [key, value] : *table) entries.emplace_back(&key, &value);
        std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
            const auto& x = a.first->source().begin;
            const auto& y = b.first->source().begin;
            return x.line != y.line ? x.line < y.line : x.column < y.column;
        });
        auto out = ordered_json::object();
        for (const auto& [key, value] : entries) out[std::string(key->str())] = json_from_toml(*value);
        return out;
    }
    if (const auto* array = node.as_array()) {
        auto out = ordered_json::array();
        for (const auto& item : *array) out.push_back(json_from_toml(item));
        return out;
    }
    if (const auto* s = node.as_string()) return s->get();
    if (const auto* i = node.as_integer()) return i->get();
    if (const auto* f = node.as_floating_point()) return f->get();
    if (const auto* b = node.as_boolean()) return b->get();
    std::ostringstream text;  // dates and times: their TOML text
    if (const auto* d = node.as_date()) text << d->get();
    else if (const auto* t = node.as_time()) text << t->get();
    else if (const auto* dt = node.as_date_time()) text << dt->get();
    return text.str();
}

/// Sets `out` from a TOML value. On failure, the message continues "<key> ...": "must be an integer, not a string".
template <class T>
[[nodiscard]] result<void> config_value_from_toml(const toml::node& node, T& out) {
    using V = config_value_t<T>;
    auto wrong_type = [&] {
        return error{errc::invalid_config, "must be " + std::string(expected_config_type<V>()) + ", not " +
                                               std::string(toml_type_name(node.type()))};
    };
    if constexpr (!std::same_as<T, V>) {
        V value{};
        BOOST_OUTCOME_TRY(config_value_from_toml(node, value));
        out = std::move(value);
        return success();
    } else if constexpr (config_string<T>) {
        const auto* s = node.as_string();
        if (!s) return wrong_type();
        out = s->get();
        return success();
    } else if constexpr (std::same_as<T, bool>) {
        const auto* b = node.as_boolean();
        if (!b) return wrong_type();
        out = b->get();
        return success();
    } else if constexpr (config_integer<T>) {
        const auto* i = node.as_integer();
        if (!i) return wrong_type();
        auto narrowed = narrow_integer<T>(i->get());
        if (!narrowed) return error{errc::invalid_config, "is out of range"};
        out = *narrowed;
        return success();
    } else if constexpr (std::floating_point<T> || is_duration_v<T>) {
        double value = 0;
        if (const auto* i = node.as_integer()) value = static_cast<double>(i->get());
        else if (const auto* f = node.as_floating_point()) value = f->get();
        else return wrong_type();
        if (!std::isfinite(value))
            return error{errc::invalid_config, "must be a finite " +
                                                   std::string(is_duration_v<T> ? "number of seconds" : "number")};
        if constexpr (is_duration_v<T>) {
            auto duration = duration_from_seconds<T>(value);
            if (!duration) return error{errc::invalid_config, "is out of range"};
            out = *duration;
        } else {
            out = static_cast<T>(value);
        }
        return success();
    } else if constexpr (config_list<T>) {
        const auto* array = node.as_array();
        if (!array) return wrong_type();
        out.clear();
        for (const auto& item : *array) {
            const auto* s = item.as_string();
            if (!s) return error{errc::invalid_config, "must be a list of strings, not a list holding " +
                                                           std::string(toml_type_name(item.type()))};
            out.push_back(s->get());
        }
        return success();
    } else if constexpr (config_json<T>) {
        if (!node.is_table() && !node.is_array()) return wrong_type();
        out = json_from_toml(node);
        return success();
    } else {
        const auto* s = node.as_string();
        if (!s) return wrong_type();
        return parse_config_value(s->get(), out);
    }
}

/// Reads a TOML document into configurations; `Options` is the provider's options type.
template <class Options>
class config_reader {
    static_assert(config_keys_are_valid<Options, llm_config>(),
                  "polyllm: the options type declares a config key that is malformed (use lower case letters, "
                  "digits and '_') or that llm_config or the options type already uses");

public:
    config_reader(std::string_view source, const environment& env, unknown_keys policy = unknown_keys::error)
        : source_(source), env_(env), policy_(policy) {}

    [[nodiscard]] result<loaded_config<Options>> read(const toml::table& root) const {
        loaded_config<Options> out;
        out.source = source_;
        std::vector<std::pair<std::string, const toml::table*>> sections;
        if (const toml::node* llm = root.get("llm")) {
            const auto* table = llm->as_table();
            if (!table)
                return error{errc::invalid_config, where(*llm) + "llm must be a table ([llm]), not " +
                                                       std::string(toml_type_name(llm->type()))};
            for (const auto& [key, node] : entries(*table)) {
                if (node->is_table() && !is_known(key->str())) {
                    sections.emplace_back(std::string(key->str()), node->as_table());
                    continue;
                }
                BOOST_OUTCOME_TRY(apply(out.base, "[llm]", *key, *node));
            }
        }
        if (auto applied = apply_environment(out.base.config, env_); !applied) return std::move(applied).error();
        if (auto applied = apply_environment(out.base.options, env_); !applied) return std::move(applied).error();
        for (const auto& [name, table] : sections) {
            const std::string section = "[llm." + name + "]";
            auto settings = out.base;
            for (const auto& [key, node] : entries(*table)) {
                if (node->is_table() && !is_known(key->str()))
                    return error{errc::invalid_config, where(*key) + "[llm." + name + "." + std::string(key->str()) +
                                                           "] is nested too deeply: named configurations are "
                                                           "[llm.<name>] sections of keys"};
                BOOST_OUTCOME_TRY(apply(settings, section, *key, *node));
            }
            out.named.emplace(name, std::move(settings));
        }
        out.notes = std::move(notes_);
        return out;
    }

private:
    using entry = std::pair<const toml::key*, const toml::node*>;

    // A table's entries in file order (toml++ keeps them sorted by key), so the first error reported is the
    // first one in the file.
    [[nodiscard]] static std::vector<entry> entries(const toml::table& table) {
        std::vector<entry> out;
        for (const auto& [key, node] : table) out.emplace_back(&key, &node);
        std::stable_sort(out.begin(), out.end(), [](const entry& a, const entry& b) {
            const auto& x = a.first->source().begin;
            const auto& y = b.first->source().begin;
            return x.line != y.line ? x.line < y.line : x.column < y.column;
        });
        return out;
    }

    template <class Located>
    [[nodiscard]] std::string where(const Located& located) const {
        const auto line = located.source().begin.line;
        return source_ + (line > 0 ? ":" + std::to_string(line) : std::string{}) + ": ";
    }

    [[nodiscard]] static bool is_known(std::string_view name) {
        bool known = false;
        auto check = [&](const auto& key) { known = known || key.name == name; };
        for_each_config_key<llm_config>(check);
        for_each_config_key<Options>(check);
        return known;
    }

    template <class S, class Key>
    [[nodiscard]] result<void> set(S& settings, const Key& key, const std::string& section,
                                   const toml::node& node) const {
        auto value = settings.*key.member;
        auto fail = [&](const std::string& what) {
            return error{errc::invalid_config,
                         where(node) + section + " " + std::string(key.name) + " " + what};
        };
        if (auto parsed = config_value_from_toml(node, value); !parsed) return fail(parsed.error().message);
        if (!in_config_range(value, key.range)) return fail(std::string(range_requirement(key.range)));
        settings.*key.member = std::move(value);
        return success();
    }

    [[nodiscard]] result<void> apply(llm_settings<Options>& settings, const std::string& section,
                                     const toml::key& key, const toml::node& node) const {
        const auto name = key.str();
        result<void> outcome = success();
        bool found = false;
        for_each_config_key<llm_config>([&](const auto& k) {
            if (!found && k.name == name) {
                found = true;
                outcome = set(settings.config, k, section, node);
            }
        });
        for_each_config_key<Options>([&](const auto& k) {
            if (!found && k.name == name) {
                found = true;
                outcome = set(settings.options, k, section, node);
            }
        });
        if (found) return outcome;
        for (const auto& unused : keys_without_effect)
            if (unused.name == name) {
                notes_.push_back(where(key) + section + " " + std::string(name) + " has no effect in polyllm (" +
                                 std::string(unused.why) + ")");
                return success();
            }
        if (policy_ == unknown_keys::ignore) return success();
        return unknown_key(section, key);
    }

    // Keys of OpenHands' LLM configuration that polyllm accepts, so that an agent's config.toml loads as it is,
    // and that change nothing here.
    struct key_without_effect {
        std::string_view name;
        std::string_view why;
    };
    static constexpr key_without_effect keys_without_effect[] = {
        {"for_routing", "it marks a model for the agent's own model routing"},
        {"correct_num", "it counts the agent's draft-editor corrections"},
    };

    [[nodiscard]] error unknown_key(const std::string& section, const toml::key& key) const {
        const auto name = key.str();
        std::string_view nearest;
        std::size_t best = static_cast<std::size_t>(-1);
        auto consider = [&](const auto& k) {
            const auto d = edit_distance(name, k.name);
            if (d < best) {
                best = d;
                nearest = k.name;
            }
        };
        for_each_config_key<llm_config>(consider);
        for_each_config_key<Options>(consider);
        std::string message = where(key) + "unknown key \"" + std::string(name) + "\" in " + section;
        // Suggest only what looks like a typo of a known key, not an unrelated word.
        if (!nearest.empty() && best <= std::max<std::size_t>(2, name.size() / 3))
            message += "; did you mean \"" + std::string(nearest) + "\"?";
        else
            message += " (docs/configuration.md lists the keys)";
        return error{errc::invalid_config, std::move(message)};
    }

    std::string source_;
    const environment& env_;
    unknown_keys policy_;
    mutable std::vector<std::string> notes_;
};

}  // namespace detail

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/config/impl/toml_reader.ipp>
#endif
