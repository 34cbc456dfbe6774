#pragma once
// `polyllm tokens`: count the tokens of standard input, or list their ids; Claude and Gemini by their providers.

#include "arguments.hpp"
#include "output.hpp"

#include <polyllm/polyllm.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace polyllm_cli {

inline constexpr std::string_view tokens_help = R"(usage: polyllm tokens [--model MODEL | --encoding NAME] [--ids] [--offline] [--base-url URL] [--json] [TEXT]
       polyllm tokens --fetch

Prints the number of tokens in TEXT (else standard input), or with --ids the token ids, one per line.
OpenAI models and the encodings cl100k_base and o200k_base count exactly with tiktoken's vocabularies,
downloaded and verified on first use into the cache directory (POLYLLM_TIKTOKEN_DIR, else
TIKTOKEN_CACHE_DIR, else ~/.cache/polyllm/tiktoken; POLYLLM_OFFLINE=1 never downloads; see
docs/tokenizer.md). Claude and Gemini models (anthropic/..., gemini/..., vertex_ai/...) are counted by
their provider's counting endpoint, exactly, as a user message (the provider's API key is needed:
ANTHROPIC_API_KEY, GEMINI_API_KEY, ...). Other models, or --offline, get a local estimate, and a note on
standard error says it is one.

options:
  --model MODEL      the model whose tokenizer counts (default: LLM_MODEL, else gpt-4o)
  --encoding NAME    a tiktoken encoding instead of a model's
  --ids              print the token ids (needs an exact tokenizer)
  --offline          never ask a provider: the local count (an estimate for Claude and Gemini)
  --base-url URL     the provider's base URL, for its counting endpoint (else LLM_BASE_URL or its default)
  --json             one JSON object: {"tokens", "exact", "source" ("provider", "tiktoken" or "local"), "model"}
  --fetch            download both vocabularies now (for container images), compile their images
                     (see docs/tokenizer.md) and print where they are
  --help             this text
)";

// `polyllm tokens --fetch`: both vocabularies into the cache directory (from $POLYLLM_TIKTOKEN_BASE_URL when set).
inline int run_tokens_fetch(arguments& args) {
    args.finish();
    if (!args.error.empty()) return print_error(polyllm::errc::invalid_config, args.error), 2;
    auto env = polyllm::config_from_environment();
    if (!env) return print_error(env.error()), 2;
    auto how = polyllm::default_vocabulary_download();
    how.offline = false;  // asked for explicitly
    auto fetched = polyllm::fetch_vocabularies(env.value().config, how);
    if (!fetched) return print_error(fetched.error()), 1;
    // Loaded once here, so that their compiled images are in the cache too: the image's first count then maps
    // the tables instead of parsing the file.
    const polyllm::encoding order[] = {polyllm::encoding::cl100k_base, polyllm::encoding::o200k_base};
    for (std::size_t i = 0; i < fetched.value().size() && i < std::size(order); ++i)
        if (auto loaded = polyllm::load_tokenizer(order[i], fetched.value()[i].file); !loaded)
            return print_error(loaded.error()), 1;
    for (const auto& v : fetched.value())
        std::printf("%s %s\n", v.downloaded ? "downloaded" : "found", polyllm::detail::utf8_from_path(v.file).c_str());
    return 0;
}

// Why a count is an estimate, and how to get exact ones: the library's error says which file and where; the CLI adds
// its own command when the error does not name it.
inline std::string missing_vocabulary_note(const polyllm::error& why) {
    std::string note = why.message;
    if (note.find("polyllm tokens --fetch") == std::string::npos)
        note += "; for exact counts run `polyllm tokens --fetch` where the network is reachable";
    return note;
}

/// The count printed, alone or (--json) with whether it is exact and where it came from.
inline void print_token_count(bool json, const polyllm::token_count& count, std::string_view source,
                              const std::string& model) {
    if (!json) {
        std::printf("%zu\n", count.tokens);
        return;
    }
    const nlohmann::ordered_json out = {
        {"tokens", count.tokens}, {"exact", count.exact}, {"source", source}, {"model", model}};
    std::printf("%s\n", out.dump().c_str());
}

