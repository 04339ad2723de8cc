#include "ConvertCommand.h"

#include "CliSupport.h"
#include "importers/HeaplineWriter.h"
#include "model/AtomicFile.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

namespace heapline::cli {

namespace {

const char* const ConvertUsage = "usage: heapline-cli convert IN OUT.heapline[.zst]\n"
                                 "  writes IN (heaptrack, massif or Heapline) in Heapline's own format; .zst compresses";

const char* const RecordUsage
    = "usage: heapline-cli record -o FILE [--interval SECONDS] [--frames N] [--census-every N] [--exact | "
      "--sample-interval BYTES]\n"
      "                           -- python3 [OPTIONS] SCRIPT [ARGS]   (or -m MODULE [ARGS])\n"
      "  runs a Python program under the Heapline recorder (built into heapline-cli; Python >= 3.8). SCRIPT is a\n"
      "  file, a directory or zip archive with a __main__.py, or a Python command on PATH (pytest); OPTIONS\n"
      "  before it (-u, -O, -X dev, -W ...) are the interpreter's\n"
      "  -o FILE                  the recording: FILE.heapline, or FILE.heapline.zst compressed once the program\n"
      "                           ends (recorded as text beside it meanwhile, FILE.heapline.zst.recording)\n"
      "  --interval SECONDS       time between snapshots (default 0.5; sampled, the first come faster: every\n"
      "                           tenth of the run so far, from a tenth of SECONDS)\n"
      "  --frames N               traceback depth kept per allocation (default 64 sampled, 16 with --exact)\n"
      "  --census-every N         a gc type census every N snapshots (default 5; 0: none); skipped while it\n"
      "                           would take longer than the interval (millions of objects); marks and the\n"
      "                           end always have one\n"
      "  --sample-interval BYTES  sample one allocation per BYTES allocated on average (default 524288): the native\n"
      "                           sampler installed beside heapline-cli (CPython 3.11-3.13), little overhead;\n"
      "                           the heap's figures are estimates. Where it cannot load, tracemalloc, with a line "
      "saying so\n"
      "  --exact                  trace every block with tracemalloc: exact figures, tens of times slower";

pid_t recordedChild = 0;

// The directory of the native sampler (_heapline_sampler*.so): beside this binary in a build tree,
// lib/heapline when installed; empty when there is none.
std::string samplerDirectory()
{
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error)
        return {};
    for (const auto& dir : { self.parent_path(), self.parent_path().parent_path() / "lib" / "heapline" }) {
        for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
            const std::string name = entry.path().filename().string();
            if (name.starts_with("_heapline_sampler") && name.ends_with(".so"))
                return dir.string();
        }
    }
    return {};
}

// SIGTERM (or SIGINT, SIGHUP) to heapline-cli reaches the recorded program, whose recorder then
// closes its file cleanly. Not one the terminal sent (Ctrl-C, a hangup): that went to the whole
// foreground process group, the program included, and a second SIGINT, handled while Python
// unwound from the first, printed a second KeyboardInterrupt under "During handling of the above
// exception" (and could cut the recorder's last snapshot).
void forwardSignal(int signal, siginfo_t* info, void*)
{
    if (info && info->si_code == SI_KERNEL)
        return;
    if (recordedChild > 0)
        ::kill(recordedChild, signal);
}

// The recorder, embedded at build time (resources/heapline_recorder.py).
extern "C" const unsigned char heapline_recorder_source[];

