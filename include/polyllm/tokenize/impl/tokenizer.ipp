#pragma once
/// @file
/// @brief The definitions of <polyllm/tokenize/tokenizer.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/tokenize/tokenizer.hpp>

#include <algorithm>
#include <exception>
#include <system_error>
#include <thread>

#if defined(__linux__)
#include <sched.h>
#endif

POLYLLM_NAMESPACE_BEGIN
namespace detail {

POLYLLM_DECL unsigned usable_cpus() noexcept {
#if defined(__linux__)
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) == 0)
        if (const int n = CPU_COUNT(&allowed); n > 0) return unsigned(n);
#endif
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace detail

POLYLLM_DECL result<tokenizer> tokenizer::create(polyllm::encoding e, polyllm::vocabulary vocab,
                                                 std::string_view source) {
    const std::string where = source.empty() ? std::string("the vocabulary") : std::string(source);
    for (const auto& special : special_tokens_of(e))
        if (!vocab.bytes_of(special.id).empty())
            return error{errc::invalid_config, where + " gives id " + std::to_string(special.id) +
                                                   " to a token, but it is the id of " +
                                                   std::string(special.text)};
    return tokenizer(e, std::move(vocab));
}

POLYLLM_DECL result<tokenizer> tokenizer::from_tiktoken(polyllm::encoding e, std::string_view file_text,
                                                        std::string_view source) {
    auto vocab = vocabulary::parse_tiktoken(file_text, source);
    if (!vocab) return std::move(vocab).error();
    return from_vocabulary(e, std::move(vocab).value(), source);
}

POLYLLM_DECL result<tokenizer> tokenizer::from_vocabulary(polyllm::encoding e, polyllm::vocabulary vocab,
                                                          std::string_view source) {
    const auto expected = detail::fingerprint_of(e);
    if (vocab.size() != expected.size || vocab.find(expected.word) != expected.id)
        return error{errc::invalid_config, std::string(source) + " is not " + std::string(to_string(e)) +
                                               " (it has " + std::to_string(vocab.size()) + " tokens; " +
                                               std::string(to_string(e)) + " has " +
                                               std::to_string(expected.size) + ")"};
    return create(e, std::move(vocab), source);
}

POLYLLM_DECL std::vector<token_id> tokenizer::encode(std::string_view text, special_tokens specials) const {
    std::vector<token_id> ids;
    ids.reserve(text.size() / 3);
    encode_to(text, specials, [&](token_id id) { ids.push_back(id); });
    return ids;
}

POLYLLM_DECL std::size_t tokenizer::count(std::string_view text, special_tokens specials) const {
    std::size_t n = 0;
    encode_to(text, specials, [&](token_id) { ++n; });
    return n;
}

POLYLLM_DECL std::size_t tokenizer::count(std::string_view text, count_threads threads,
                                         special_tokens specials) const {
    const unsigned wanted = threads.threads ? threads.threads : detail::usable_cpus();
    const auto parts = split_at_piece_boundaries(text, wanted, threads.min_bytes_per_thread);
    if (parts.size() == 1) return count(text, specials);
    std::vector<std::size_t> counts(parts.size(), 0);
    std::vector<std::exception_ptr> failures(parts.size());
    auto count_part = [&](std::size_t i) {
        try {
            counts[i] = count(parts[i], specials);
        } catch (...) {  // std::bad_alloc from a long piece's merge: rethrown on the calling thread
            failures[i] = std::current_exception();
        }
    };
    struct joiner {
        std::vector<std::thread> threads;
        ~joiner() {
            for (auto& t : threads) t.join();
        }
    } workers;
    workers.threads.reserve(parts.size() - 1);
    std::size_t here_from = parts.size();  // the parts from here on are counted on the calling thread
    for (std::size_t i = 1; i < parts.size(); ++i) {
        try {
            workers.threads.emplace_back(count_part, i);
        } catch (const std::system_error&) {  // no more threads to be had
            here_from = i;
            break;
        }
    }
    count_part(0);
    for (std::size_t i = here_from; i < parts.size(); ++i) count_part(i);
    for (auto& t : workers.threads) t.join();
    workers.threads.clear();
    for (const auto& failure : failures)
        if (failure) std::rethrow_exception(failure);
    std::size_t total = 0;
    for (const auto c : counts) total += c;
    return total;
}

POLYLLM_DECL result<std::string> tokenizer::decode(std::span<const token_id> ids) const {
    std::string out;
    for (const token_id id : ids) {
        if (const auto bytes = token_bytes(id); !bytes.empty()) out += bytes;
        else return error{errc::bad_request, "token id " + std::to_string(id) + " is not in " +
                                                 std::string(to_string(encoding_))};
    }
    return out;
}

POLYLLM_NAMESPACE_END
