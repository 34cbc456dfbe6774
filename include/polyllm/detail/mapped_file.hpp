#pragma once
/// @file
/// @brief A whole file's bytes, read-only, for as long as the object lives: mapped where the system can map files
/// (POSIX), else read into memory. The bytes are 8-byte aligned either way.

#include <polyllm/version.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <vector>

#if !defined(_WIN32)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

POLYLLM_NAMESPACE_BEGIN
namespace detail {

class mapped_file {
public:
    /// @brief The file's bytes, or nullptr when it cannot be opened or read (the caller has another way).
    [[nodiscard]] static std::shared_ptr<const mapped_file> open(const std::filesystem::path& file) {
        auto out = std::shared_ptr<mapped_file>(new mapped_file);
#if !defined(_WIN32)
        const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return nullptr;
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
            ::close(fd);
            return nullptr;
        }
        void* at = ::mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        ::close(fd);  // the mapping keeps the file
        if (at == MAP_FAILED) return nullptr;
        out->mapped_ = at;
        out->bytes_ = {static_cast<const unsigned char*>(at), std::size_t(st.st_size)};
#else
        std::ifstream in(file, std::ios::binary | std::ios::ate);
        if (!in) return nullptr;
        const auto size = std::streamoff(in.tellg());
        if (size <= 0) return nullptr;
        out->copy_.resize((std::size_t(size) + 7) / 8);
        in.seekg(0);
        if (!in.read(reinterpret_cast<char*>(out->copy_.data()), std::streamsize(size))) return nullptr;
        out->bytes_ = {reinterpret_cast<const unsigned char*>(out->copy_.data()), std::size_t(size)};
#endif
        return out;
    }

    mapped_file(const mapped_file&) = delete;
    mapped_file& operator=(const mapped_file&) = delete;
    ~mapped_file() {
#if !defined(_WIN32)
        if (mapped_) ::munmap(mapped_, bytes_.size());
#endif
    }

    [[nodiscard]] std::span<const unsigned char> bytes() const noexcept { return bytes_; }

private:
    mapped_file() = default;
    std::span<const unsigned char> bytes_;
    void* mapped_ = nullptr;
    std::vector<std::uint64_t> copy_;  // where there is no mapping
};

}  // namespace detail
POLYLLM_NAMESPACE_END
