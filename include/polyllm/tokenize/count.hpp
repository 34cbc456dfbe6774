#pragma once
/// @file
/// @brief Counting the tokens of a text for a model: exact with the model's tiktoken encoding when its vocabulary
/// is available, else the estimate of approximate.hpp; the result says which (`token_count::exact`).

#include <polyllm/config.hpp>
#include <polyllm/error.hpp>
#include <polyllm/tokenize/approximate.hpp>
#include <polyllm/tokenize/encoding.hpp>
#include <polyllm/tokenize/load.hpp>
#include <polyllm/types.hpp>
#include <polyllm/version.hpp>

#include <memory>
#include <string>
#include <string_view>

POLYLLM_NAMESPACE_BEGIN

/// @brief The tokenizer of an OpenAI model, from the configured vocabulary directory. Fails with
/// `errc::unsupported` for a model without a known encoding and `errc::invalid_config` when the vocabulary
/// cannot be loaded (the message names the file and says where it was looked for).
[[nodiscard]] POLYLLM_DECL result<std::shared_ptr<const tokenizer>> tokenizer_for_model(std::string_view model,
                                                                                        const llm_config& cfg);

/// @brief The exact number of tokens of `text` for an OpenAI model (special-token text counts as text, as the API
/// does with message content). Fails as `tokenizer_for_model` does.
[[nodiscard]] POLYLLM_DECL result<token_count> exact_token_count(std::string_view model, std::string_view text,
                                                                 const llm_config& cfg);

/// @brief What the OpenAI provider's `tokenize` returns: the exact count when the model has an encoding and its
/// vocabulary is available, else the estimate (`exact == false`). Never fails.
[[nodiscard]] POLYLLM_DECL token_count openai_token_count(std::string_view model, std::string_view text,
                                                          const llm_config& cfg);

POLYLLM_NAMESPACE_END

#if POLYLLM_DEFINITIONS
#include <polyllm/tokenize/impl/count.ipp>
#endif
