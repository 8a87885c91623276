// The mapping database's derivation trees, independent of page tables so the
// host unit tests can drive them.
//
// Every page mapped into an address space has one Mapping node. A node created
// by mapping a page from space A to space B is a child of A's node for that
// page; sigma0 is the implicit root of every tree (parent == nullptr means
// "derived from sigma0", which owns all physical memory and is never revoked).
//
// Invariants:
//  - a child's rights are a subset of its parent's rights;
//  - a node without read access does not exist (x86 cannot map write-only);
//  - siblings form a doubly linked list headed by parent->first_child;
//    nodes whose parent is sigma0 have no siblings (prev/next are nullptr).
// Traversals are iterative: the kernel stack is small and trees can be deep.
#pragma once
#include <stdint.h>
#include "api/types.h"

namespace kernel {

template <typename Owner>
struct Mapping {
    Owner* owner = nullptr;      // the space the page is mapped in
    uint32_t vaddr = 0;          // page-aligned address in that space
    uint32_t rights = 0;         // kapi::rights
    Mapping* parent = nullptr;
    Mapping* first_child = nullptr;
    Mapping* next_sibling = nullptr;
    Mapping* prev_sibling = nullptr;
};

// Allocator: `Mapping<Owner>* allocate()` (nullptr when out of memory) and
// `void release(Mapping<Owner>*)`.
template <typename Owner, typename Allocator>
class MappingTree {
public:
    using Node = Mapping<Owner>;

    explicit MappingTree(Allocator& allocator) : allocator_(allocator) {}

    // A new node for `owner`/`vaddr` derived from `parent` (nullptr: sigma0),
    // with `rights` clipped to the parent's. Returns nullptr if out of memory.
    // Returns nullptr too if the clipped rights lack read access (such a
    // node would break the invariants above).
    Node* derive(Node* parent, Owner* owner, uint32_t vaddr, uint32_t rights)
    {
        if (!((parent ? rights & parent->rights : rights) & kapi::rights::r))
            return nullptr;
        Node* n = allocator_.allocate();
        if (!n)
            return nullptr;
        *n = Node{};
        n->owner = owner;
        n->vaddr = vaddr;
        n->rights = parent ? (rights & parent->rights) : rights;
        n->parent = parent;
        if (parent) {
            n->next_sibling = parent->first_child;
            if (parent->first_child)
                parent->first_child->prev_sibling = n;
            parent->first_child = n;
        }
        return n;
    }

    // Takes `rights` away from every node derived from `root`, and from `root`
    // itself if `include_root`. Nodes left without read access are removed.
    // `on_change(Node*, uint32_t new_rights)` is called for each node touched
    // (before it is freed, children before parents) so the owner can update or
    // clear its page-table entry; it returns the rights the hardware saw used
    // (referenced / dirty), which are or-ed into the result.
    template <typename OnChange>
    uint32_t revoke(Node* root, uint32_t rights, bool include_root, OnChange&& on_change)
    {
        uint32_t seen = 0;
        Node* n = leftmost_leaf(root);
        for (;;) {
            Node* next = (n == root) ? nullptr : n->next_sibling ? leftmost_leaf(n->next_sibling) : n->parent;
            if (n != root || include_root)
                seen |= take_rights(n, rights, on_change);
            if (!next)
                return seen;
            n = next;
        }
    }

    // Grant: the node moves to another space and address; its place in the
    // tree, and so everything derived from it, stays. (A grant with fewer
    // rights first revokes the difference from the subtree.)
    void move(Node* n, Owner* owner, uint32_t vaddr)
    {
        n->owner = owner;
        n->vaddr = vaddr;
    }

    // True if `a` is `n` or one of the nodes `n` was derived from.
    static bool is_ancestor_or_self(const Node* a, const Node* n)
    {
        for (; n; n = n->parent)
            if (n == a)
                return true;
        return false;
    }

    // Adds rights to an existing node, as far as its parent allows.
    void extend(Node* n, uint32_t rights) { n->rights |= n->parent ? (rights & n->parent->rights) : rights; }

private:
    static Node* leftmost_leaf(Node* n)
    {
        while (n->first_child)
            n = n->first_child;
        return n;
    }

    template <typename OnChange>
    uint32_t take_rights(Node* n, uint32_t rights, OnChange& on_change)
    {
        uint32_t remaining = n->rights & ~rights;
        uint32_t seen = on_change(n, remaining);
        if (remaining & kapi::rights::r) {
            n->rights = remaining;
        } else {
            // Children lost read access first (post-order), so none are left.
            unlink(n);
            allocator_.release(n);
        }
        return seen;
    }

    static void unlink(Node* n)
    {
        if (n->prev_sibling)
            n->prev_sibling->next_sibling = n->next_sibling;
        else if (n->parent)
            n->parent->first_child = n->next_sibling;
        if (n->next_sibling)
            n->next_sibling->prev_sibling = n->prev_sibling;
    }

    Allocator& allocator_;
};

} // namespace kernel
