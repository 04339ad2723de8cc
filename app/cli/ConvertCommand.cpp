#include "ConvertCommand.h"

#include "CliSupport.h"
#include "importers/HeaplineWriter.h"
#include "model/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

namespace heapline::cli {

namespace {

const char* const ConvertUsage = "usage: heapline-cli convert IN OUT.heapline[.zst]\n"
                                 "  writes IN (heaptrack, massif or Heapline) in Heapline's own format; .zst compresses";

const char* const RecordUsage =
    "usage: heapline-cli record -o FILE [--interval SECONDS] [--frames N] [--census-every N] -- python3 SCRIPT [ARGS]\n"
    "  runs a Python program under the Heapline recorder (built into heapline-cli; Python >= 3.8, standard library only)\n"
    "  -o FILE             the recording (.heapline, or .heapline.zst is not supported by the recorder: use convert)\n"
    "  --interval SECONDS  time between snapshots (default 0.5)\n"
    "  --frames N          traceback depth kept per allocation (default 16)\n"
    "  --census-every N    a gc type census every N snapshots (default 5; 0: none)";

pid_t recordedChild = 0;

// SIGTERM (or SIGINT, SIGHUP) to heapline-cli reaches the recorded program, whose recorder then
// closes its file cleanly.
void forwardSignal(int signal)
{
    if (recordedChild > 0)
        ::kill(recordedChild, signal);
}

// The recorder, embedded at build time (resources/heapline_recorder.py).
extern "C" const unsigned char heapline_recorder_source[];

} // namespace

int runConvert(const std::vector<std::string>& args)
{
    if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
        std::cout << ConvertUsage << '\n';
        return Ok;
    }
    if (args.size() != 2)
        return usageError("convert: expected IN and OUT\n" + std::string(ConvertUsage));
    const std::string& in = args[0];
    const std::string& out = args[1];
    if (sameFile(in, out))
        return usageError("convert: OUT " + out + " is IN itself; choose another file");
    const auto profile = loadProfile(in);
    if (!profile)
        return UsageOrInputError;
    std::string error;
    const std::string producer = "heapline-cli " HEAPLINE_VERSION " convert (from " + profile->info().format + " " + in + ")";
    if (!writeHeaplineProfile(*profile, out, producer, error))
        return usageError("convert: " + error);
    for (const auto& warning : profile->warnings())
        std::cerr << "warning: " << in << ": " << warning << '\n';
    return Ok;
}

int runRecord(const std::vector<std::string>& args)
{
    std::string output, interval = "0.5", frames = "16", censusEvery = "5";
    size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--")
            break;
        if (arg == "-h" || arg == "--help") {
            std::cout << RecordUsage << '\n';
            return Ok;
        }
        std::string* target = arg == "-o" || arg == "--output" ? &output
            : arg == "--interval"                              ? &interval
            : arg == "--frames"                                ? &frames
            : arg == "--census-every"                          ? &censusEvery
                                                               : nullptr;
        if (!target)
            return usageError("record: unknown option " + arg + " (the program follows --)\n" + RecordUsage);
        if (i + 1 >= args.size())
            return usageError("record: " + arg + " needs a value\n" + std::string(RecordUsage));
        *target = args[++i];
    }
    if (output.empty())
        return usageError("record: no output given (-o FILE)\n" + std::string(RecordUsage));
    if (i + 1 >= args.size())
        return usageError("record: no program given after --\n" + std::string(RecordUsage));
    std::vector<std::string> program(args.begin() + static_cast<long>(i) + 1, args.end());
    // "python3 script.py args": the interpreter runs the recorder, which runs the script.
    const std::string python = program.front().find("python") != std::string::npos ? program.front() : "python3";
    if (program.front() == python)
        program.erase(program.begin());
    if (program.empty())
        return usageError("record: no script given after " + python);
    std::vector<std::string> command { python, "-c", reinterpret_cast<const char*>(heapline_recorder_source), "-o", output, "--interval", interval, "--frames", frames,
                                       "--census-every", censusEvery };
    command.insert(command.end(), program.begin(), program.end());
    std::vector<char*> argv;
    for (auto& a : command)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t child = fork();
    if (child < 0)
        return usageError(std::string("record: cannot start ") + python + ": " + std::strerror(errno));
    if (child == 0) {
        execvp(argv[0], argv.data());
        std::cerr << "heapline-cli: record: cannot run " << python << ": " << std::strerror(errno) << '\n';
        _exit(127);
    }
    recordedChild = child;
    for (int signal : { SIGTERM, SIGINT, SIGHUP }) {
        struct sigaction action = {};
        action.sa_handler = forwardSignal;
        sigemptyset(&action.sa_mask);
        sigaction(signal, &action, nullptr);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return UsageOrInputError;
    // The program's own exit status passes through: a recording of a failing program is still a recording.
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace heapline::cli
