#pragma once
// `polyllm tokens`: count the tokens of standard input, or list their ids.

#include "arguments.hpp"
#include "output.hpp"

#include <polyllm/detail/utf8_path.hpp>
#include <polyllm/polyllm.hpp>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

namespace polyllm_cli {

inline constexpr std::string_view tokens_help = R"(usage: polyllm tokens [--model MODEL | --encoding NAME] [--ids] [TEXT]
       polyllm tokens --fetch

Prints the number of tokens in TEXT (else standard input), or with --ids the token ids, one per line.
OpenAI models and the encodings cl100k_base and o200k_base count exactly with tiktoken's vocabularies,
downloaded and verified on first use into the cache directory (POLYLLM_TIKTOKEN_DIR, else
TIKTOKEN_CACHE_DIR, else ~/.cache/polyllm/tiktoken; POLYLLM_OFFLINE=1 never downloads; see
docs/tokenizer.md); other models get the provider's estimate, and a note on standard error says it is one.

options:
  --model MODEL      the model whose tokenizer counts (default: LLM_MODEL, else gpt-4o)
  --encoding NAME    a tiktoken encoding instead of a model's
  --ids              print the token ids (needs an exact tokenizer)
  --fetch            download both vocabularies now (for container images) and print where they are
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

inline int run_tokens(arguments& args) {
    if (args.flag("--help") || args.flag("-h")) {
        std::fwrite(tokens_help.data(), 1, tokens_help.size(), stdout);
        return 0;
    }
    if (args.flag("--fetch")) return run_tokens_fetch(args);
    const bool ids = args.flag("--ids");
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

    const std::string text = positional.empty()
                                 ? std::string{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()}
                                 : positional.front();

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
            if (!ids) return std::printf("%zu\n", tok.value()->count(text, polyllm::count_threads{})), 0;
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
    std::printf("%zu\n", count.tokens);
    if (!count.exact && !missing_vocabulary.empty())
        std::fprintf(stderr, "polyllm: note: an estimate: %s\n", missing_vocabulary.c_str());
    else if (!count.exact)
        std::fprintf(stderr, "polyllm: note: an estimate (no exact tokenizer for %s)\n", cfg.model.c_str());
    return 0;
}

}  // namespace polyllm_cli
