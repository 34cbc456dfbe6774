#pragma once
// `polyllm completion bash|zsh`: a shell completion script, printed for the user's shell to load.

#include "output.hpp"

#include <cstdio>
#include <string>
#include <string_view>

namespace polyllm_cli {

// The commands and each one's options, as their --help texts list them (tests/cli checks that the two agree).
struct command_options {
    std::string_view command;
    std::string_view options;
};
inline constexpr command_options completion_table[] = {
    {"chat",
     "--model --base-url --api-key-env --api-key --key --option --verbose --system --request --tools --stream --json "
     "--temperature --max-tokens --timeout --num-retries --config --llm --continue -c --save --record --replay --help"},
    {"tokens", "--model --encoding --ids --offline --base-url --json --fetch --help"},
    {"models", "--json --base-url --provider --api-key-env --api-key --help"},
    {"completion", "bash zsh"},
};

inline std::string bash_completion() {
    std::string cases;
    for (const auto& c : completion_table)
        cases += "        " + std::string(c.command) + ") words=\"" + std::string(c.options) + "\" ;;\n";
    return "# polyllm completion for bash: eval \"$(polyllm completion bash)\", or save it in\n"
           "# ~/.local/share/bash-completion/completions/polyllm\n"
           "_polyllm() {\n"
           "    local cur=${COMP_WORDS[COMP_CWORD]} words\n"
           "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
           "        COMPREPLY=($(compgen -W \"chat tokens models completion --help --version\" -- \"$cur\"))\n"
           "        return\n"
           "    fi\n"
           "    case ${COMP_WORDS[1]} in\n" +
           cases +
           "        *) words=\"\" ;;\n"
           "    esac\n"
           "    case ${COMP_WORDS[COMP_CWORD-1]} in\n"
           "        --request|--tools|--config|--continue|-c|--save|--record|--replay) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
           "    esac\n"
           "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
           "}\n"
           "complete -F _polyllm polyllm\n";
}

inline std::string zsh_completion() {
    std::string cases;
    for (const auto& c : completion_table)
        cases += "        " + std::string(c.command) + ") compadd -- " + std::string(c.options) + " ;;\n";
    return "#compdef polyllm\n"
           "# polyllm completion for zsh: eval \"$(polyllm completion zsh)\" after compinit, or save it as _polyllm\n"
           "# in a directory of $fpath\n"
           "_polyllm() {\n"
           "    if (( CURRENT == 2 )); then\n"
           "        compadd -- chat tokens models completion --help --version\n"
           "        return\n"
           "    fi\n"
           "    case ${words[CURRENT-1]} in\n"
           "        --request|--tools|--config|--continue|-c|--save|--record|--replay) _files; return ;;\n"
           "    esac\n"
           "    case ${words[2]} in\n" +
           cases +
           "    esac\n"
           "}\n"
           "compdef _polyllm polyllm\n";
}

inline int run_completion(const std::string_view shell) {
    if (shell == "--help" || shell == "-h") {
        std::puts("usage: polyllm completion bash|zsh\n\nPrints a completion script for the shell, to load with eval "
                  "\"$(polyllm completion bash)\".");
        return 0;
    }
    if (shell == "bash") return std::fputs(bash_completion().c_str(), stdout), 0;
    if (shell == "zsh") return std::fputs(zsh_completion().c_str(), stdout), 0;
    print_error(polyllm::errc::invalid_config, "usage: polyllm completion bash|zsh");
    return 2;
}

}  // namespace polyllm_cli
