#pragma once
/// @file
/// @brief The definitions of <polyllm/auth/rs256.hpp>.
/// That header includes this file at its end in header-only programs; <polyllm/src.hpp> compiles it once under
/// POLYLLM_SEPARATE_COMPILATION (Asio's impl/*.ipp layout).

#include <polyllm/auth/rs256.hpp>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

POLYLLM_NAMESPACE_BEGIN
namespace detail {
struct evp_pkey_free {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct evp_md_ctx_free {
    void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
struct bio_free {
    void operator()(BIO* p) const noexcept { BIO_free(p); }
};
using evp_pkey_ptr = std::unique_ptr<EVP_PKEY, evp_pkey_free>;
using evp_md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, evp_md_ctx_free>;

// The key text stays in the caller's memory: the BIO reads it in place, and a passphrase callback that refuses keeps
// an encrypted key from prompting on the terminal.
inline evp_pkey_ptr read_pem_key(std::string_view pem, bool is_private) {
    if (pem.size() > 1u << 20) return nullptr;
    std::unique_ptr<BIO, bio_free> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return nullptr;
    auto refuse = [](char*, int, int, void*) -> int { return 0; };
    evp_pkey_ptr key(is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse, nullptr)
                                : PEM_read_bio_PUBKEY(bio.get(), nullptr, refuse, nullptr));
    if (key && EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) return nullptr;
    return key;
}
}  // namespace detail

namespace auth {

POLYLLM_DECL result<std::string> rs256_sign(std::string_view signing_input, std::string_view pem) {
    const auto key = detail::read_pem_key(pem, true);
    // OpenSSL's own error queue may hold text derived from the key's bytes: it is cleared, never shown.
    if (!key) {
        ERR_clear_error();
        return error{errc::invalid_config, "the private key is not a PEM RSA private key"};
    }
    detail::evp_md_ctx_ptr ctx(EVP_MD_CTX_new());
    std::size_t size = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(signing_input.data()),
                       signing_input.size()) != 1) {
        ERR_clear_error();
        return error{errc::invalid_config, "RS256 signing failed"};
    }
    std::string signature(size, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) != 1) {
        ERR_clear_error();
        return error{errc::invalid_config, "RS256 signing failed"};
    }
    signature.resize(size);
    return signature;
}

POLYLLM_DECL bool rs256_verify(std::string_view signing_input, std::string_view signature,
                               std::string_view public_pem) {
    const auto key = detail::read_pem_key(public_pem, false);
    detail::evp_md_ctx_ptr ctx(EVP_MD_CTX_new());
    const bool ok = key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
                    EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                                     signature.size(), reinterpret_cast<const unsigned char*>(signing_input.data()),
                                     signing_input.size()) == 1;
    ERR_clear_error();
    return ok;
}

}  // namespace auth
POLYLLM_NAMESPACE_END
