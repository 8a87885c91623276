// Host helpers for the ext2 tests (see image_tools.h).
#include "image_tools.h"
#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ext2 {
void PrintTo(Error error, std::ostream* os) { *os << message_template(error); }
} // namespace ext2

namespace ext2test {

namespace fs = std::filesystem;

CommandResult run(const std::string& command, bool merge_stderr)
{
    CommandResult result;
    std::string full = command + (merge_stderr ? " 2>&1" : " 2>/dev/null");
    FILE* pipe = popen(full.c_str(), "r");
    if (pipe == nullptr)
        return result;
    char buffer[65536];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
        result.output.append(buffer, n);
    int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string quote(const std::string& text)
{
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

TempDir::TempDir()
{
    const char* base = getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/ext2_test.XXXXXX";
    std::vector<char> name(templ.begin(), templ.end());
    name.push_back('\0');
    if (mkdtemp(name.data()) == nullptr)
        ADD_FAILURE() << "mkdtemp failed: " << strerror(errno);
    path_ = name.data();
}

TempDir::~TempDir()
{
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

void write_file(const std::string& path, const std::string& contents)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    ASSERT_TRUE(out.good()) << path;
}

void make_dirs(const std::string& path) { fs::create_directories(path); }

void make_symlink(const std::string& target, const std::string& path) { fs::create_symlink(target, path); }

void write_sparse_file(const std::string& path, uint64_t size, const std::map<uint64_t, std::string>& pieces)
{
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0) << path;
    ASSERT_EQ(ftruncate(fd, static_cast<off_t>(size)), 0);
    for (const auto& [offset, bytes] : pieces)
        ASSERT_EQ(pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset)), static_cast<ssize_t>(bytes.size()));
    close(fd);
}

std::string pattern(size_t size, uint32_t seed)
{
    std::string out(size, '\0');
    uint32_t x = seed * 2654435761u + 12345;
    for (size_t i = 0; i < size; ++i) {
        x = x * 1103515245u + 12345u;
        out[i] = static_cast<char>((x >> 16) ^ (i >> 10));
    }
    return out;
}

void make_image(const ImageOptions& o, const std::string& source, const std::string& image)
{
    std::ostringstream command;
    command << ARC_MKE2FS " -q -F -t ext2 -b " << o.block_size << " -r " << o.revision;
    if (o.revision == 1)
        command << " -I " << o.inode_size;
    if (!o.features.empty())
        command << " -O " << o.features;
    if (!o.extra.empty())
        command << " " << o.extra;
    if (!source.empty())
        command << " -d " << quote(source);
    command << " " << quote(image) << " " << o.size;
    CommandResult r = run(command.str());
    ASSERT_EQ(r.exit_code, 0) << command.str() << "\n" << r.output;
}

CommandResult fsck(const std::string& image) { return run(std::string(ARC_E2FSCK) + " -fn " + quote(image)); }

std::string superblock_count_problems(const std::string& image)
{
    std::istringstream lines(run(std::string(ARC_DUMPE2FS) + " " + quote(image), false).output);
    std::string line;
    uint64_t super_blocks = UINT64_MAX, super_inodes = UINT64_MAX, group_blocks = 0, group_inodes = 0;
    unsigned groups = 0;
    while (std::getline(lines, line)) {
        unsigned long long blocks, inodes;
        if (sscanf(line.c_str(), "Free blocks: %llu", &blocks) == 1 && super_blocks == UINT64_MAX)
            super_blocks = blocks;
        else if (sscanf(line.c_str(), "Free inodes: %llu", &inodes) == 1 && super_inodes == UINT64_MAX)
            super_inodes = inodes;
        else if (sscanf(line.c_str(), " %llu free blocks, %llu free inodes", &blocks, &inodes) == 2) {
            group_blocks += blocks;
            group_inodes += inodes;
            ++groups;
        }
    }
    std::ostringstream problems;
    if (groups == 0)
        problems << "dumpe2fs listed no groups; ";
    if (super_blocks != group_blocks)
        problems << "superblock free blocks " << super_blocks << " != groups' " << group_blocks << "; ";
    if (super_inodes != group_inodes)
        problems << "superblock free inodes " << super_inodes << " != groups' " << group_inodes << "; ";
    return problems.str();
}

void expect_clean(const std::string& image)
{
    CommandResult check = fsck(image);
    EXPECT_EQ(check.exit_code, 0) << check.output;
    EXPECT_EQ(superblock_count_problems(image), "");
}

std::string debugfs_cat(const std::string& image, const std::string& path)
{
    return run(std::string(ARC_DEBUGFS) + " -R " + quote("cat " + path) + " " + quote(image), false).output;
}

std::set<std::string> debugfs_names(const std::string& image, const std::string& dir)
{
    // Each line: /inode/mode/uid/gid/name/size/ (names in these tests have no '/').
    std::set<std::string> names;
    std::istringstream lines(run(std::string(ARC_DEBUGFS) + " -R " + quote("ls -p " + dir) + " " + quote(image), false).output);
    std::string line;
    while (std::getline(lines, line)) {
        std::vector<std::string> fields;
        std::string field;
        std::istringstream parts(line);
        while (std::getline(parts, field, '/'))
            fields.push_back(field);
        if (fields.size() >= 6 && !fields[5].empty())
            names.insert(fields[5]);
    }
    return names;
}

