// polyllm: try a model from the shell. `polyllm chat`, `polyllm tokens`, `polyllm models`; see docs/cli.md.

#include "arguments.hpp"
#include "chat.hpp"
#include "completion.hpp"
#include "models.hpp"
#include "output.hpp"
#include "tokens.hpp"

#include <cstdio>
#include <string_view>

namespace {

constexpr std::string_view help = R"(usage: polyllm COMMAND [OPTIONS]

commands:
  chat     send a prompt to a model and print the answer
  tokens   count the tokens of a text or of standard input
  models   list the models polyllm knows, with limits, prices and capabilities (or a server's, with --base-url)
  completion  print a shell completion script: polyllm completion bash|zsh

`polyllm COMMAND --help` describes each command; `polyllm --version` prints the version.
docs/cli.md has the details.
)";

}  // namespace

int main(int argc, char** argv) {
    const std::string_view command = argc > 1 ? argv[1] : "";
    if (command == "--version" || command == "-V" || command == "version") {
        std::printf("polyllm %s\n", polyllm::version_string);
        return 0;
    }
    if (command.empty() || command == "--help" || command == "-h" || command == "help") {
        std::fwrite(help.data(), 1, help.size(), command.empty() ? stderr : stdout);
        return command.empty() ? 2 : 0;
    }
    polyllm_cli::arguments args(argc, argv, 2);
    if (command == "chat") return polyllm_cli::run_chat(args);
    if (command == "tokens") return polyllm_cli::run_tokens(args);
    if (command == "models") return polyllm_cli::run_models(args);
    if (command == "completion") return polyllm_cli::run_completion(argc > 2 ? argv[2] : "");
    polyllm_cli::print_error(polyllm::errc::invalid_config,
                             "unknown command \"" + std::string(command) + "\" (chat, tokens, models, completion)");
    return 2;
}
