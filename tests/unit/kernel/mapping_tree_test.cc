// kernel::MappingTree (kernel/lib/mapping_tree.h): derivation, recursive
// revocation, grant and extension, with a fake address space as the owner
// and an allocator that counts every node, so leaks and double frees show.
#include "lib/mapping_tree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <unordered_map>
#include <vector>

namespace {

using kapi::rights::r;
using kapi::rights::rw;
using kapi::rights::rwx;
using kapi::rights::rx;
using kapi::rights::w;
using kapi::rights::x;

struct Space;
using Node = kernel::Mapping<Space>;

// Stands in for an address space: its "page table" is the node mapped at
// each virtual address.
struct Space {
    int id = 0;
    std::map<uint32_t, Node*> pages;
};

// Hands out nodes from the host heap and keeps the set of live ones.
class CountingAllocator {
public:
    ~CountingAllocator()
    {
        for (Node* n : live_)
            delete n;
    }

    Node* allocate()
    {
        if (out_of_memory_)
            return nullptr;
        Node* n = new Node;
        live_.insert(n);
        ++allocations_;
        return n;
    }

    void release(Node* n)
    {
        if (live_.erase(n) == 0) {
            ADD_FAILURE() << "release of a node that is not live (double free?) " << n;
            return;
        }
        ++releases_;
        delete n;
    }

    void set_out_of_memory(bool oom) { out_of_memory_ = oom; }
    size_t live() const { return live_.size(); }
    bool is_live(const Node* n) const { return live_.count(const_cast<Node*>(n)) != 0; }
    const std::set<Node*>& nodes() const { return live_; }
    size_t allocations() const { return allocations_; }
    size_t releases() const { return releases_; }

private:
    std::set<Node*> live_;
    size_t allocations_ = 0, releases_ = 0;
    bool out_of_memory_ = false;
};

using Tree = kernel::MappingTree<Space, CountingAllocator>;

// The owner's side of a revocation: records every call, updates the fake page
// table like Space::update does, and returns the rights "the hardware saw" for
// the node (set per node by the test).
struct Recorder {
    struct Change {
        const Node* node;
        uint32_t new_rights;
    };
    std::vector<Change> changes;
    std::unordered_map<const Node*, uint32_t> seen;

    uint32_t operator()(Node* n, uint32_t new_rights)
    {
        changes.push_back({n, new_rights});
        auto& pages = n->owner->pages;
        auto it = pages.find(n->vaddr);
        if (it == pages.end() || it->second != n)
            ADD_FAILURE() << "on_change for a node its owner does not map";
        else if (!(new_rights & r))
            pages.erase(it);
        auto s = seen.find(n);
        return s == seen.end() ? 0 : s->second;
    }

    std::vector<const Node*> order() const
    {
        std::vector<const Node*> v;
        for (auto& c : changes)
            v.push_back(c.node);
        return v;
    }
};

std::vector<Node*> children_of(const Node* n)
{
    std::vector<Node*> v;
    for (Node* c = n->first_child; c; c = c->next_sibling)
        v.push_back(c);
    return v;
}

// All nodes of the subtree at `root`, root first (iterative: chains are deep).
std::vector<Node*> subtree(Node* root)
{
    std::vector<Node*> out, stack{root};
    while (!stack.empty()) {
        Node* n = stack.back();
        stack.pop_back();
        out.push_back(n);
        for (Node* c = n->first_child; c; c = c->next_sibling)
            stack.push_back(c);
    }
    return out;
}

// Checks every invariant of the header comment over all live nodes, plus
// that every live node is reachable from a sigma0 root (no leak) and mapped
// by its owner.
void check_invariants(const CountingAllocator& alloc)
{
    size_t reachable = 0;
    for (Node* n : alloc.nodes()) {
        ASSERT_TRUE(n->rights & r) << "node without read access";
        ASSERT_EQ(n->rights & ~rwx, 0u);
        if (Node* p = n->parent) {
            ASSERT_TRUE(alloc.is_live(p)) << "parent freed before its child";
            ASSERT_EQ(n->rights & ~p->rights, 0u) << "child has rights its parent lacks";
            if (n->prev_sibling) {
                ASSERT_TRUE(alloc.is_live(n->prev_sibling));
                ASSERT_EQ(n->prev_sibling->next_sibling, n);
                ASSERT_EQ(n->prev_sibling->parent, p);
            } else {
                ASSERT_EQ(p->first_child, n) << "first sibling is not its parent's first child";
            }
            if (n->next_sibling) {
                ASSERT_TRUE(alloc.is_live(n->next_sibling));
                ASSERT_EQ(n->next_sibling->prev_sibling, n);
                ASSERT_EQ(n->next_sibling->parent, p);
            }
        } else {
            ASSERT_EQ(n->prev_sibling, nullptr) << "sigma0 node with siblings";
            ASSERT_EQ(n->next_sibling, nullptr) << "sigma0 node with siblings";
            reachable += subtree(n).size();
        }
        if (n->first_child) {
            ASSERT_TRUE(alloc.is_live(n->first_child));
            ASSERT_EQ(n->first_child->parent, n);
            ASSERT_EQ(n->first_child->prev_sibling, nullptr);
        }
        ASSERT_NE(n->owner, nullptr);
        auto it = n->owner->pages.find(n->vaddr);
        ASSERT_TRUE(it != n->owner->pages.end() && it->second == n) << "node not in its owner's page table";
    }
    ASSERT_EQ(reachable, alloc.live()) << "live nodes not reachable from any sigma0 root (leaked)";
}

// Post-order: every node is reported after all nodes below it.
void expect_children_before_parents(const Recorder& rec, const std::map<const Node*, const Node*>& parent_of)
{
    std::map<const Node*, size_t> position;
    for (size_t i = 0; i < rec.changes.size(); ++i)
        EXPECT_TRUE(position.emplace(rec.changes[i].node, i).second) << "node reported twice";
    for (auto& [node, pos] : position) {
        auto p = parent_of.find(node);
        ASSERT_TRUE(p != parent_of.end());
        auto pp = position.find(p->second);
        if (pp != position.end()) {
            EXPECT_LT(pos, pp->second) << "parent reported before its child";
        }
    }
}

std::map<const Node*, const Node*> parents_in(Node* root)
{
    std::map<const Node*, const Node*> m;
    for (Node* n : subtree(root))
        m[n] = n->parent;
    return m;
}

class MappingTree : public testing::Test {
protected:
    // A node in `to` derived from `parent` (nullptr: sigma0), mapped at a
    // fresh address as the kernel's page table would have it.
    Node* map(Node* parent, Space& to, uint32_t rights)
    {
        Node* n = tree.derive(parent, &to, next_vaddr, rights);
        next_vaddr += 0x1000;
        if (n)
            to.pages[n->vaddr] = n;
        return n;
    }

