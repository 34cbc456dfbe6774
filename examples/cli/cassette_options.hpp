#pragma once
// `polyllm chat --record FILE` and `--replay FILE`: the call goes through a cassette transport (polyllm/testing.hpp).
// Recording writes every HTTP exchange, credentials scrubbed, to FILE; replaying serves FILE and never opens a
// connection, so a recorded run can be shown again, byte for byte in `--json`, without a network or a key.

#include "arguments.hpp"

#include <polyllm/polyllm.hpp>
#include <polyllm/testing.hpp>

#include <optional>
#include <string>
#include <utility>

namespace polyllm_cli {

struct cassette_options {
    std::optional<std::string> record;
    std::optional<std::string> replay;

    [[nodiscard]] bool active() const noexcept { return record || replay; }

    /// Takes --record and --replay from the command line; both at once is a usage error.
    static cassette_options take(arguments& args) {
        cassette_options out{args.value("--record"), args.value("--replay")};
        if (out.record && out.replay && args.error.empty()) args.error = "give --record or --replay, not both";
        return out;
    }
};

/// A model connection whose HTTP goes through the cassette: recorded in mode `all`, replayed in mode `none`.
using cassette_client = polyllm::basic_llm<polyllm::any_provider, polyllm::cassette_transport<polyllm::asio_transport>,
                                           polyllm::exponential_backoff>;

/// Makes the connection `make_client` would make, over the cassette, and runs `call(connection)`. A usage problem
/// (no provider for the model, an unreadable cassette) is returned as an error with `errc::invalid_config`.
template <class Call>
polyllm::result<polyllm::completion> with_cassette(const cassette_options& cassette, polyllm::llm_config cfg,
                                                   const polyllm::provider_options_source& options, Call&& call) {
    auto provider = polyllm::detail::chosen_provider<polyllm::detail::provider_registry>(cfg, options);
    if (!provider) return std::move(provider).error();
    // A replay needs no key, but the provider refuses to prepare a request without one; the stand-in is never sent.
    if (cassette.replay && cfg.api_key.empty()) cfg.api_key = polyllm::secret("replayed-without-a-key");
    const polyllm::secret key = cfg.api_key;
    cassette_client llm(std::move(provider).value(), std::move(cfg));
    llm.transport().redact(key);
    auto opened = cassette.record ? llm.transport().open(*cassette.record, polyllm::record_mode::all)
                                  : llm.transport().open(*cassette.replay, polyllm::record_mode::none);
    if (!opened) {
        auto e = std::move(opened).error();
        e.code = polyllm::make_error_code(polyllm::errc::invalid_config);  // a file the user named: exit status 2
        return e;
    }
    auto reply = call(llm);
    if (const auto& failed = llm.transport().save_error()) return *failed;
    return reply;
}

}  // namespace polyllm_cli
