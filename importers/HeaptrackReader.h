#pragma once

#include "Importer.h"

namespace heapline {

// heaptrack's interpreted data files, file format versions 0 to 3, read as heaptrack_print and
// heaptrack_gui read them (KDE/heaptrack src/analyze/accumulatedtracedata.cpp):
//   v <heaptrack version> <file version>   X <command line>   I <page size> <pages>
//   s <string> (v3: s <hex length> <text>)  i <ip> <module> [<fn> <file> <line>]…  (inlined frames follow)
//   t <ip> <parent trace>                   a <size> <trace>  (allocation info, 0-based)
//   + <info> / - <info>  (v0: + <size> <trace> <pointer> / - <pointer>)
//   c <elapsed ms>   R <rss pages>   A (attached)   S <LSAN suppression>   # comment
// All numbers are hex; s, i and t indices are 1-based.
class HeaptrackReader final : public FormatReader {
public:
    ImportResult read(ReadContext& context) override;
};

} // namespace heapline
