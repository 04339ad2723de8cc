#include "CliSupport.h"
#include "ConvertCommand.h"
#include "DiffCommand.h"
#include "ReportCommand.h"
#include "SummaryCommand.h"

#include <iostream>
#include <string>
#include <vector>

namespace {

const char* const Usage = R"(usage: heapline-cli COMMAND [OPTIONS] FILE

Heapline: what grew between here and there, and why.

Commands:
  summary [--json] FILE   the profile's whole-run figures (heaptrack, massif or Heapline files)
  diff [--json] FILE [--base OTHER] [--from T] [--to T] [--by GROUPING] [--top N] [--filter TEXT] [--class C]
                          what grew between two points in time, grouped and classified
  report FILE [--base OTHER] [--from T] [--to T] [--by GROUPING] [--top N] [--filter TEXT] [--class C]
         [--format html|md|json|csv] -o OUT [--fail-on-growth 50MB|10%] [--fail-on-class linear,stepwise]
                          the leak report; with a budget, exit 1 when it breaks
  convert IN OUT.heapline[.zst]
                          any profile in Heapline's own format (opens again in a fraction of the time)
  record -o FILE [--interval S] [--frames N] [--census-every N] -- python3 SCRIPT|-m MODULE [ARGS]
                          run a Python program under the recorder built into heapline-cli

Exit status: 0 on success, 1 when a report's budget breaks, 2 on bad usage or unreadable input.
)";

} // namespace

int main(int argc, char** argv)
{
    using namespace heapline::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty())
        return usageError("no command given\n" + std::string(Usage));
    const std::string command = args.front();
    args.erase(args.begin());
    args = splitOptionValues(std::move(args));
    if (command == "-h" || command == "--help" || command == "help") {
        std::cout << Usage;
        return Ok;
    }
    if (command == "--version") {
        std::cout << "heapline-cli " HEAPLINE_VERSION "\n";
        return Ok;
    }
    if (command == "summary")
        return runSummary(args);
    if (command == "diff")
        return runDiff(args);
    if (command == "report")
        return runReport(args);
    if (command == "convert")
        return runConvert(args);
    if (command == "record")
        return runRecord(args);
    return usageError("unknown command \"" + command + "\" (try heapline-cli --help)");
}