    // A chain of `length` nodes below `root`, alternating between spaces b and c.
    std::vector<Node*> chain(Node* root, int length, uint32_t rights = rwx)
    {
        std::vector<Node*> v{root};
        for (int i = 0; i < length; ++i)
            v.push_back(map(v.back(), i % 2 ? c : b, rights));
        return v;
    }

    void TearDown() override
    {
        check_invariants(alloc);
        // Whatever is left goes with its sigma0 root; then nothing may be live.
        std::vector<Node*> roots;
        for (Node* n : alloc.nodes())
            if (!n->parent)
                roots.push_back(n);
        Recorder rec;
        for (Node* root : roots)
            tree.revoke(root, rwx, true, rec);
        EXPECT_EQ(alloc.live(), 0u) << "nodes leaked";
        EXPECT_EQ(alloc.allocations(), alloc.releases());
        for (Space* s : {&a, &b, &c, &d})
            EXPECT_TRUE(s->pages.empty()) << "space " << s->id << " still maps pages";
    }

    CountingAllocator alloc;
    Tree tree{alloc};
    Space a{1, {}}, b{2, {}}, c{3, {}}, d{4, {}};
    uint32_t next_vaddr = 0x1000;
};

// ---------------------------------------------------------------------------
// derive

TEST_F(MappingTree, DeriveFromSigma0KeepsRequestedRightsAndHasNoSiblings)
{
    Node* n = tree.derive(nullptr, &a, 0x5000, rx);
    ASSERT_NE(n, nullptr);
    a.pages[0x5000] = n;
    EXPECT_EQ(n->owner, &a);
    EXPECT_EQ(n->vaddr, 0x5000u);
    EXPECT_EQ(n->rights, rx);
    EXPECT_EQ(n->parent, nullptr);
    EXPECT_EQ(n->first_child, nullptr);
    EXPECT_EQ(n->next_sibling, nullptr);
    EXPECT_EQ(n->prev_sibling, nullptr);
    // A second sigma0 node of the same frame is not linked to the first.
    Node* m = map(nullptr, b, rwx);
    EXPECT_EQ(m->rights, rwx);
    EXPECT_EQ(m->next_sibling, nullptr);
    EXPECT_EQ(n->next_sibling, nullptr);
}

TEST_F(MappingTree, DeriveFromNodeMakesNewestChildTheFirst)
{
    Node* root = map(nullptr, a, rwx);
    Node* c1 = map(root, b, rwx);
    Node* c2 = map(root, c, rwx);
    Node* c3 = map(root, d, rwx);
    EXPECT_EQ(children_of(root), (std::vector<Node*>{c3, c2, c1}));
    EXPECT_EQ(c3->prev_sibling, nullptr);
    EXPECT_EQ(c1->next_sibling, nullptr);
    for (Node* ch : {c1, c2, c3}) {
        EXPECT_EQ(ch->parent, root);
        EXPECT_EQ(ch->first_child, nullptr);
    }
    EXPECT_EQ(c2->owner, &c);
    check_invariants(alloc);
}

TEST_F(MappingTree, DeriveClipsRightsToTheParents)
{
    for (uint32_t parent_rights : {r, rw, rx, rwx}) {
        Node* parent = map(nullptr, a, parent_rights);
        for (uint32_t requested = 0; requested <= rwx; ++requested) {
            if (!(requested & r))
                continue;                     // callers never derive without read
            Node* child = map(parent, b, requested);
            EXPECT_EQ(child->rights, requested & parent_rights)
                << "parent " << parent_rights << " requested " << requested;
            Node* grandchild = map(child, c, rwx);
            EXPECT_EQ(grandchild->rights, child->rights);
        }
    }
    check_invariants(alloc);
}

TEST_F(MappingTree, DeriveWithoutReadIsRefusedAndAllocatesNothing)
{
    Node* parent = map(nullptr, a, rwx);
    size_t before = alloc.allocations();
    for (uint32_t requested : {0u, w, x, w | x})
        EXPECT_EQ(tree.derive(parent, &b, 0x9000, requested), nullptr) << "rights " << requested;
    EXPECT_EQ(tree.derive(nullptr, &b, 0x9000, w), nullptr);
    Node* read_only = map(nullptr, a, r);
    EXPECT_EQ(tree.derive(read_only, &b, 0x9000, w | x), nullptr);   // nothing left after clipping
    EXPECT_EQ(alloc.allocations(), before + 1);                       // only read_only
    check_invariants(alloc);
}

TEST_F(MappingTree, AncestorOrSelfFollowsTheDerivationChainOnly)
{
    std::vector<Node*> v = chain(map(nullptr, a, rwx), 4);
    Node* sibling = map(v[1], d, rwx);
    for (size_t i = 0; i < v.size(); ++i)
        for (size_t k = 0; k < v.size(); ++k)
            EXPECT_EQ(Tree::is_ancestor_or_self(v[i], v[k]), i <= k) << i << " of " << k;
    EXPECT_TRUE(Tree::is_ancestor_or_self(v[1], sibling));
    EXPECT_FALSE(Tree::is_ancestor_or_self(v[2], sibling));
    EXPECT_FALSE(Tree::is_ancestor_or_self(sibling, v[4]));
}

TEST_F(MappingTree, DeriveReturnsNullWhenOutOfMemoryAndChangesNothing)
{
    Node* root = map(nullptr, a, rwx);
    Node* child = map(root, b, rwx);
    alloc.set_out_of_memory(true);
    EXPECT_EQ(tree.derive(root, &c, 0x9000, rwx), nullptr);
    EXPECT_EQ(tree.derive(nullptr, &c, 0x9000, rwx), nullptr);
    alloc.set_out_of_memory(false);
    EXPECT_EQ(children_of(root), std::vector<Node*>{child});
    EXPECT_EQ(child->prev_sibling, nullptr);
    EXPECT_EQ(alloc.live(), 2u);
}

// ---------------------------------------------------------------------------
// revoke: whole subtrees

TEST_F(MappingTree, RevokeRemovesWholeSubtreeChildrenFirst)
{
    // root
    // ├─ n1 ─ n11, n12 ─ n121
    // ├─ n2
    // └─ n3 ─ n31 ─ three leaves
    Node* root = map(nullptr, a, rwx);
    Node* n1 = map(root, b, rwx);
    map(n1, c, rw);
    Node* n12 = map(n1, c, rx);
    map(n12, d, r);
    map(root, c, rwx);
    Node* n3 = map(root, d, rwx);
    Node* n31 = map(n3, a, rw);
    for (int i = 0; i < 3; ++i)
        map(n31, b, rwx);
    ASSERT_EQ(alloc.live(), 11u);
    check_invariants(alloc);

    auto parents = parents_in(root);
    Recorder rec;
    tree.revoke(root, rwx, true, rec);
    EXPECT_EQ(rec.changes.size(), 11u);
    for (auto& ch : rec.changes)
        EXPECT_EQ(ch.new_rights, 0u);
    expect_children_before_parents(rec, parents);
    EXPECT_EQ(rec.changes.back().node, root);
    EXPECT_EQ(alloc.live(), 0u);
    EXPECT_EQ(alloc.releases(), 11u);
}

TEST_F(MappingTree, RevokeKeepsRootWhenIncludeRootIsFalse)
{
    Node* root = map(nullptr, a, rwx);
    Node* child = map(root, b, rwx);
    map(child, c, rwx);
    map(root, d, rx);
    auto parents = parents_in(root);

    Recorder rec;
    tree.revoke(root, rwx, false, rec);
    EXPECT_EQ(rec.changes.size(), 3u);
    for (auto& ch : rec.changes)
        EXPECT_NE(ch.node, root) << "the root was reported";
    expect_children_before_parents(rec, parents);
    ASSERT_EQ(alloc.live(), 1u);
    EXPECT_TRUE(alloc.is_live(root));
    EXPECT_EQ(root->rights, rwx);
    EXPECT_EQ(root->first_child, nullptr);
    EXPECT_EQ(a.pages.at(root->vaddr), root);
}

TEST_F(MappingTree, RevokeOfNodeWithoutChildrenAndIncludeRootFalseDoesNothing)
{
    Node* root = map(nullptr, a, rwx);
    Node* leaf = map(root, b, rw);
    Recorder rec;
    rec.seen[leaf] = rwx;
    EXPECT_EQ(tree.revoke(leaf, rwx, false, rec), 0u);
    EXPECT_TRUE(rec.changes.empty());
    EXPECT_EQ(leaf->rights, rw);
    EXPECT_EQ(alloc.live(), 2u);
}

TEST_F(MappingTree, RevokeWithIncludeRootUnlinksTheRootFromItsParent)
{
    Node* top = map(nullptr, a, rwx);
    Node* x1 = map(top, b, rwx);
    Node* mid = map(top, c, rwx);
    Node* x3 = map(top, d, rwx);
    map(mid, a, rwx);
    map(mid, b, rwx);

    Recorder rec;
    tree.revoke(mid, rwx, true, rec);
    EXPECT_EQ(rec.changes.size(), 3u);
    EXPECT_EQ(rec.changes.back().node, mid);
    EXPECT_EQ(children_of(top), (std::vector<Node*>{x3, x1}));
    EXPECT_EQ(top->rights, rwx);
    EXPECT_EQ(alloc.live(), 3u);
    check_invariants(alloc);
}

TEST_F(MappingTree, RevokeOfSubtreeLeavesSiblingsAndAncestorsIntact)
{
    Node* root = map(nullptr, a, rwx);
    Node* left = map(root, b, rwx);
    Node* left_child = map(left, c, rwx);
    Node* right = map(root, c, rwx);
    Node* right_child = map(right, d, rwx);
    map(right_child, a, rwx);

    Recorder rec;
    tree.revoke(right, rwx, false, rec);
    EXPECT_EQ(rec.changes.size(), 2u);
    EXPECT_EQ(right->first_child, nullptr);
    EXPECT_EQ(left->first_child, left_child);
    EXPECT_EQ(children_of(root), (std::vector<Node*>{right, left}));
    EXPECT_EQ(alloc.live(), 4u);
    check_invariants(alloc);
}

TEST_F(MappingTree, RevokeOfALeafTouchesOnlyThatLeaf)
{
    Node* root = map(nullptr, a, rwx);
    Node* other = map(root, b, rwx);
    Node* leaf = map(root, c, rwx);
    Recorder rec;
    tree.revoke(leaf, rwx, true, rec);
    ASSERT_EQ(rec.changes.size(), 1u);
    EXPECT_EQ(rec.changes[0].node, leaf);
    EXPECT_EQ(children_of(root), std::vector<Node*>{other});
    EXPECT_EQ(other->prev_sibling, nullptr);
    EXPECT_TRUE(c.pages.empty());
}

TEST_F(MappingTree, RevokeOfSigma0NodeWithIncludeRootFreesItsTree)
{
    Node* root = map(nullptr, a, rwx);
    chain(root, 10);
    Recorder rec;
    tree.revoke(root, rwx, true, rec);
    EXPECT_EQ(rec.changes.size(), 11u);
    EXPECT_EQ(alloc.live(), 0u);
    EXPECT_TRUE(a.pages.empty());
    EXPECT_TRUE(b.pages.empty());
}

TEST_F(MappingTree, RevokeDeepChainOf1000RemovesDeepestFirst)
{
    for (bool include_root : {false, true}) {
        SCOPED_TRACE(include_root ? "include_root" : "keep root");
        Node* root = map(nullptr, a, rwx);
        std::vector<Node*> nodes = chain(root, 1000);
        Recorder rec;
        tree.revoke(root, rwx, include_root, rec);
        std::vector<const Node*> expected(nodes.rbegin(), nodes.rend());
        if (!include_root)
            expected.pop_back();
        EXPECT_EQ(rec.order(), expected);
        EXPECT_EQ(alloc.live(), include_root ? 0u : 1u);
        if (!include_root) {
            EXPECT_EQ(root->first_child, nullptr);
            tree.revoke(root, rwx, true, rec);
        }
    }
}

TEST_F(MappingTree, RevokeWideFanOf1000SiblingsRemovesEveryOne)
{
    for (bool include_root : {false, true}) {
        SCOPED_TRACE(include_root ? "include_root" : "keep root");
        Node* root = map(nullptr, a, rwx);
        std::set<const Node*> kids;
        for (int i = 0; i < 1000; ++i)
            kids.insert(map(root, i % 2 ? b : c, i % 3 ? rwx : r));
        Recorder rec;
        tree.revoke(root, rwx, include_root, rec);
        auto order = rec.order();
        ASSERT_EQ(order.size(), include_root ? 1001u : 1000u);
        EXPECT_EQ(std::set<const Node*>(order.begin(), order.begin() + 1000), kids);
        if (include_root) {
            EXPECT_EQ(order.back(), root);
        }
        EXPECT_EQ(alloc.live(), include_root ? 0u : 1u);
        if (!include_root) {
            EXPECT_EQ(root->first_child, nullptr);
            tree.revoke(root, rwx, true, rec);
        }
    }
}

TEST_F(MappingTree, RevokeWideAndDeepTreeOfManyNodes)
{
    // 30 siblings, each the top of a chain of 30, each chain node with 3 leaves.
    Node* root = map(nullptr, a, rwx);
    for (int i = 0; i < 30; ++i) {
        std::vector<Node*> c30 = chain(root, 30, i % 2 ? rwx : rx);
        for (size_t j = 1; j < c30.size(); ++j)
            for (int k = 0; k < 3; ++k)
                map(c30[j], d, rwx);
    }
    ASSERT_EQ(alloc.live(), 1u + 30 * 30 * 4);
    check_invariants(alloc);
    auto parents = parents_in(root);
    Recorder rec;
    tree.revoke(root, rwx, true, rec);
    EXPECT_EQ(rec.changes.size(), 1u + 30 * 30 * 4);
    expect_children_before_parents(rec, parents);
    EXPECT_EQ(alloc.live(), 0u);
}

// ---------------------------------------------------------------------------
// revoke: some rights only

TEST_F(MappingTree, RevokeOfWriteKeepsReadableNodesAndReportsNewRights)
{
    Node* root = map(nullptr, a, rwx);
    Node* n1 = map(root, b, rwx);
    Node* n2 = map(n1, c, rw);
    Node* n3 = map(root, d, rx);
    Node* n4 = map(n3, a, r);
    std::map<const Node*, uint32_t> before;
    for (Node* n : {root, n1, n2, n3, n4})
        before[n] = n->rights;

    Recorder rec;
    tree.revoke(root, w, true, rec);
    ASSERT_EQ(rec.changes.size(), 5u);
    for (auto& ch : rec.changes)
        EXPECT_EQ(ch.new_rights, before[ch.node] & ~w);
    EXPECT_EQ(root->rights, rx);
    EXPECT_EQ(n1->rights, rx);
    EXPECT_EQ(n2->rights, r);
    EXPECT_EQ(n3->rights, rx);
    EXPECT_EQ(n4->rights, r);
    EXPECT_EQ(alloc.live(), 5u);
    check_invariants(alloc);
}

TEST_F(MappingTree, RevokeOfWriteBelowTheRootLeavesTheRootWritable)
{
    Node* root = map(nullptr, a, rwx);
    Node* n1 = map(root, b, rw);
    Node* n2 = map(n1, c, rw);
    Recorder rec;
    tree.revoke(root, w, false, rec);
    EXPECT_EQ(rec.changes.size(), 2u);
    EXPECT_EQ(root->rights, rwx);
    EXPECT_EQ(n1->rights, r);
    EXPECT_EQ(n2->rights, r);
    check_invariants(alloc);
    // Extending below a read-only node cannot bring write back.
    tree.extend(n2, rw);
    EXPECT_EQ(n2->rights, r);
}

TEST_F(MappingTree, RevokeOfReadRemovesNodesEvenIfOtherRightsRemain)
{
    Node* root = map(nullptr, a, rwx);
    Node* n1 = map(root, b, rwx);
    map(n1, c, rw);
    Recorder rec;
    tree.revoke(root, r, false, rec);
    ASSERT_EQ(rec.changes.size(), 2u);
    EXPECT_EQ(rec.changes[0].new_rights, w);           // the page table is told: no read
    EXPECT_EQ(rec.changes[1].new_rights, w | x);
    EXPECT_EQ(alloc.live(), 1u);
    EXPECT_EQ(root->first_child, nullptr);
    EXPECT_EQ(root->rights, rwx);
}

TEST_F(MappingTree, RevokeOfNoRightsReportsEveryNodeAndRemovesNone)
{
    Node* root = map(nullptr, a, rwx);
    Node* n1 = map(root, b, rx);
    Node* n2 = map(n1, c, r);
    Recorder rec;
    tree.revoke(root, 0, true, rec);
    ASSERT_EQ(rec.changes.size(), 3u);
    EXPECT_EQ(rec.changes[0].node, n2);
    EXPECT_EQ(rec.changes[0].new_rights, r);
    EXPECT_EQ(rec.changes[1].new_rights, rx);
    EXPECT_EQ(rec.changes[2].new_rights, rwx);
    EXPECT_EQ(alloc.live(), 3u);
}

TEST_F(MappingTree, RevokeReturnsTheOrOfWhatOnChangeReports)
{
    Node* root = map(nullptr, a, rwx);
    Node* n1 = map(root, b, rwx);
    Node* n2 = map(n1, c, rwx);
    Node* n3 = map(root, d, rwx);
    Recorder rec;
    rec.seen[root] = x;
    rec.seen[n1] = 0;
    rec.seen[n2] = r;
    rec.seen[n3] = w;
    EXPECT_EQ(tree.revoke(root, w, false, rec), r | w);       // the root's x is not asked
    EXPECT_EQ(tree.revoke(root, w, true, rec), r | w | x);
    rec.seen.clear();
    EXPECT_EQ(tree.revoke(root, rwx, true, rec), 0u);
    EXPECT_EQ(alloc.live(), 0u);
}

// ---------------------------------------------------------------------------
// sibling lists

class MappingTreeSiblings : public MappingTree {
protected:
    void SetUp() override
    {
        root = map(nullptr, a, rwx);
        for (int i = 0; i < 5; ++i) {
            kids.insert(kids.begin(), map(root, b, rwx));   // newest first, like the list
            map(kids.front(), c, rwx);                     // something below each
        }
    }
    void remove(size_t index)
    {
        Recorder rec;
        tree.revoke(kids[index], rwx, true, rec);
        EXPECT_EQ(rec.changes.size(), 2u);
        kids.erase(kids.begin() + index);
        EXPECT_EQ(children_of(root), kids);
        // And backwards through prev_sibling.
        std::vector<Node*> back;
        for (Node* n = kids.empty() ? nullptr : kids.back(); n; n = n->prev_sibling)
            back.push_back(n);
        EXPECT_EQ(std::vector<Node*>(back.rbegin(), back.rend()), kids);
        check_invariants(alloc);
    }

