#pragma once
// The command line of one subcommand: options taken by name, what is left is positional. Options not taken by the
// time `finish` is called are errors, so a misspelled option never passes silently.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polyllm_cli {

class arguments {
public:
    arguments(int argc, char** argv, int first) {
        for (int i = first; i < argc; ++i) args_.emplace_back(argv[i]);
    }

    /// `--name` present (and removed)?
    bool flag(std::string_view name) {
        for (auto it = args_.begin(); it != args_.end(); ++it)
            if (*it == name) {
                args_.erase(it);
                return true;
            }
        return false;
    }

    /// The value of `--name VALUE` or `--name=VALUE` (the last one wins); sets `error` when the value is missing.
    std::optional<std::string> value(std::string_view name) {
        std::optional<std::string> out;
        while (auto v = value_once(name)) out = std::move(v);
        return out;
    }

    /// Every value of a repeatable `--name VALUE` (or `--name=VALUE`), in order.
    std::vector<std::string> values(std::string_view name) {
        std::vector<std::string> out;
        while (auto v = value_once(name)) out.push_back(std::move(*v));
        return out;
    }

    /// The positional arguments; an option nobody took is an error ("--" ends the options).
    std::vector<std::string> finish() {
        std::vector<std::string> positional;
        bool options_ended = false;
        for (const auto& a : args_) {
            if (!options_ended && a == "--") options_ended = true;
            else if (!options_ended && a.size() > 1 && a[0] == '-' && error.empty()) error = "unknown option " + a;
            else positional.push_back(a);
        }
        return positional;
    }

    std::string error;  ///< the first problem found; empty when all is well

private:
    // The first `--name VALUE` or `--name=VALUE`, removed.
    std::optional<std::string> value_once(std::string_view name) {
        for (std::size_t i = 0; i < args_.size(); ++i) {
            const std::string& a = args_[i];
            if (a == name) {
                if (i + 1 >= args_.size()) {
                    error = std::string(name) + " needs a value";
                    args_.erase(args_.begin() + std::ptrdiff_t(i));
                    return std::nullopt;
                }
                std::string out = args_[i + 1];
                args_.erase(args_.begin() + std::ptrdiff_t(i), args_.begin() + std::ptrdiff_t(i) + 2);
                return out;
            }
            if (a.size() > name.size() && a.compare(0, name.size(), name) == 0 && a[name.size()] == '=') {
                std::string out = a.substr(name.size() + 1);
                args_.erase(args_.begin() + std::ptrdiff_t(i));
                return out;
            }
        }
        return std::nullopt;
    }

    std::vector<std::string> args_;
};

}  // namespace polyllm_cli
