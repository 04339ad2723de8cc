#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace heapline {

// One value over time, with a min/max envelope per point so that downsampling never loses a
// peak: a point stands for the interval since the previous point, `value` is the value at its
// end, `min`/`max` are the extremes reached inside it.
struct SeriesPoint {
    double time = 0;
    int64_t value = 0;
    int64_t min = 0;
    int64_t max = 0;
};

class Series {
public:
    // When more than `capacity` points are appended, neighbours merge pairwise (resolution halves).
    explicit Series(size_t capacity = 1 << 14);

    void append(double time, int64_t value) { append(time, value, value, value); }
    void append(double time, int64_t value, int64_t min, int64_t max);

    std::span<const SeriesPoint> points() const { return m_points; }
    // A level sampled from outside (RSS): the value at t, and before the first sample that sample
    // (the level was there before it was read; valueAt says 0, right for a heap that starts empty).
    int64_t levelAt(double t) const;
    bool empty() const { return m_points.empty(); }
    size_t size() const { return m_points.size(); }
    int64_t maxValue() const;
    // The time at which maxValue() was first reached (the end of the point holding it).
    double timeOfMax() const;
    // The value at time t: the last point at or before t (0 before the first).
    int64_t valueAt(double t) const;
    // The highest value the series reached in (from, to]; std::nullopt when no point lies there.
    std::optional<int64_t> maxIn(double from, double to) const;

    // At most `buckets` points covering [from, to], each bucket keeping the min and max of the
    // points inside it; for charts.
    std::vector<SeriesPoint> downsample(double from, double to, size_t buckets) const;

private:
    void halve();

    size_t m_capacity;
    std::vector<SeriesPoint> m_points;
};

// The line a chart draws through points at most one bucket apart (`pixel`: the time one bucket
// spans), as (time, value) corners: up to each point's high, so that a spike narrower than a
// pixel still reaches its height. A point wider than two buckets (a sparse format's interval, a
// snapshot's) knows its high only as "somewhere since the last point": a high above both ends is
// drawn as a spike in its middle, a low under both as a dip, and otherwise the line goes to where
// the interval ended, so that a heap freed in the last interval does not stand at its level to
// the end. The GUI's timeline and the HTML report draw the same line.
std::vector<std::pair<double, int64_t>> envelopeLine(std::span<const SeriesPoint> points, double pixel);

} // namespace heapline