    Node* root = nullptr;
    std::vector<Node*> kids;
};

TEST_F(MappingTreeSiblings, RemovingTheFirstSiblingMakesTheSecondFirst)
{
    remove(0);
    EXPECT_EQ(root->first_child, kids.front());
    EXPECT_EQ(kids.front()->prev_sibling, nullptr);
}

TEST_F(MappingTreeSiblings, RemovingAMiddleSiblingJoinsItsNeighbours)
{
    remove(2);
    EXPECT_EQ(kids[1]->next_sibling, kids[2]);
    EXPECT_EQ(kids[2]->prev_sibling, kids[1]);
}

TEST_F(MappingTreeSiblings, RemovingTheLastSiblingEndsTheListBefore)
{
    remove(4);
    EXPECT_EQ(kids.back()->next_sibling, nullptr);
}

TEST_F(MappingTreeSiblings, RemovingAllSiblingsInMixedOrderEmptiesTheList)
{
    remove(2);
    remove(3);
    remove(0);
    remove(1);
    remove(0);
    EXPECT_EQ(root->first_child, nullptr);
    EXPECT_EQ(alloc.live(), 1u);
}

TEST_F(MappingTreeSiblings, DeriveAfterRemovalLinksAtTheFront)
{
    remove(0);
    Node* fresh = map(root, d, rwx);
    kids.insert(kids.begin(), fresh);
    EXPECT_EQ(children_of(root), kids);
    EXPECT_EQ(kids[1]->prev_sibling, fresh);
    check_invariants(alloc);
}

// ---------------------------------------------------------------------------
// move (grant) and extend

TEST_F(MappingTree, MoveKeepsTheNodesPlaceAndChildren)
{
    Node* root = map(nullptr, a, rwx);
    Node* before = map(root, b, rwx);
    Node* granted = map(root, b, rwx);
    Node* after = map(root, b, rwx);
    Node* below = map(granted, c, rw);

    b.pages.erase(granted->vaddr);
    tree.move(granted, &d, 0x7000);
    d.pages[0x7000] = granted;
    EXPECT_EQ(granted->owner, &d);
    EXPECT_EQ(granted->vaddr, 0x7000u);
    EXPECT_EQ(granted->parent, root);
    EXPECT_EQ(granted->rights, rwx);
    EXPECT_EQ(children_of(root), (std::vector<Node*>{after, granted, before}));
    EXPECT_EQ(children_of(granted), std::vector<Node*>{below});
    EXPECT_EQ(below->parent, granted);
    check_invariants(alloc);

    // Revoking from the root still reaches the moved node, in its new space.
    Recorder rec;
    tree.revoke(root, rwx, false, rec);
    EXPECT_EQ(rec.changes.size(), 4u);
    EXPECT_TRUE(d.pages.empty());
    EXPECT_EQ(alloc.live(), 1u);
}

TEST_F(MappingTree, MoveOfSigma0NodeKeepsItsSubtree)
{
    Node* root = map(nullptr, a, rwx);
    std::vector<Node*> c5 = chain(root, 5);
    a.pages.erase(root->vaddr);
    tree.move(root, &d, 0x3000);
    d.pages[0x3000] = root;
    EXPECT_EQ(root->parent, nullptr);
    EXPECT_EQ(root->first_child, c5[1]);
    check_invariants(alloc);
}

TEST_F(MappingTree, ExtendAddsRightsAsFarAsTheParentAllows)
{
    Node* root = map(nullptr, a, rx);
    Node* child = map(root, b, r);
    tree.extend(child, rwx);
    EXPECT_EQ(child->rights, rx);
    tree.extend(child, 0);
    EXPECT_EQ(child->rights, rx);                       // extend never takes away
    check_invariants(alloc);
}

TEST_F(MappingTree, ExtendOfSigma0NodeAddsAnyRights)
{
    Node* root = map(nullptr, a, r);
    Node* child = map(root, b, rwx);
    EXPECT_EQ(child->rights, r);
    tree.extend(root, w);
    EXPECT_EQ(root->rights, rw);
    EXPECT_EQ(child->rights, r);                        // children are not extended
    tree.extend(child, w);
    EXPECT_EQ(child->rights, rw);
    check_invariants(alloc);
}

// ---------------------------------------------------------------------------
// Randomized: thousands of operations mirrored on a plain reference model.

class Reference {
public:
    struct Entry {
        int parent = -1;                 // -1: sigma0
        uint32_t rights = 0;
        Space* owner = nullptr;
        uint32_t vaddr = 0;
        std::vector<int> children;       // newest first, like the sibling list
    };