// A descriptor the recorded program inherits, open on the recorder's source from its start:
// an anonymous file in memory, nothing left on disk. -1 (errno set) when it cannot be made.
int recorderSourceDescriptor()
{
    const int fd = ::memfd_create("heapline_recorder.py", 0);
    if (fd < 0)
        return -1;
    const auto* source = reinterpret_cast<const char*>(heapline_recorder_source);
    size_t left = std::strlen(source);
    while (left > 0) {
        const ssize_t written = ::write(fd, source, left);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            const int error = written < 0 ? errno : EIO;
            ::close(fd);
            errno = error;
            return -1;
        }
        source += written;
        left -= static_cast<size_t>(written);
    }
    if (::lseek(fd, 0, SEEK_SET) != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

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
    std::string output, interval = "0.5", frames, censusEvery = "5", sampleInterval;
    bool exact = false;
    size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--")
            break;
        if (arg == "-h" || arg == "--help") {
            std::cout << RecordUsage << '\n';
            return Ok;
        }
        if (arg == "--exact") {
            exact = true;
            continue;
        }
        std::string* target = arg == "-o" || arg == "--output" ? &output
            : arg == "--interval"                              ? &interval
            : arg == "--frames"                                ? &frames
            : arg == "--census-every"                          ? &censusEvery
            : arg == "--sample-interval"                       ? &sampleInterval
                                                               : nullptr;
        if (!target)
            return usageError("record: unknown option " + arg + " (the program follows --)\n" + RecordUsage);
        if (i + 1 >= args.size())
            return usageError("record: " + arg + " needs a value\n" + std::string(RecordUsage));
        *target = args[++i];
    }
    if (output.empty())
        return usageError("record: no output given (-o FILE)\n" + std::string(RecordUsage));
    for (const char* packed : { ".gz", ".bz2", ".xz", ".lz4" }) {
        if (output.ends_with(packed))
            return usageError("record: the recording is written as text, or compressed with zstd: name it .heapline or "
                              ".heapline.zst, not "
                + output);
    }
    // The recorder writes text as the program runs (a killed program's recording is there up to
    // its last snapshot); compressed at the end, byte for byte.
    const bool compress = output.ends_with(".zst");
    const std::string recording = compress ? output + ".recording" : output;
    if (exact && !sampleInterval.empty())
        return usageError("record: --exact records every block; --sample-interval is for sampling: give one of them");
    if (!sampleInterval.empty() && (sampleInterval.size() > 15 || sampleInterval.find_first_not_of("0123456789") != std::string::npos
                                   || std::stoull(sampleInterval) == 0))
        return usageError("record: --sample-interval needs a whole number of bytes above 0, not " + sampleInterval);
    if (i + 1 >= args.size())
        return usageError("record: no program given after --\n" + std::string(RecordUsage));
    // Said before the program runs, not as the recorder's traceback once it has started.
    const std::filesystem::path outputFolder
        = std::filesystem::path(output).has_parent_path() ? std::filesystem::path(output).parent_path() : ".";
    if (::access(outputFolder.c_str(), W_OK) != 0)
        return usageError("record: cannot write " + output + ": " + outputFolder.string()
            + (errno == ENOENT ? " does not exist" : ": " + std::string(std::strerror(errno))));
    std::vector<std::string> program(args.begin() + static_cast<long>(i) + 1, args.end());
    // "python3 script.py args": the interpreter runs the recorder, which runs the script.
    const std::string python = program.front().find("python") != std::string::npos ? program.front() : "python3";
    if (program.front() == python)
        program.erase(program.begin());
    if (program.empty())
        return usageError("record: no script given after " + python);
    // The interpreter's own options before the script (python3 -u -X dev app.py) are the
    // interpreter's: given to it, not to the recorder, which took them for its own and refused.
    std::vector<std::string> interpreterOptions;
    while (!program.empty() && program.front().starts_with('-') && !program.front().starts_with("-m")) {
        // The recorder runs a script or a module (-m), as python3 does; code given with -c has
        // no file for its frames, and runpy no way to run it.
        if (program.front().starts_with("-c"))
            return usageError("record: " + python + " -c is not supported: save the code to a file and give its path ("
                + python + " FILE.py ARGS), or run a module with -m");
        const bool takesValue
            = program.front() == "-W" || program.front() == "-X" || program.front() == "--check-hash-based-pycs";
        interpreterOptions.push_back(program.front());
        program.erase(program.begin());
        if (takesValue && !program.empty()) {
            interpreterOptions.push_back(program.front());
            program.erase(program.begin());
        }
    }
    if (program.empty())
        return usageError("record: no script given after " + python + " and its options");
    // The recorder's source is run as module heapline_recorder by a short program, not as the
    // "-c" program itself: the frame of "-c" is under every allocation's stack, and tracemalloc
    // (--exact) finds its line by reading the program's line table up to the call, a thousand
    // lines for the recorder's module (bench_recorder.py's heavy workload, with main()'s own frame
    // (heapline_recorder._run_script): 22.6 s, 9.5 s so; tracemalloc alone 5.8 s).
    // The source comes through a descriptor the program reads and closes, not as an argument: as
    // one, it was the program's command line in ps and top (94 kB of it), and one argument may
    // not pass 128 kB (execve's E2BIG), which the recorder was growing toward.
    static const char* const bootstrap
        = "import os, sys, types\n"
          "with os.fdopen(int(sys.argv.pop(1)), encoding='utf-8') as source:\n"
          "    code = source.read()\n"
          "recorder = types.ModuleType('heapline_recorder')\n"
          "sys.modules['heapline_recorder'] = recorder\n"
          "exec(compile(code, '<heapline recorder>', 'exec'), recorder.__dict__)\n"
          "del code\n"
          "recorder._PROG = 'heapline-cli record'\n"
          "recorder._USAGE = 'heapline-cli record -o FILE [OPTIONS] -- python3 [-m MODULE | SCRIPT] [ARGS]'\n"
          "recorder.main()\n";
    const int sourceFd = recorderSourceDescriptor();
    if (sourceFd < 0)
        return usageError(std::string("record: cannot hand the recorder to ") + python + ": " + std::strerror(errno));
    std::vector<std::string> command { python };
    command.insert(command.end(), interpreterOptions.begin(), interpreterOptions.end());
    command.insert(command.end(),
        { "-c", bootstrap, std::to_string(sourceFd), "-o", recording, "--interval", interval, "--census-every",
            censusEvery });
    if (!frames.empty())
        command.insert(command.end(), { "--frames", frames });
    if (exact)
        command.push_back("--exact");
    else if (!sampleInterval.empty())
        command.insert(command.end(), { "--sample-interval", sampleInterval });
    command.insert(command.end(), program.begin(), program.end());
    std::vector<char*> argv;
    for (auto& a : command)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    // Under --exact too: tracemalloc then traces the heap, and the native module still takes the
    // type census, RSS and the watchdog (the census in Python took 2.4 s a snapshot where the
    // module takes 0.4; a 14-round test recording took 14 s instead of 4).
    const std::string sampler = samplerDirectory();
    const pid_t child = fork();
    if (child != 0)
        ::close(sourceFd); // the child's copy is the program's to read and close
    if (child < 0)
        return usageError(std::string("record: cannot start ") + python + ": " + std::strerror(errno));
    if (child == 0) {
        if (!sampler.empty())
            setenv("HEAPLINE_SAMPLER_PATH", sampler.c_str(), 1);
        execvp(argv[0], argv.data());
        std::cerr << "heapline-cli: record: cannot run " << python << ": " << std::strerror(errno) << '\n';
        _exit(127);
    }
    recordedChild = child;
    for (int signal : { SIGTERM, SIGINT, SIGHUP }) {
        struct sigaction action = {};
        action.sa_sigaction = forwardSignal;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        sigaction(signal, &action, nullptr);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return UsageOrInputError;
    // The program's own exit status passes through: a recording of a failing program is still a recording.
    const int programStatus = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    // A program killed where its recorder could not end the file (SIGKILL: the out-of-memory
    // killer's) left the shell's "Killed" and nothing more: whether anything was recorded, and
    // where, went unsaid. SIGTERM and Ctrl+C end the recording cleanly.
    if (WIFSIGNALED(status) && WTERMSIG(status) != SIGTERM && WTERMSIG(status) != SIGINT) {
        const char* name = sigabbrev_np(WTERMSIG(status));
        std::cerr << "heapline-cli: record: the program was killed by SIG" << (name ? name : "?")
                  << (WTERMSIG(status) == SIGKILL ? " (the kernel's out-of-memory killer sends it, as does kill -9)"
                                                  : "")
                  << "; " << output
                  << " holds what was recorded up to its last snapshot, and opens with a warning that it was cut\n";
    }
    std::error_code ignored;
    if (compress && std::filesystem::exists(recording, ignored)) {
        std::string error;
        if (!compressFile(recording, output, error)) {
            std::cerr << "heapline-cli: record: could not compress the recording into " << output << " (" << error
                      << "); it is kept as text in " << recording << '\n';
            return programStatus != 0 ? programStatus : UsageOrInputError;
        }
        std::filesystem::remove(recording, ignored);
    }
    return programStatus;
}

} // namespace heapline::cli
