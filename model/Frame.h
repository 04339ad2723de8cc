#pragma once

#include "Ids.h"

#include <absl/hash/hash.h>

namespace heapline {

// A symbolized frame. Identity is what a user reads (function, file, line, module), never the
// address: two recordings of the same program must match frame for frame.
struct Frame {
    StringId function;
    StringId file;
    StringId module;
    uint32_t line = 0;

    friend auto operator<=>(const Frame&, const Frame&) = default;

    template <typename H>
    friend H AbslHashValue(H h, const Frame& f)
    {
        return H::combine(std::move(h), f.function.value, f.file.value, f.module.value, f.line);
    }
};

} // namespace heapline