    int add(int parent, Space* owner, uint32_t vaddr, uint32_t rights)
    {
        int id = next_id_++;
        Entry e;
        e.parent = parent;
        e.rights = parent < 0 ? rights : rights & entries_.at(parent).rights;
        e.owner = owner;
        e.vaddr = vaddr;
        entries_[id] = e;
        if (parent >= 0) {
            auto& kids = entries_.at(parent).children;
            kids.insert(kids.begin(), id);
        }
        return id;
    }

    // The nodes a revocation touches, each with its new rights.
    std::map<int, uint32_t> revoke(int root, uint32_t rights, bool include_root)
    {
        std::map<int, uint32_t> touched;
        std::vector<int> stack{root};
        while (!stack.empty()) {
            int id = stack.back();
            stack.pop_back();
            Entry& e = entries_.at(id);
            if (id != root || include_root)
                touched[id] = e.rights & ~rights;
            for (int ch : e.children)
                stack.push_back(ch);
        }
        for (auto& [id, remaining] : touched)
            entries_.at(id).rights = remaining;
        for (auto& [id, remaining] : touched)
            if (!(remaining & r))
                remove(id);
        return touched;
    }

    void extend(int id, uint32_t rights)
    {
        Entry& e = entries_.at(id);
        e.rights |= e.parent < 0 ? rights : rights & entries_.at(e.parent).rights;
    }

