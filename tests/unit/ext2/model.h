// What a file system should hold after a workload, kept by the tests
// independently of the library, and the check of an image against it with
// the host's own tools: e2fsck -fn must pass, and debugfs rdump must recreate
// exactly the model's files, folders and symlinks.
#pragma once
#include <map>
#include <set>
#include <string>
#include "image_tools.h"

namespace ext2test {

struct Model {
    std::map<std::string, std::string> files;   // absolute path -> contents
    std::set<std::string> dirs{"/", "/lost+found"};
    std::map<std::string, std::string> links;   // absolute path -> target

    std::string parent_of(const std::string& path) const;
    bool exists(const std::string& path) const { return files.count(path) || dirs.count(path) || links.count(path); }
    bool is_empty_dir(const std::string& path) const;
    void remove(const std::string& path);
    // Moves `from` (and, for a folder, everything below it) to `to`.
    void rename(const std::string& from, const std::string& to);
};

// Runs e2fsck -fn and compares an rdump of the image with the model. `scratch`
// is a folder the dump may go into.
void expect_image_matches(const std::string& image, const Model& model, const std::string& scratch);

} // namespace ext2test
