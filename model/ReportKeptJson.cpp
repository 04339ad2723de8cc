// The kept-object findings as JSON: one key of a report or a diff each (null where none), with
// its figures and its finding's text (schema: resources/schema/report.schema.json).

#include "ReportWriters.h"

#include <nlohmann/json.hpp>

namespace heapline {

using Json = nlohmann::ordered_json;

namespace {

// {KEY: the count, "finding": its text}, or null where there is none: the findings that are one
// count and their text.
template <typename Kept, typename Finding>
Json countedJson(const std::optional<Kept>& kept, const char* key, int64_t Kept::*count, Finding finding)
{
    if (!kept)
        return nullptr;
    return Json { { key, (*kept).*count }, { "finding", finding(*kept) } };
}

} // namespace

Json keptExceptionsJson(const std::optional<KeptExceptions>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "tracebacks", kept->tracebacks }, { "frames", kept->frames },
        { "exception_type", kept->exceptionType.empty() ? Json(nullptr) : Json(kept->exceptionType) },
        { "exceptions", kept->exceptions }, { "finding", keptExceptionsFinding(*kept) } };
}

Json keptTasksJson(const std::optional<KeptTasks>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "tasks", kept->tasks }, { "coroutines", kept->coroutines },
        { "finding", keptTasksFinding(*kept) } };
}

Json keptGeneratorsJson(const std::optional<KeptGenerators>& kept)
{
    return countedJson(kept, "generators", &KeptGenerators::generators, keptGeneratorsFinding);
}

Json keptFuturesJson(const std::optional<KeptFutures>& kept)
{
    if (!kept)
        return nullptr;
    Json json { { "futures", kept->futures }, { "finding", keptFuturesFinding(*kept) } };
    if (!kept->mapCall.empty())
        json["map_call"] = kept->mapCall;
    return json;
}

Json keptXmlElementsJson(const std::optional<KeptXmlElements>& kept)
{
    if (!kept)
        return nullptr;
    Json json { { "elements", kept->elements }, { "finding", keptXmlElementsFinding(*kept) } };
    if (!kept->iterparseCall.empty())
        json["iterparse_call"] = kept->iterparseCall;
    return json;
}

Json keptFramesJson(const std::optional<KeptFrames>& kept)
{
    return countedJson(kept, "frames", &KeptFrames::frames, keptFramesFinding);
}

Json keptMockCallsJson(const std::optional<KeptMockCalls>& kept)
{
    return countedJson(kept, "calls", &KeptMockCalls::calls, keptMockCallsFinding);
}

Json keptPicklerMemosJson(const std::optional<KeptPicklerMemos>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "bytes", kept->bytes }, { "picklers", kept->picklers },
        { "finding", keptPicklerMemosFinding(*kept) } };
}

Json keptUnpicklerMemosJson(const std::optional<KeptUnpicklerMemos>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "bytes", kept->bytes }, { "unpicklers", kept->unpicklers },
        { "finding", keptUnpicklerMemosFinding(*kept) } };
}

Json keptMatchesJson(const std::optional<KeptMatches>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "matches", kept->matches }, { "string_bytes", kept->stringBytes },
        { "finding", keptMatchesFinding(*kept) } };
}

Json keptLoggersJson(const std::optional<KeptLoggers>& kept)
{
    return countedJson(kept, "loggers", &KeptLoggers::loggers, keptLoggersFinding);
}

Json keptLogRecordsJson(const std::optional<KeptLogRecords>& kept)
{
    return countedJson(kept, "records", &KeptLogRecords::records, keptLogRecordsFinding);
}

Json keptMemoCachesJson(const std::optional<KeptMemoCaches>& kept)
{
    if (!kept)
        return nullptr;
    Json caches = Json::array();
    for (const KeptMemoCache& c : kept->caches)
        caches.push_back({ { "function", c.function }, { "caches", c.caches }, { "entries", c.entries },
            { "entries_grown", c.entriesGrown }, { "maxsize", c.maxsize < 0 ? Json(nullptr) : Json(c.maxsize) },
            { "hits", c.hits }, { "misses", c.misses } });
    return Json { { "caches", caches }, { "finding", keptMemoCachesFinding(*kept) } };
}