    void move(int id, Space* owner, uint32_t vaddr)
    {
        entries_.at(id).owner = owner;
        entries_.at(id).vaddr = vaddr;
    }

    const std::map<int, Entry>& entries() const { return entries_; }
    bool contains(int id) const { return entries_.count(id) != 0; }

private:
    void remove(int id)
    {
        if (!contains(id))
            return;                      // already gone with its parent
        int parent = entries_.at(id).parent;
        if (parent >= 0 && contains(parent)) {
            auto& kids = entries_.at(parent).children;
            kids.erase(std::find(kids.begin(), kids.end(), id));
        }
        entries_.erase(id);
    }

    std::map<int, Entry> entries_;
    int next_id_ = 0;
};

class MappingTreeRandom : public MappingTree {
protected:
    // What on_change returns for a node: fixed per node id, so the expected
    // result of a revocation can be computed.
    static uint32_t seen_for(int id) { return (uint32_t(id) * 2654435761u >> 13) & rwx; }

    int derive(int parent, Space* to, uint32_t rights)
    {
        uint32_t va = next_vaddr;
        next_vaddr += 0x1000;
        Node* n = tree.derive(parent < 0 ? nullptr : node_of.at(parent), to, va, rights);
        EXPECT_NE(n, nullptr);
        to->pages[va] = n;
        int id = model.add(parent, to, va, rights);
        node_of[id] = n;
        id_of[n] = id;
        return id;
    }

