#pragma once
/// @file
/// @brief The definitions of <polyllm/testing/local_vocabulary.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/testing/local_vocabulary.hpp>

#include <polyllm/detail/utf8_path.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

POLYLLM_NAMESPACE_BEGIN
namespace testing {

POLYLLM_DECL std::optional<planned_response> vocabulary_reply(const server_request& req,
                                                              const local_server_options& options) {
    const std::string_view target = req.target;
    const std::string_view path = target.substr(0, target.find('?'));
    if (options.tiktoken_dir.empty() || path.substr(0, local_vocabulary_prefix.size()) != local_vocabulary_prefix)
        return std::nullopt;
    const std::string_view name = path.substr(local_vocabulary_prefix.size());
    planned_response out;
    out.headers.emplace_back("content-type", "application/octet-stream");
    // One file name of the directory, nothing above or below it.
    const bool plain_name = !name.empty() && name.find('/') == std::string_view::npos &&
                            name.find('\\') == std::string_view::npos && name != "." && name != "..";
    std::ifstream in;
    if (plain_name) in.open(polyllm::detail::path_from_utf8(options.tiktoken_dir) / polyllm::detail::path_from_utf8(name),
                            std::ios::binary);
    if (req.method != "GET") {
        out.status = 405;
        out.body = "use GET for " + std::string(path);
    } else if (!in) {
        out.status = 404;
        out.body = "no vocabulary " + std::string(name);
    } else {
        std::ostringstream bytes;
        bytes << in.rdbuf();
        out.body = std::move(bytes).str();
        if (options.vocabulary_fault == "corrupt" && !out.body.empty())
            out.body[out.body.size() / 2] = char(out.body[out.body.size() / 2] ^ 0x20);
        out.drop_midway = options.vocabulary_fault == "cut";
    }
    out.headers.front().second = out.status == 200 ? "application/octet-stream" : "text/plain";
    return out;
}

}  // namespace testing
POLYLLM_NAMESPACE_END
