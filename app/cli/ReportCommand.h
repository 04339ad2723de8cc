#pragma once

#include <string>
#include <vector>

namespace heapline::cli {

// heapline-cli report: the leak report as HTML, Markdown, JSON or CSV, and the CI budgets.
int runReport(const std::vector<std::string>& args);

} // namespace heapline::cli