    void revoke(int root, uint32_t rights, bool include_root)
    {
        std::map<const Node*, const Node*> parents = parents_in(node_of.at(root));
        Recorder rec;
        for (auto& [node, parent] : parents)
            rec.seen[node] = seen_for(id_of.at(node));
        uint32_t seen = tree.revoke(node_of.at(root), rights, include_root, rec);
        std::map<int, uint32_t> expected = model.revoke(root, rights, include_root);

        std::map<int, uint32_t> reported;
        uint32_t expected_seen = 0;
        for (auto& ch : rec.changes) {
            int id = id_of.at(ch.node);
            EXPECT_TRUE(reported.emplace(id, ch.new_rights).second) << "node " << id << " reported twice";
        }
        for (auto& [id, remaining] : expected)
            expected_seen |= seen_for(id);
        EXPECT_EQ(reported, expected);
        EXPECT_EQ(seen, expected_seen);
        expect_children_before_parents(rec, parents);
        for (auto& [id, remaining] : expected)
            if (!model.contains(id)) {
                id_of.erase(node_of.at(id));
                node_of.erase(id);
            }
    }

    void extend(int id, uint32_t rights)
    {
        tree.extend(node_of.at(id), rights);
        model.extend(id, rights);
    }

    void revoke_everything()
    {
        std::vector<int> roots;
        for (auto& [id, e] : model.entries())
            if (e.parent < 0)
                roots.push_back(id);
        for (int id : roots)
            revoke(id, rwx, true);
    }

