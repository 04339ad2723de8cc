#pragma once

#include "FrameRules.h"
#include "Profile.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heapline {

enum class Grouping {
    Callsite, // the full stack
    Function, // where: the first frame, from the allocation outward, that is the user's own code
    File,
    Line, // file:line of that frame
    Module,
    Type,
};

const char* groupingName(Grouping g); // "callsite", "function" …
// A function's key by function: its name, and for a lambda's call operator as DWARF names it its
// file's, "operator() (worker.cpp)".
std::string functionKey(std::string name, std::string_view file);
std::optional<Grouping> parseGrouping(std::string_view name);
constexpr Grouping AllGroupings[] = { Grouping::Callsite, Grouping::Function, Grouping::File,
                                      Grouping::Line, Grouping::Module, Grouping::Type };

// What the analysis knows about a profile beyond the profile itself: each frame's role, each
// callsite's "where" frame and type, and the key of every callsite in every grouping. Built once
// per profile (lazily per grouping) and shared, like the profile, between threads.
class Analysis {
public:
    explicit Analysis(std::shared_ptr<const Profile> profile, FrameRules rules = FrameRules::defaults());

    const Profile& profile() const { return *m_profile; }
    const std::shared_ptr<const Profile>& profilePtr() const { return m_profile; }
    const FrameRules& rules() const { return m_rules; }

    FrameRole role(FrameId frame) const { return m_frameRoles[frame.value]; }
    // The frame a user means by "where": the first frame, walking from the allocation outward,
    // that is neither plumbing nor system code; when there is none, the leaf past the allocator
    // (the first frame that is not plumbing; the leaf itself if every frame is).
    FrameId whereFrame(CallsiteId c) const { return m_where[c.value]; }
    // The first frame that is not allocator plumbing (its module is the callsite's module).
    FrameId moduleFrame(CallsiteId c) const { return m_moduleFrame[c.value]; }
    // The allocated type, given by the format or read off the stack; "untyped" otherwise.
    const std::string& type(CallsiteId c) const { return m_typeNames[m_typeOf[c.value]]; }

    // Callsites grouped by a key. By callsite, every callsite is its own group (group == callsite)
    // and keys are made only when asked for: a stack's key is long and there may be 100 000.
    struct Groups {
        std::vector<uint32_t> groupOf; // by callsite; empty for Grouping::Callsite
        std::vector<std::string> keys; // by group; empty for Grouping::Callsite
        size_t count = 0; // hidden included
        // The group that collects what this grouping leaves out (census rows, or with a census,
        // traced rows by type); never a row.
        std::optional<uint32_t> hidden;
        uint32_t of(CallsiteId c) const { return groupOf.empty() ? c.value : groupOf[c.value]; }
        bool isHidden(uint32_t group) const { return hidden && group == *hidden; }
    };
    const Groups& groups(Grouping grouping) const;
    std::string groupKey(Grouping grouping, uint32_t group) const;

    // Display text of a frame: "function (file:line)" or "function (in module)".
    // With fileNamesOnly, files and modules without their folders.
    std::string frameLabel(FrameId frame, bool fileNamesOnly = false) const;
    // A callsite's stack as one string, allocation first: the key callsites are matched by
    // (symbolized frames, never addresses). Where the frames nearest the allocation are
    // plumbing (an allocator, a container, a library) and a frame of the user's own comes after
    // them, that frame leads and they follow it: "openSession (s.cpp:31) [via allocate
    // (new_allocator.h:137) <- …] <- main (s.cpp:41)" — a table's column shows what a user looks
    // for first, not std::__new_allocator.
    std::string stackKey(CallsiteId c) const;
    // The same for a line of prose (the Summary's suspects, a legend): file names without their
    // folders, the plumbing before the leading frame counted, and after it the next `callers`
    // frames of the user's own, "…" for the rest: "cacheResult(int) (requestlog.cpp:19) [via 9
    // library frames] <- main (requestlog.cpp:26)". stackKey stays the name it is matched by.
    // Without the plumbing, where room is short (a list, a legend): "cacheResult(int)
    // (requestlog.cpp:19) <- main (requestlog.cpp:26)".
    std::string shortStackKey(CallsiteId c, size_t callers = 2, bool plumbing = true) const;
    // A hash of the same: matches callsites across two profiles without building every key.
    uint64_t stackHash(CallsiteId c) const;

    // Whether the callsite allocated while the dynamic loader ran a library's initialisation
    // (glibc's _dl_init: its static constructors) with no frame of the program's own between, or
    // while Python imported a module (its import machinery between the allocation and the
    // program's first frame): the C++ runtime's pool for exceptions, numpy's tables. Worked out for
    // every callsite at once, on first use.
    bool madeWhileLoading(CallsiteId c) const;
    // The same for every callsite, by callsite: for a loop over many, one check of the once_flag.
    const std::vector<bool>& callsitesMadeWhileLoading() const;
    // Whether the callsite is glibc's storage for a thread's thread-local variables: its dynamic
    // thread vector and static TLS block, made by pthread_create (allocate_stack), or a module's
    // block made at a thread's first use of it (__tls_get_addr), before any frame of the program's
    // own. Each running thread holds it, and gives it back as it ends (joined, or detached and
    // returned).
    bool madeForThread(CallsiteId c) const;

    static constexpr const char* Untyped = "untyped";

private:
    // Where the user's frame that leads a callsite's key stands in its stack (stackOf), or none
    // where no frame of the user's leads.
    std::optional<size_t> leadingFrame(CallsiteId c, const std::vector<FrameId>& stack) const;
    Groups build(Grouping grouping) const;

    std::shared_ptr<const Profile> m_profile;
    FrameRules m_rules;
    std::vector<FrameRole> m_frameRoles;
    std::vector<FrameId> m_where;
    std::vector<FrameId> m_moduleFrame;
    std::vector<uint32_t> m_typeOf;
    std::vector<std::string> m_typeNames;

    // Each grouping built once, on first use, by the thread that asks first; a thread asking for
    // another grouping meanwhile does not wait for it (a first screen builds one grouping's
    // groups while the diff by callsite starts beside it).
    mutable std::once_flag m_loadedFound;
    mutable std::vector<bool> m_loaded; // by callsite
    mutable std::once_flag m_groupsBuilt[std::size(AllGroupings)];
    mutable std::unique_ptr<Groups> m_groups[std::size(AllGroupings)];
};

} // namespace heapline