Json keptHoldersJson(const std::optional<KeptHolders>& kept)
{
    if (!kept)
        return nullptr;
    Json holders = Json::array();
    for (const KeptHolder& h : kept->holders)
        holders.push_back(
            { { "name", h.name }, { "kind", h.kind }, { "containers", h.containers }, { "entries", h.entries },
                { "entries_grown", h.entriesGrown }, { "items", h.items }, { "items_grown", h.itemsGrown } });
    return Json { { "holders", holders }, { "finding", keptHoldersFinding(*kept) } };
}

Json keptWarningsJson(const std::optional<KeptWarnings>& kept)
{
    return countedJson(kept, "warnings", &KeptWarnings::warnings, keptWarningsFinding);
}

Json keptUncollectedJson(const std::optional<KeptUncollected>& kept)
{
    return countedJson(kept, "objects", &KeptUncollected::objects, keptUncollectedFinding);
}

Json keptClassesJson(const std::optional<KeptClasses>& kept)
{
    if (!kept)
        return nullptr;
    Json json { { "classes", kept->classes }, { "bytes", kept->bytes } };
    if (!kept->perObjectType.empty())
        json["per_object"] = Json { { "type", kept->perObjectType }, { "objects", kept->perObjectCount } };
    json["finding"] = keptClassesFinding(*kept);
    return json;
}

Json keptCallbacksJson(const std::optional<KeptCallbacks>& kept)
{
    if (!kept)
        return nullptr;
    Json makers = Json::array();
    for (const auto& [where, callbacks] : kept->makers)
        makers.push_back({ { "where", where }, { "callbacks", callbacks } });
    return Json { { "kind", kept->qtConnections ? "Qt connection" : "std::function" }, { "callbacks", kept->callbacks },
        { "bytes", kept->bytes }, { "makers", makers }, { "finding", keptCallbacksFinding(*kept) } };
}

Json keptModulesJson(const std::optional<KeptModules>& kept)
{
    return countedJson(kept, "modules", &KeptModules::modules, keptModulesFinding);
}

Json keptThreadsJson(const std::optional<KeptThreads>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "threads", kept->threads }, { "timers", kept->timers }, { "finding", keptThreadsFinding(*kept) } };
}

Json keptDescriptorsJson(const std::optional<KeptDescriptors>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "sockets", kept->sockets }, { "files", kept->files }, { "processes", kept->processes },
        { "finding", keptDescriptorsFinding(*kept) } };
}

Json keptTimerHandlesJson(const std::optional<KeptTimerHandles>& kept)
{
    return countedJson(kept, "handles", &KeptTimerHandles::handles, keptTimerHandlesFinding);
}

Json keptDequesJson(const std::optional<KeptDeques>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "deques", kept->deques }, { "bytes", kept->bytes }, { "finding", keptDequesFinding(*kept) } };
}

Json keptCompressorsJson(const std::optional<KeptCompressors>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "compressors", kept->compressors }, { "decompressors", kept->decompressors },
        { "finding", keptCompressorsFinding(*kept) } };
}

Json keptTeeBuffersJson(const std::optional<KeptTeeBuffers>& kept)
{
    return countedJson(kept, "buffers", &KeptTeeBuffers::buffers, keptTeeBuffersFinding);
}

Json keptClosuresJson(const std::optional<KeptClosures>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "functions", kept->functions }, { "cells", kept->cells }, { "partials", kept->partials },
        { "finding", keptClosuresFinding(*kept) } };
}

Json keptCodeJson(const std::optional<KeptCode>& kept)
{
    if (!kept)
        return nullptr;
    Json json { { "codes", kept->codes }, { "functions", kept->functions }, { "finding", keptCodeFinding(*kept) } };
    if (!kept->compileCall.empty())
        json["compile_call"] = kept->compileCall;
    return json;
}