    // The tree is exactly the model: same nodes, parents, rights, owners,
    // addresses and sibling order; and every invariant holds.
    void expect_matches_model()
    {
        ASSERT_EQ(alloc.live(), model.entries().size());
        for (auto& [id, e] : model.entries()) {
            Node* n = node_of.at(id);
            ASSERT_TRUE(alloc.is_live(n)) << "node " << id;
            ASSERT_EQ(n->parent, e.parent < 0 ? nullptr : node_of.at(e.parent)) << "node " << id;
            ASSERT_EQ(n->rights, e.rights) << "node " << id;
            ASSERT_EQ(n->owner, e.owner) << "node " << id;
            ASSERT_EQ(n->vaddr, e.vaddr) << "node " << id;
            std::vector<Node*> kids;
            for (int ch : e.children)
                kids.push_back(node_of.at(ch));
            ASSERT_EQ(children_of(n), kids) << "node " << id;
        }
        check_invariants(alloc);
    }

    template <typename Rng>
    int any_node(Rng& rng)
    {
        auto it = model.entries().begin();
        std::advance(it, rng() % model.entries().size());
        return it->first;
    }

    template <typename Rng>
    int any_root(Rng& rng)
    {
        std::vector<int> roots;
        for (auto& [id, e] : model.entries())
            if (e.parent < 0)
                roots.push_back(id);
        return roots[rng() % roots.size()];
    }

