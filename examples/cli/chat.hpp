#pragma once
// `polyllm chat`: one request to the configured model, printed as text, streamed, or as JSON.

#include "arguments.hpp"
#include "cassette_options.hpp"
#include "output.hpp"

#include <polyllm/polyllm.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace polyllm_cli {

inline constexpr std::string_view chat_help = R"(usage: polyllm chat [OPTIONS] [PROMPT]

Sends PROMPT (or standard input, when there is no PROMPT and no --request) to the model and prints the answer.

options:
  --model MODEL         the model, e.g. gpt-4o or anthropic/claude-sonnet-4-5 (else LLM_MODEL)
  --base-url URL        the provider's base URL (else LLM_BASE_URL or the provider's default)
  --api-key-env VAR     read the API key from the variable VAR (else LLM_API_KEY, then the provider's
                        usual variable: OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, ...)
  --api-key KEY, --key KEY
                        the API key itself (other users of this machine may see command lines:
                        prefer --api-key-env)
  --option KEY=VALUE    a provider option, as config.toml would set it (anthropic_cache_ttl=1h,
                        anthropic_betas=a,b, ...); repeatable
  --verbose             print each request and response, headers included, on stderr (credentials redacted)
  -c FILE, --continue FILE
                        continue the conversation kept in FILE (created when missing): its messages go first,
                        and the prompt and the answer are added to it
  --save FILE           write the conversation (the request's messages and the answer) to FILE
  --system TEXT         a system message before the conversation
  --request FILE        a JSON request in OpenAI's chat shape (messages, tools, tool_choice, temperature, ...)
  --tools FILE          a JSON array of tools in OpenAI's shape
  --stream              print the text as it arrives
  --json                print the completion as JSON (see docs/cli.md)
  --temperature T       sampling temperature
  --max-tokens N        the most tokens to generate
  --timeout SECONDS     bound the whole command, retries included
  --num-retries N       retries after the first attempt (default 4)
  --config FILE         read settings from a config.toml ([llm], or [llm.NAME] with --llm); when its [router]
                        names --model as a model group, the call is routed over the group's deployments
  --llm NAME            the named configuration [llm.NAME] of --config
  --record FILE         write every HTTP exchange to FILE, a cassette (credentials removed)
  --replay FILE         answer from the cassette FILE, without the network (see docs/testing.md)
  --help                this text

Exit status: 0 on success, 1 when the request failed, 2 for a usage or configuration error.
)";

namespace detail {

inline std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Written whole to a temporary file beside it first, then moved over it: a failed write leaves the old file.
inline bool write_file(const std::string& path, const std::string& text) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!(out << text) || !out.flush()) return false;
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    return !ec;
}

template <class T>
bool parse_number(const std::string& text, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
        // Not strtod: "0.7" must not depend on the C locale's decimal point.
        double value = 0;
        auto [end, ec] = polyllm::detail::floating_from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size()) return false;
        out = static_cast<T>(value);
        return true;
    } else {
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        return ec == std::errc() && end == text.data() + text.size();
    }
}

}  // namespace detail

