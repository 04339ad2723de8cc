#pragma once

#include "Series.h"

#include <optional>
#include <string>
#include <vector>

namespace heapline {

struct Mark {
    double time = 0;
    std::string name;
};

struct NamedSeries {
    std::string name;
    Series series;
};

// A Python recording's memoising caches (functools.lru_cache, functools.cache) by the function
// they wrap, as the census found them: how many caches of that name, their entries, hits and
// misses, and the largest maxsize among them (-1: one of them is unbounded).
struct MemoCache {
    std::string name;
    Series caches, entries, maxsize, hits, misses;
};

// A Python recording's largest containers (lists, dicts, sets, deques) by the name the program
// reaches them through: a global, an attribute, a default argument, a closure variable (the
// recorder's `o` records). How many containers of that name, and the items they hold (a dict's
// keys and what the containers among its values hold).
struct HeldContainer {
    std::string name;
    std::string kind; // list, dict, set, collections.deque …
    Series containers, entries, items; // items: the entries and those of the containers among them
};

// Fine-grained totals over time. Every series keeps a min/max envelope, so a peak survives
// any amount of downsampling.
struct Timeline {
    Series heap;
    Series blocks;
    Series rss;
    // Allocation calls so far (cumulative), where the format counts them.
    Series allocations;
    // Further byte series drawn on the memory axis (massif's extra heap and stacks).
    std::vector<NamedSeries> memory;
    // User counters (queue depth, items processed …), drawn on a second axis.
    std::vector<NamedSeries> counters;
    std::vector<Mark> marks;
    std::vector<MemoCache> memoCaches;
    std::vector<HeldContainer> heldContainers;

    // The heap's highest in (from, to], the times of two checkpoints; std::nullopt where its line
    // knows nothing there. Before the heap's first point, that point's high: its span reaches back
    // to the start and holds every event before it (a heaptrack file's first timestamp can come
    // late, git blame's at 467 ms: a batch built and freed before it had been no high at all).
    std::optional<int64_t> heapHighBetween(double from, double to) const
    {
        if (auto high = heap.maxIn(from, to))
            return high;
        if (!heap.empty() && heap.points().front().time > to)
            return heap.points().front().max;
        return std::nullopt;
    }

    Series& memorySeries(const std::string& name) { return findOrAdd(memory, name).series; }
    Series& counter(const std::string& name) { return findOrAdd(counters, name).series; }
    MemoCache& memoCache(const std::string& name) { return findOrAdd(memoCaches, name); }
    HeldContainer& heldContainer(const std::string& name) { return findOrAdd(heldContainers, name); }

private:
    // A linear search: a recording names a handful of series, caches and holders.
    template <typename Named>
    static Named& findOrAdd(std::vector<Named>& list, const std::string& name)
    {
        for (auto& named : list)
            if (named.name == name)
                return named;
        list.emplace_back();
        list.back().name = name;
        return list.back();
    }
};

} // namespace heapline
