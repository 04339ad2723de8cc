#include "ReportCommand.h"

#include "CliSupport.h"
#include "DiffArguments.h"
#include "model/AtomicFile.h"
#include "model/ReportWriters.h"

#include <cctype>
#include <iostream>

namespace heapline::cli {

namespace {

// A PDF is laid out by the GUI (Qt's text engine), which the headless CLI does not link.
std::string pdfHint(const std::string& formatOrPath)
{
    const std::string lower = [&] {
        std::string text = formatOrPath;
        for (char& c : text)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return text;
    }();
    if (lower != "pdf" && !(lower.size() >= 4 && lower.compare(lower.size() - 4, 4, ".pdf") == 0))
        return {};
    return " (a PDF is written by the GUI, File > Export Leak Report, or by printing the HTML report: "
           "chromium --headless --print-to-pdf=report.pdf report.html)";
}

const char* const Usage =
    "usage: heapline-cli report FILE [--base OTHER_FILE] [--from T] [--to T]\n"
    "                           [--by callsite|function|file|line|module|type] [--top N]\n"
    "                           [--filter TEXT] [--class CLASS] [--rules FILE]\n"
    "                           [--suppressions FILE] [--disable-embedded-suppressions] [--disable-builtin-suppressions]\n"
    "                           [--format html|md|json|csv] -o OUT\n"
    "                           [--fail-on-growth 50MB|10%] [--fail-on-class linear[,stepwise]]\n"
    "  T: 12.5s, 800ms, 12.5 (the file's unit), start, end, auto (B before a teardown), peak, 40%, #7, mark:NAME\n"
    "  --format: by OUT's suffix when not given; -o - writes to standard output\n"
    "  --fail-on-growth: exit 1 when the heap grew by more than this between A and B\n"
    "  --fail-on-class: exit 1 when a reported suspect grew in one of these classes (or, for native, the process)\n"
    "  exit status: 0 within budget, 1 a budget broke (the report is written), 2 bad usage or input";

} // namespace

int runReport(const std::vector<std::string>& args)
{
    int status = UsageOrInputError;
    std::optional<ReportFormat> format;
    std::string output;
    std::optional<GrowthBudget> growthBudget;
    std::vector<GrowthClass> classBudget;
    auto parsed = parseDiffArguments("report", Usage, args, status, [&](const std::string& option, const auto& value, int& st) {
        if (option != "--format" && option != "-o" && option != "--output" && option != "--fail-on-growth" && option != "--fail-on-class")
            return false;
        const auto v = value();
        if (!v) {
            st = UsageOrInputError;
            return true;
        }
        std::string error;
        if (option == "--format") {
            format = parseReportFormat(*v);
            if (!format)
                st = usageError("report: --format " + *v + ": expected html, md, json or csv" + pdfHint(*v));
        } else if (option == "-o" || option == "--output") {
            output = *v;
        } else if (option == "--fail-on-growth") {
            growthBudget = parseGrowthBudget(*v, error);
            if (!growthBudget)
                st = usageError("report: --fail-on-growth: " + error);
        } else {
            const auto classes = parseClassList(*v, error);
            if (!classes)
                st = usageError("report: --fail-on-class: " + error);
            else
                classBudget = *classes;
        }
        return true;
    });
    if (!parsed)
        return status;
    if (output.empty())
        return usageError("report: no output given (-o OUT, or -o - for standard output)\n" + std::string(Usage));
    if (!format && output != "-")
        format = reportFormatForPath(output);
    if (!format) {
        if (output != "-")
            return usageError(
                "report: cannot tell the format from " + output + "; give --format html|md|json|csv" + pdfHint(output));
        format = ReportFormat::Markdown;
    }
    for (const std::string* input : { &parsed->file, &parsed->base })
        if (!input->empty() && output != "-" && sameFile(*input, output))
            return usageError("report: -o " + output + " is the profile itself; choose another output file");

    const auto inputs = loadDiffInputs("report", *parsed);
    if (!inputs)
        return UsageOrInputError;
    ReportOptions options;
    options.file = parsed->file;
    options.baseFile = parsed->base;
    options.top = parsed->top;
    const Report report = buildReport(compareInputs(*inputs, *parsed), options);
    if (output == "-") {
        OstreamSink sink(std::cout);
        writeReport(report, *format, sink);
        if (!sink.good())
            return usageError("report: cannot write to standard output");
    } else {
        std::string error;
        if (!writeReportFile(report, *format, output, error))
            return usageError("report: " + error);
    }
    for (const auto& warning : report.warnings)
        std::cerr << "warning: " << parsed->file << ": " << warning << '\n';
    if (const auto broken = brokenBudget(report, growthBudget, classBudget)) {
        std::cerr << "heapline-cli: budget exceeded: " << *broken << '\n';
        return BudgetExceeded;
    }
    return Ok;
}

} // namespace heapline::cli
