// The expected state of a file system and its check on the host (see model.h).
#include "model.h"
#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ext2test {

namespace fs = std::filesystem;

std::string Model::parent_of(const std::string& path) const
{
    size_t slash = path.rfind('/');
    return slash == 0 ? "/" : path.substr(0, slash);
}

bool Model::is_empty_dir(const std::string& path) const
{
    std::string prefix = path == "/" ? "/" : path + "/";
    auto below = [&](const auto& container) {
        for (const auto& item : container) {
            std::string name;
            if constexpr (std::is_same_v<std::decay_t<decltype(item)>, std::string>)
                name = item;
            else
                name = item.first;
            if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0)
                return true;
        }
        return false;
    };
    return !below(files) && !below(dirs) && !below(links);
}

void Model::remove(const std::string& path)
{
    files.erase(path);
    dirs.erase(path);
    links.erase(path);
}

void Model::rename(const std::string& from, const std::string& to)
{
    remove(to);
    auto move_all = [&](auto& container) {
        std::decay_t<decltype(container)> moved;
        for (auto it = container.begin(); it != container.end();) {
            std::string name;
            if constexpr (std::is_same_v<std::decay_t<decltype(*it)>, std::string>)
                name = *it;
            else
                name = it->first;
            if (name == from || name.compare(0, from.size() + 1, from + "/") == 0) {
                std::string renamed = to + name.substr(from.size());
                if constexpr (std::is_same_v<std::decay_t<decltype(*it)>, std::string>)
                    moved.insert(renamed);
                else
                    moved.emplace(renamed, it->second);
                it = container.erase(it);
            } else {
                ++it;
            }
        }
        container.insert(moved.begin(), moved.end());
    };
    move_all(files);
    move_all(dirs);
    move_all(links);
}

void expect_image_matches(const std::string& image, const Model& model, const std::string& scratch)
{
    expect_clean(image);

    std::string dump = scratch + "/dump";
    fs::remove_all(dump);
    fs::create_directories(dump);
    CommandResult r = run(std::string(ARC_DEBUGFS) + " -R " + quote("rdump / " + dump) + " " + quote(image));
    ASSERT_EQ(r.exit_code, 0) << r.output;

    Model found;
    for (auto it = fs::recursive_directory_iterator(dump); it != fs::recursive_directory_iterator(); ++it) {
        std::string path = "/" + it->path().lexically_relative(dump).string();   // no symlink resolution
        auto st = it->symlink_status();
        if (fs::is_symlink(st)) {
            found.links[path] = fs::read_symlink(it->path()).string();
        } else if (fs::is_directory(st)) {
            found.dirs.insert(path);
        } else {
            std::ifstream in(it->path(), std::ios::binary);
            std::ostringstream bytes;
            bytes << in.rdbuf();
            found.files[path] = bytes.str();
        }
    }
    EXPECT_EQ(found.dirs, model.dirs);
    EXPECT_EQ(found.links, model.links);
    // Files one by one, so that a mismatch names the file and not 1 MB of bytes.
    std::set<std::string> expected_names, found_names;
    for (const auto& [path, contents] : model.files)
        expected_names.insert(path);
    for (const auto& [path, contents] : found.files)
        found_names.insert(path);
    EXPECT_EQ(found_names, expected_names);
    for (const auto& [path, contents] : model.files) {
        auto it = found.files.find(path);
        if (it != found.files.end()) {
            EXPECT_EQ(it->second.size(), contents.size()) << path;
            EXPECT_TRUE(it->second == contents) << path << ": contents differ";
        }
    }
    fs::remove_all(dump);
}

} // namespace ext2test