Json keptViewsJson(const std::optional<KeptViews>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "type", kept->type }, { "views", kept->views }, { "bytes_each", kept->bytesEach },
        { "heap_bytes", kept->heapBytes }, { "finding", keptViewsFinding(*kept) } };
}

Json keptInstancesJson(const std::optional<KeptInstances>& kept)
{
    if (!kept)
        return nullptr;
    auto types = Json::array();
    for (const auto& [name, objects] : kept->types)
        types.push_back({ { "class", name }, { "objects", objects } });
    return Json { { "types", std::move(types) }, { "bound_methods", kept->boundMethods },
        { "weak_references", kept->weakReferences }, { "finding", keptInstancesFinding(*kept) } };
}

Json keptThrownJson(const std::optional<KeptThrown>& kept)
{
    if (!kept)
        return nullptr;
    return Json { { "exceptions", kept->exceptions }, { "bytes", kept->bytes },
        { "thrower", kept->thrower.empty() ? Json(nullptr) : Json(kept->thrower) },
        { "finding", keptThrownFinding(*kept) } };
}

void writeKeptObjectsJson(Json& json, const KeptObjects& kept)
{
    json["kept_holders"] = keptHoldersJson(kept.holders);
    json["kept_exceptions"] = keptExceptionsJson(kept.exceptions);
    json["kept_tasks"] = keptTasksJson(kept.tasks);
    json["kept_generators"] = keptGeneratorsJson(kept.generators);
    json["kept_futures"] = keptFuturesJson(kept.futures);
    json["kept_xml_elements"] = keptXmlElementsJson(kept.xmlElements);
    json["kept_frames"] = keptFramesJson(kept.frames);
    json["kept_mock_calls"] = keptMockCallsJson(kept.mockCalls);
    json["kept_matches"] = keptMatchesJson(kept.matches);
    json["kept_loggers"] = keptLoggersJson(kept.loggers);
    json["kept_log_records"] = keptLogRecordsJson(kept.logRecords);
    json["kept_memo_caches"] = keptMemoCachesJson(kept.memoCaches);
    json["kept_pickler_memos"] = keptPicklerMemosJson(kept.picklerMemos);
    json["kept_unpickler_memos"] = keptUnpicklerMemosJson(kept.unpicklerMemos);
    json["kept_warnings"] = keptWarningsJson(kept.warnings);
    json["kept_uncollected"] = keptUncollectedJson(kept.uncollected);
    json["kept_classes"] = keptClassesJson(kept.classes);
    json["kept_callbacks"] = keptCallbacksJson(kept.callbacks);
    json["kept_modules"] = keptModulesJson(kept.modules);
    json["kept_threads"] = keptThreadsJson(kept.threads);
    json["kept_timer_handles"] = keptTimerHandlesJson(kept.timerHandles);
    json["kept_descriptors"] = keptDescriptorsJson(kept.descriptors);
    json["kept_tee_buffers"] = keptTeeBuffersJson(kept.teeBuffers);
    json["kept_compressors"] = keptCompressorsJson(kept.compressors);
    json["kept_deques"] = keptDequesJson(kept.deques);
    json["kept_closures"] = keptClosuresJson(kept.closures);
    json["kept_code"] = keptCodeJson(kept.code);
    json["kept_views"] = keptViewsJson(kept.views);
    json["kept_instances"] = keptInstancesJson(kept.instances);
    json["kept_shared"] = keptSharedJson(kept.shared);
    json["kept_thrown"] = keptThrownJson(kept.thrown);
}

Json keptSharedJson(const std::optional<KeptShared>& kept)
{
    if (!kept)
        return nullptr;
    Json types = Json::array();
    for (const auto& [type, objects] : kept->types)
        types.push_back(Json { { "type", type }, { "objects", objects } });
    return Json { { "made_by", kept->rust ? "Rc::new or Arc::new" : "std::make_shared" }, { "objects", kept->objects },
        { "bytes", kept->bytes }, { "types", std::move(types) }, { "finding", keptSharedFinding(*kept) } };
}

} // namespace heapline
