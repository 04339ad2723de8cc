#pragma once

#include "Series.h"

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

    Series& memorySeries(const std::string& name) { return findOrAdd(memory, name); }
    Series& counter(const std::string& name) { return findOrAdd(counters, name); }
    MemoCache& memoCache(const std::string& name)
    {
        for (auto& c : memoCaches)
            if (c.name == name)
                return c;
        memoCaches.emplace_back();
        memoCaches.back().name = name;
        return memoCaches.back();
    }

private:
    static Series& findOrAdd(std::vector<NamedSeries>& list, const std::string& name)
    {
        for (auto& s : list)
            if (s.name == name)
                return s.series;
        list.push_back({ name, Series {} });
        return list.back().series;
    }
};

} // namespace heapline