/// The provider's own count of `text` as a user message, when the model's provider has a counting endpoint and a
/// key: nothing otherwise (the caller counts locally), else the count or the error.
inline std::optional<polyllm::result<polyllm::token_count>> provider_token_count(const polyllm::llm_config& cfg,
                                                                                 const std::string& text,
                                                                                 std::string& why_not) {
    auto llm = polyllm::make_client(cfg);
    if (!llm || !llm.value().counts_tokens_remotely()) return std::nullopt;
    if (llm.value().config().api_key.empty()) {
        why_not = "set the provider's API key to have " + std::string(llm.value().provider_name()) +
                  " count exactly, or give --offline";
        return std::nullopt;
    }
    polyllm::request req;
    req.messages = {polyllm::message::user(text)};
    return llm.value().count_tokens(req);
}

inline int run_tokens(arguments& args) {
    if (args.flag("--help") || args.flag("-h")) {
        std::fwrite(tokens_help.data(), 1, tokens_help.size(), stdout);
        return 0;
    }
    if (args.flag("--fetch")) return run_tokens_fetch(args);
    const bool ids = args.flag("--ids");
    const bool offline = args.flag("--offline");
    const bool json = args.flag("--json");
    const auto base_url = args.value("--base-url");
    auto model = args.value("--model");
    const auto encoding_name = args.value("--encoding");
    const auto positional = args.finish();
    auto usage_error = [](const std::string& message) {
        print_error(polyllm::errc::invalid_config, message);
        return 2;
    };
    if (!args.error.empty()) return usage_error(args.error);
    if (positional.size() > 1) return usage_error("give the text as one argument (quote it), or on standard input");
    if (model && encoding_name) return usage_error("give --model or --encoding, not both");

    auto env = polyllm::config_from_environment();
    if (!env) return print_error(env.error()), 2;
    polyllm::llm_config cfg = std::move(env).value().config;
    if (model) cfg.model = *model;
    if (cfg.model.empty()) cfg.model = "gpt-4o";
    if (base_url) cfg.base_url = *base_url;

    const std::string text = positional.empty()
                                 ? read_standard_input()
                                 : positional.front();

    std::string missing_key;  // why the provider was not asked
    if (!offline && !ids && !encoding_name) {
        if (auto asked = provider_token_count(cfg, text, missing_key)) {
            if (!*asked) return print_error(asked->error()), 1;
            print_token_count(json, asked->value(), "provider", cfg.model);
            return 0;
        }
    }

    std::optional<polyllm::encoding> enc;
    std::string missing_vocabulary;  // why an exact count was not possible, and how to make it so
    if (encoding_name) {
        enc = polyllm::parse_encoding(*encoding_name);
        if (!enc) return usage_error("unknown encoding \"" + *encoding_name + "\" (cl100k_base, o200k_base)");
    } else {
        enc = polyllm::encoding_for_model(polyllm::model_basename(cfg.model));
    }
    if (enc) {
        auto tok = polyllm::load_tokenizer(*enc, cfg);
        if (tok) {
            // A large input (2 MiB and more) is counted on the machine's cores; the count is the same.
            if (!ids)
                return print_token_count(json, {tok.value()->count(text, polyllm::count_threads{}), true}, "tiktoken",
                                         cfg.model),
                       0;
            for (auto id : tok.value()->encode(text)) std::printf("%llu\n", static_cast<unsigned long long>(id));
            return 0;
        }
        if (ids || encoding_name) return print_error(tok.error()), 2;
        missing_vocabulary = missing_vocabulary_note(tok.error());
    }
    if (ids) return usage_error("no exact tokenizer for model \"" + cfg.model + "\": --ids needs one");
    // Not an OpenAI model, or no vocabulary: the provider's own count, an estimate.
    auto llm = polyllm::make_client(cfg);
    polyllm::token_count count = llm ? llm.value().count_tokens(text) : polyllm::approximate_tokens(text);
    print_token_count(json, count, "local", cfg.model);
    if (!count.exact && !missing_key.empty())
        std::fprintf(stderr, "polyllm: note: an estimate: %s\n", missing_key.c_str());
    else if (!count.exact && !missing_vocabulary.empty())
        std::fprintf(stderr, "polyllm: note: an estimate: %s\n", missing_vocabulary.c_str());
    else if (!count.exact)
        std::fprintf(stderr, "polyllm: note: an estimate (no exact tokenizer for %s)\n", cfg.model.c_str());
    return 0;
}

}  // namespace polyllm_cli
