#include "Series.h"

#include <algorithm>
#include <cstdint>

namespace heapline {

Series::Series(size_t capacity)
    : m_capacity(std::max<size_t>(capacity, 4))
{
}

void Series::append(double time, int64_t value, int64_t min, int64_t max)
{
    // Halved before it would grow past its capacity: a vector that grew past it would double its
    // allocation (2 MB a series more) for the one point over.
    if (m_points.size() == m_capacity)
        halve();
    if (m_points.capacity() < m_capacity)
        m_points.reserve(std::min(m_capacity, std::max<size_t>(m_points.capacity() * 2, 64)));
    m_points.push_back({ time, value, std::min({ min, value, max }), std::max({ min, value, max }) });
}

void Series::halve()
{
    size_t out = 0;
    for (size_t i = 0; i < m_points.size(); i += 2, ++out) {
        SeriesPoint merged = m_points[i];
        if (i + 1 < m_points.size()) {
            const auto& next = m_points[i + 1];
            merged.time = next.time;
            merged.value = next.value;
            merged.min = std::min(merged.min, next.min);
            merged.max = std::max(merged.max, next.max);
        }
        m_points[out] = merged;
    }
    m_points.resize(out);
}

int64_t Series::maxValue() const
{
    int64_t best = 0;
    for (const auto& p : m_points)
        best = std::max(best, p.max);
    return best;
}

double Series::timeOfMax() const
{
    const int64_t best = maxValue();
    for (const auto& p : m_points)
        if (p.max == best)
            return p.time;
    return 0;
}

int64_t Series::valueAt(double t) const
{
    auto it = std::upper_bound(m_points.begin(), m_points.end(), t,
                               [](double time, const SeriesPoint& p) { return time < p.time; });
    return it == m_points.begin() ? 0 : std::prev(it)->value;
}

int64_t Series::levelAt(double t) const
{
    if (m_points.empty())
        return 0;
    return t < m_points.front().time ? m_points.front().value : valueAt(t);
}

std::optional<int64_t> Series::maxIn(double from, double to) const
{
    auto it = std::upper_bound(m_points.begin(), m_points.end(), from,
                               [](double time, const SeriesPoint& p) { return time < p.time; });
    std::optional<int64_t> best;
    // A point's max covers its interval from the point before, that point's level included: where
    // it is no more than that level, it is the level at or before `from` (a hash table's rehash,
    // old and new arrays both held at a sample, then the old freed: the fall read as a high of the
    // next interval too, a second spike), and the high inside is known only as the point's own.
    if (it != m_points.end() && it != m_points.begin() && it->time <= to && it->max <= std::prev(it)->value) {
        best = it->value;
        ++it;
    }
    for (; it != m_points.end() && it->time <= to; ++it)
        best = std::max(best.value_or(it->max), it->max);
    return best;
}

std::vector<SeriesPoint> Series::downsample(double from, double to, size_t buckets) const
{
    std::vector<SeriesPoint> out;
    if (m_points.empty() || buckets == 0 || to < from)
        return out;
    auto first = std::lower_bound(m_points.begin(), m_points.end(), from,
                                  [](const SeriesPoint& p, double time) { return p.time < time; });
    auto last = std::upper_bound(m_points.begin(), m_points.end(), to,
                                 [](double time, const SeriesPoint& p) { return time < p.time; });
    const auto count = static_cast<size_t>(last - first);
    if (count <= buckets) {
        out.assign(first, last);
        return out;
    }
    out.reserve(buckets);
    const double width = to > from ? (to - from) / static_cast<double>(buckets) : 1.0;
    size_t currentBucket = SIZE_MAX;
    for (auto it = first; it != last; ++it) {
        const auto bucket = std::min(buckets - 1, static_cast<size_t>((it->time - from) / width));
        if (bucket != currentBucket) {
            out.push_back(*it);
            currentBucket = bucket;
            continue;
        }
        auto& merged = out.back();
        merged.time = it->time;
        merged.value = it->value;
        merged.min = std::min(merged.min, it->min);
        merged.max = std::max(merged.max, it->max);
    }
    return out;
}

std::vector<std::pair<double, int64_t>> envelopeLine(std::span<const SeriesPoint> points, double pixel)
{
    std::vector<std::pair<double, int64_t>> line;
    line.reserve(points.size());
    const SeriesPoint* previous = nullptr;
    for (const auto& p : points) {
        const bool wide = previous && p.time - previous->time > 2 * pixel;
        const bool spike = wide && p.max > std::max(previous->value, p.value);
        const bool dip = wide && p.min < std::min(previous->value, p.value);
        if (spike || dip) {
            const double span = p.time - previous->time;
            if (spike)
                line.emplace_back(previous->time + span * (dip ? 0.33 : 0.5), p.max);
            if (dip)
                line.emplace_back(previous->time + span * (spike ? 0.67 : 0.5), p.min);
            line.emplace_back(p.time, p.value);
        } else {
            // A wide interval's high is one of its ends (else it is a spike): drawn at its high,
            // a heap freed in the last interval stood at its level to the end (trimbuf.c: 23 MB
            // held to 382 ms, freed at 372).
            line.emplace_back(p.time, wide ? p.value : p.max);
        }
        previous = &p;
    }
    return line;
}

} // namespace heapline
