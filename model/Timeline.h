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

    Series& memorySeries(const std::string& name) { return findOrAdd(memory, name); }
    Series& counter(const std::string& name) { return findOrAdd(counters, name); }

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
