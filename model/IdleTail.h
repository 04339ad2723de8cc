#pragma once

#include <string>

namespace heapline {

class Comparison;

// Where the heap reads "plateau" because the program stopped working, not because something
// bounds it: a service that leaked a record per request through a load test and then idled
// until it was stopped holds its level like a full cache. From the profile's allocation calls
// (formats that count them): "It held while the program was nearly idle: …", or empty.
std::string idleTailText(const Comparison& comparison);

} // namespace heapline