inline int run_chat(arguments& args) {
    auto usage_error = [](const std::string& message) {
        print_error(polyllm::errc::invalid_config, message);
        return 2;
    };
    if (args.flag("--help") || args.flag("-h")) {
        std::fwrite(chat_help.data(), 1, chat_help.size(), stdout);
        return 0;
    }
    const bool stream = args.flag("--stream");
    const bool json = args.flag("--json");
    const auto model = args.value("--model");
    const auto base_url = args.value("--base-url");
    const auto key_env = args.value("--api-key-env");
    auto key = args.value("--api-key");
    if (auto short_form = args.value("--key")) key = short_form;
    const auto option_values = args.values("--option");
    const bool verbose = args.flag("--verbose");
    const auto system = args.value("--system");
    const auto request_file = args.value("--request");
    auto conversation_file = args.value("--continue");
    if (auto short_form = args.value("-c")) conversation_file = short_form;
    const auto save_file = args.value("--save");
    const auto tools_file = args.value("--tools");
    const auto temperature = args.value("--temperature");
    const auto max_tokens = args.value("--max-tokens");
    const auto timeout = args.value("--timeout");
    const auto num_retries = args.value("--num-retries");
    const auto config_file = args.value("--config");
    const auto llm_name = args.value("--llm");
    const auto cassette = cassette_options::take(args);
    const auto positional = args.finish();
    if (!args.error.empty()) return usage_error(args.error);
    if (positional.size() > 1) return usage_error("give the prompt as one argument (quote it)");

    // Settings: defaults, then config.toml or the environment, then the command line. The file is read twice: first
    // for the connection settings (its provider's own keys are not known yet), then, once the model names the
    // provider, with that provider's keys, for its options; a key of no one fails there.
    polyllm::llm_config cfg;
    auto options_source = polyllm::provider_options_source::environment_variables();
    std::unique_ptr<polyllm::router> router;  // when --model names a group of the file's [router]
    if (config_file) {
        auto text = polyllm::read_config_file(*config_file);
        if (!text) return print_error(text.error()), 2;
        if (model) {
            auto routing = polyllm::make_router_from_toml(text.value(), *config_file);
            if (!routing) return print_error(routing.error()), 2;
            if (routing.value() && routing.value()->state().members(*model)) router = std::move(routing).value();
        }
        if (router && (base_url || key || key_env || !option_values.empty() || llm_name || num_retries || timeout))
            return usage_error("--model " + *model + " names a model group of --config: its deployments' settings "
                               "come from their [llm.NAME] sections, not from --base-url, --api-key, --option, "
                               "--llm, --num-retries or --timeout");
        if (router && cassette.active())
            return usage_error("--record and --replay take one model, not a model group of --config");
        auto loaded = polyllm::parse_config_toml(text.value(), *config_file, polyllm::environment::process(),
                                                 polyllm::unknown_keys::ignore);
        if (!loaded) return print_error(loaded.error()), 2;
        for (const auto& note : loaded.value().notes) std::fprintf(stderr, "polyllm: note: %s\n", note.c_str());
        auto chosen = loaded.value().get(llm_name.value_or(""));
        if (!chosen) return print_error(chosen.error()), 2;
        cfg = std::move(chosen).value().config;
        options_source = polyllm::provider_options_source::config_text(std::move(text).value(), *config_file,
                                                                       llm_name.value_or(""));
    } else {
        if (llm_name) return usage_error("--llm names a section of --config FILE, and there is no --config");
        auto from_env = polyllm::config_from_environment();
        if (!from_env) return print_error(from_env.error()), 2;
        cfg = std::move(from_env).value().config;
    }
    if (model) cfg.model = *model;
    if (base_url) cfg.base_url = *base_url;
    if (key && key_env) return usage_error("give the key with --api-key or --api-key-env, not both");
    if (key) cfg.api_key = polyllm::secret(*key);
    if (key_env) {
        auto from_env = polyllm::environment::process().get(*key_env);
        if (!from_env || from_env->empty())
            return usage_error("no API key: " + *key_env + " (named by --api-key-env) is not set");
        cfg.api_key = polyllm::secret(std::move(*from_env));
    }
    for (const auto& setting : option_values) {
        const auto equals = setting.find('=');
        if (equals == std::string::npos || equals == 0)
            return usage_error("--option needs KEY=VALUE, not \"" + setting + "\"");
        options_source.values.emplace_back(setting.substr(0, equals), setting.substr(equals + 1));
    }
    if (timeout) {
        double seconds = 0;
        if (!detail::parse_number(*timeout, seconds) || !(seconds > 0))
            return usage_error("--timeout needs a number of seconds > 0, not \"" + *timeout + "\"");
        // The whole command, retries and their waits included: what a user means by a timeout.
        cfg.total_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
    }
    if (num_retries && (!detail::parse_number(*num_retries, cfg.num_retries) || cfg.num_retries < 0))
        return usage_error("--num-retries needs a number >= 0, not \"" + *num_retries + "\"");
    if (cfg.model.empty() && !router) {
        // Without a model no provider reads the file's keys: a misspelt "model" must still be named as such.
        if (options_source.from == polyllm::provider_options_source::kind::toml)
            if (auto strict = polyllm::parse_config_toml(options_source.toml, *config_file); !strict)
                return print_error(strict.error()), 2;
        return usage_error("no model: give --model, set LLM_MODEL, or set model in --config");
    }

    // The request: the conversation so far, the file's, then the command line's additions.
    polyllm::request req;
    if (conversation_file && request_file) return usage_error("give --continue or --request, not both");
    if (conversation_file && std::filesystem::exists(*conversation_file)) {
        auto text = detail::read_file(*conversation_file);
        if (!text) return usage_error("cannot read conversation file \"" + *conversation_file + "\"");
        auto parsed = polyllm::request_from_json(*text);
        if (!parsed) return print_error(parsed.error()), 2;
        req = std::move(parsed).value();
    }
    if (request_file) {
        auto text = detail::read_file(*request_file);
        if (!text) return usage_error("cannot read request file \"" + *request_file + "\"");
        auto parsed = polyllm::request_from_json(*text);
        if (!parsed) return print_error(parsed.error()), 2;
        req = std::move(parsed).value();
    }
    if (tools_file) {
        auto text = detail::read_file(*tools_file);
        if (!text) return usage_error("cannot read tools file \"" + *tools_file + "\"");
        try {
            auto tools = nlohmann::ordered_json::parse(*text).get<std::vector<polyllm::tool>>();
            req.tools.insert(req.tools.end(), tools.begin(), tools.end());
        } catch (const nlohmann::json::exception& e) {
            return usage_error(*tools_file + ": not a JSON array of tools: " + e.what());
        }
    }
    if (system) req.messages.insert(req.messages.begin(), polyllm::message::system(*system));
    if (!positional.empty()) {
        req.messages.push_back(polyllm::message::user(positional.front()));
    } else if (!request_file) {
        std::string text = read_standard_input();
        if (text.empty()) return usage_error("no prompt: give PROMPT, --request FILE, or text on standard input");
        req.messages.push_back(polyllm::message::user(std::move(text)));
    }
    if (temperature) {
        double t = 0;
        if (!detail::parse_number(*temperature, t)) return usage_error("--temperature needs a number");
        req.temperature = t;
    }
    if (max_tokens) {
        std::int64_t n = 0;
        if (!detail::parse_number(*max_tokens, n) || n <= 0) return usage_error("--max-tokens needs a number > 0");
        req.max_tokens = n;
    }

    polyllm::result<polyllm::completion> reply = polyllm::error{};
    std::string deployment;     // the deployment that answered a routed call
    bool printed_text = false;  // streamed text is on stdout: its line is ended before anything else is printed
    auto on_event = [&](const polyllm::stream_event& e) {
        if (json) return;
        if (const auto* text = std::get_if<polyllm::text_delta>(&e); text && !text->text.empty()) {
            std::fwrite(text->text.data(), 1, text->text.size(), stdout);
            std::fflush(stdout);
            printed_text = true;
        }
    };
    // Every line, debug included (stderr_logger keeps warnings only), prefixed as the library's own lines are.
    auto logger = [](polyllm::log_level level, std::string_view text) {
        std::fprintf(stderr, "polyllm: %s: %.*s\n", std::string(polyllm::to_string(level)).c_str(), int(text.size()),
                     text.data());
    };
    if (router) {
        for (const auto& d : router->metrics().deployments) {
            auto* connection = router->connection(d.name);
            connection->on_retry(print_retry);
            if (verbose) connection->set_logger(logger, polyllm::log_level::debug);
        }
        auto routed = stream ? router->stream_routed(*model, req, on_event) : router->complete_routed(*model, req);
        if (routed) {
            deployment = std::move(routed.value().deployment);
            reply = std::move(routed.value().value);
        } else {
            reply = std::move(routed).error();
        }
    } else {
        auto call = [&](auto& llm) {
            llm.on_retry(print_retry);
            if (verbose) llm.set_logger(logger, polyllm::log_level::debug);
            return stream ? llm.stream(req, on_event) : llm.complete(req);
        };
        if (cassette.active()) {
            reply = with_cassette(cassette, cfg, options_source, call);
        } else {
            auto llm = polyllm::make_client(cfg, options_source);
            if (!llm) return print_error(llm.error()), 2;
            reply = call(llm.value());
        }
    }
    if (!reply) {
        // The newline that ends the streamed text reaches the terminal before the error line on stderr.
        if (printed_text) {
            std::fputc('\n', stdout);
            std::fflush(stdout);
        }
        print_error(for_the_command_line(reply.error()));
        return reply.error().kind() == polyllm::errc::invalid_config ? 2 : 1;
    }
    const auto& c = reply.value();
    // The conversation with its answer, for the next turn (--continue) or for the record (--save).
    for (const auto& file : {conversation_file, save_file}) {
        if (!file) continue;
        polyllm::request kept = req;
        kept.messages.push_back(c.message);
        if (!detail::write_file(*file, polyllm::ordered_json(kept).dump(2) + "\n")) {
            print_error(polyllm::errc::invalid_config, "cannot write the conversation to \"" + *file + "\"");
            return 1;
        }
    }
    if (json) {
        auto out = completion_json(c);
        if (router) out["deployment"] = deployment;  // the deployment of the group that answered
        std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        return 0;
    }
    if (!stream) std::fwrite(c.message.text().data(), 1, c.message.text().size(), stdout);
    if (!c.message.text().empty() || stream) std::fputc('\n', stdout);
    // A model that refused says why in its own field (OpenAI's `refusal`), not in the text: shown, or a refusal
    // alone would print nothing at all.
    if (!c.message.refusal.empty()) std::printf("refusal: %s\n", c.message.refusal.c_str());
    // A call's id, name and arguments are the server's text: one line each, escaped like every server text shown.
    for (const auto& call : c.message.tool_calls)
        std::printf("tool call %s: %s(%s)\n", polyllm::detail::shown_server_text(call.id).c_str(),
                    polyllm::detail::shown_server_text(call.name).c_str(),
                    polyllm::detail::shown_server_text(call.arguments, std::string_view::npos).c_str());
    return 0;
}

}  // namespace polyllm_cli