    Reference model;
    std::unordered_map<int, Node*> node_of;
    std::unordered_map<const Node*, int> id_of;
};

TEST_F(MappingTreeRandom, RandomOperationsMatchAReferenceModel)
{
    Space* spaces[] = {&a, &b, &c, &d};
    int operations = 0, revocations = 0, max_nodes = 0;
    for (unsigned seed : {1u, 2u, 3u, 4u}) {
        SCOPED_TRACE(testing::Message() << "seed " << seed);
        std::mt19937 rng(seed);
        for (int step = 0; step < 3000; ++step) {
            SCOPED_TRACE(testing::Message() << "step " << step);
            int kind = model.entries().empty() ? 0 : int(rng() % 100);
            uint32_t rights = r | (rng() & (w | x));
            Space* space = spaces[rng() % 4];
            if (kind < 8) {
                derive(-1, space, rights);
            } else if (kind < 55) {
                derive(any_node(rng), space, rights);
            } else if (kind < 80) {
                uint32_t take = 1 + rng() % rwx;
                revoke(any_node(rng), take, rng() % 2);
                ++revocations;
            } else if (kind < 85 || model.entries().size() > 1500) {
                revoke(any_root(rng), rwx, rng() % 4 != 0);
                ++revocations;
            } else if (kind < 93) {
                extend(any_node(rng), rng() % (rwx + 1));
            } else {
                int id = any_node(rng);
                Node* n = node_of.at(id);
                n->owner->pages.erase(n->vaddr);
                uint32_t va = next_vaddr;
                next_vaddr += 0x1000;
                tree.move(n, space, va);
                space->pages[va] = n;
                model.move(id, space, va);
            }
            ++operations;
            max_nodes = std::max(max_nodes, int(model.entries().size()));
            ASSERT_NO_FATAL_FAILURE(expect_matches_model());
            if (HasFailure())
                return;
        }
        revoke_everything();
        ASSERT_NO_FATAL_FAILURE(expect_matches_model());
        EXPECT_EQ(alloc.live(), 0u);
    }
    RecordProperty("operations", operations);
    RecordProperty("revocations", revocations);
    RecordProperty("max_nodes", max_nodes);
    EXPECT_GT(max_nodes, 100);                    // the trees did grow
}

} // namespace