uint32_t debugfs_bmap(const std::string& image, const std::string& path, uint32_t logical)
{
    std::string out =
        run(std::string(ARC_DEBUGFS) + " -R " + quote("bmap " + path + " " + std::to_string(logical)) + " " + quote(image), false).output;
    return static_cast<uint32_t>(strtoul(out.c_str(), nullptr, 10));
}

uint64_t debugfs_inode_offset(const std::string& image, const std::string& path)
{
    // "Inode 12 is part of block group 0\n\tlocated at block 37, offset 0x0580"
    std::string out = run(std::string(ARC_DEBUGFS) + " -R " + quote("imap " + path) + " " + quote(image), false).output;
    size_t at = out.find("located at block ");
    EXPECT_NE(at, std::string::npos) << out;
    if (at == std::string::npos)
        return 0;
    uint64_t block = strtoull(out.c_str() + at + 17, nullptr, 10);
    size_t off = out.find("offset 0x", at);
    uint64_t offset = strtoull(out.c_str() + off + 9, nullptr, 16);
    std::string size_line = run(std::string(ARC_DUMPE2FS) + " -h " + quote(image), false).output;
    size_t bs_at = size_line.find("Block size:");
    uint64_t block_size = strtoull(size_line.c_str() + bs_at + 11, nullptr, 10);
    return block * block_size + offset;
}

std::string debugfs_stat(const std::string& image, const std::string& path)
{
    return run(std::string(ARC_DEBUGFS) + " -R " + quote("stat " + path) + " " + quote(image), false).output;
}

std::vector<uint8_t> read_bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    std::vector<uint8_t> bytes(static_cast<size_t>(in.tellg()));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return bytes;
}

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

FileDevice::FileDevice(const std::string& path)
{
    fd_ = open(path.c_str(), O_RDWR);
    struct stat st {};
    if (fd_ >= 0 && fstat(fd_, &st) == 0)
        sectors_ = static_cast<uint64_t>(st.st_size) / ext2::sector_size;
}

FileDevice::~FileDevice()
{
    if (fd_ >= 0)
        close(fd_);
}

ext2::Status FileDevice::read(uint64_t sector, uint32_t count, void* out)
{
    if (!ext2::sectors_inside(sector, count, sectors_))
        return ext2::fail(ext2::Error::outside_device, static_cast<uint32_t>(sector));
    size_t bytes = size_t{count} * ext2::sector_size;
    if (pread(fd_, out, bytes, static_cast<off_t>(sector * ext2::sector_size)) != static_cast<ssize_t>(bytes))
        return ext2::fail(ext2::Error::io_error, static_cast<uint32_t>(sector));
    return ext2::success();
}

ext2::Status FileDevice::write(uint64_t sector, uint32_t count, const void* data)
{
    if (!ext2::sectors_inside(sector, count, sectors_))
        return ext2::fail(ext2::Error::outside_device, static_cast<uint32_t>(sector));
    size_t bytes = size_t{count} * ext2::sector_size;
    if (pwrite(fd_, data, bytes, static_cast<off_t>(sector * ext2::sector_size)) != static_cast<ssize_t>(bytes))
        return ext2::fail(ext2::Error::io_error, static_cast<uint32_t>(sector));
    return ext2::success();
}

ext2::Status VectorDevice::read(uint64_t sector, uint32_t count, void* out)
{
    ++reads;
    if (!ext2::sectors_inside(sector, count, sector_count()))
        return ext2::fail(ext2::Error::outside_device, static_cast<uint32_t>(sector));
    memcpy(out, bytes_.data() + sector * ext2::sector_size, size_t{count} * ext2::sector_size);
    return ext2::success();
}

ext2::Status VectorDevice::write(uint64_t sector, uint32_t count, const void* data)
{
    ++writes;
    if (fail_writes)
        return ext2::fail(ext2::Error::io_error, static_cast<uint32_t>(sector));
    if (!ext2::sectors_inside(sector, count, sector_count()))
        return ext2::fail(ext2::Error::outside_device, static_cast<uint32_t>(sector));
    memcpy(bytes_.data() + sector * ext2::sector_size, data, size_t{count} * ext2::sector_size);
    return ext2::success();
}

Mounted::Mounted(const std::string& image, ext2::Access access)
    : device(image), cache(std::make_unique<ext2::BlockCache>())
{
    status = fs.mount(device, *cache, access);
    // A fixed, plausible clock: after the images' creation, far above any inode count.
    fs.set_time(static_cast<uint32_t>(time(nullptr)));
}

std::string describe(const ext2::Status& s)
{
    char buffer[160];
    return s.describe(buffer, sizeof buffer);
}

std::set<std::string> library_names(ext2::FileSystem& fs, uint32_t dir)
{
    std::set<std::string> names;
    uint64_t position = 0;
    ext2::DirEntry entry;
    for (int guard = 0; guard < 100000; ++guard) {
        ext2::Status s = fs.read_dir(dir, position, entry);
        if (s.error == ext2::Error::end_of_directory)
            break;
        EXPECT_TRUE(s.ok()) << describe(s);
        if (!s.ok())
            break;
        names.insert(entry.name);
    }
    return names;
}

std::string library_read_all(ext2::FileSystem& fs, uint32_t inode)
{
    auto st = fs.stat(inode);
    EXPECT_TRUE(st.ok()) << describe(st.status());
    if (!st.ok())
        return {};
    std::string out(st->size, '\0');
    auto got = fs.read(inode, 0, out.data(), out.size());
    EXPECT_TRUE(got.ok()) << describe(got.status());
    if (got.ok()) {
        EXPECT_EQ(*got, out.size());
    }
    return out;
}

} // namespace ext2test
