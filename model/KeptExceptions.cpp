#include "KeptExceptions.h"

#include "Units.h"

#include <array>

namespace heapline {

namespace {

bool endsWith(std::string_view text, std::string_view end)
{
    return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

// A census type an exception is, by the names Python's own and PEP 8's conventions give them
// (the census counts types by name; it does not know their bases).
bool namedAsException(std::string_view type)
{
    const size_t dot = type.rfind('.');
    const std::string_view name = dot == std::string_view::npos ? type : type.substr(dot + 1);
    static constexpr std::array Exact { "StopIteration", "StopAsyncIteration", "KeyboardInterrupt", "SystemExit",
        "GeneratorExit", "BaseException" };
    for (const char* exact : Exact)
        if (name == exact)
            return true;
    return endsWith(name, "Error") || endsWith(name, "Exception") || endsWith(name, "Warning");
}

} // namespace

std::optional<KeptExceptions> findKeptExceptions(const Comparison& comparison)
{
    if (!comparison.analysis().profile().hasCensus())
        return std::nullopt;
    const auto types = comparison.diffBy(Grouping::Type);
    KeptExceptions kept;
    bool leakLike = false;
    for (const DiffRow& row : types->rows) {
        if (!row.census || row.deltaBlocks() <= 0)
            continue;
        const std::string key = types->key(row);
        if (key == "traceback") {
            kept.tracebacks = row.deltaBlocks();
            leakLike = isLeakLike(row.cls);
        } else if (key == "frame") {
            kept.frames = row.deltaBlocks();
        } else if (namedAsException(key) && row.deltaBlocks() > kept.exceptions) {
            kept.exceptionType = key;
            kept.exceptions = row.deltaBlocks();
        }
    }
    if (kept.tracebacks < MinKeptTracebacks || !leakLike)
        return std::nullopt;
    return kept;
}

std::string keptExceptionsFinding(const KeptExceptions& kept)
{
    std::string text = formatSignedCount(kept.tracebacks) + " tracebacks";
    if (kept.frames > 0)
        text += " and " + formatSignedCount(kept.frames) + " frames";
    text += " between A and B";
    if (!kept.exceptionType.empty())
        text += " (the exception that grew most: " + kept.exceptionType + ", " + formatSignedCount(kept.exceptions)
            + ")";
    return text
        + ". A caught exception that is kept (in a list, on an object, through sys.exc_info()) keeps its traceback, "
          "the traceback every frame it passed through, and each frame its locals: what those functions allocated "
          "stays at the lines that allocated it, though they returned. Keep str(error), or "
          "error.with_traceback(None), rather than the exception as it was caught";
}

} // namespace heapline
