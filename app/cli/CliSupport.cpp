#include "CliSupport.h"

#include "model/Wording.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace heapline::cli {

int usageError(const std::string& message)
{
    std::cerr << "heapline-cli: " << message << '\n';
    return UsageOrInputError;
}

std::shared_ptr<const Profile> loadProfile(const std::string& path, const ImportOptions& options)
{
    ImportControl control;
    const bool interactive = ::isatty(STDERR_FILENO) != 0;
    const auto start = std::chrono::steady_clock::now();
    int lastPercent = -1;
    if (interactive) {
        control.onProgress = [&](uint64_t done, uint64_t total) {
            const int percent = total ? static_cast<int>(done * 100 / total) : 0;
            const auto elapsed = std::chrono::steady_clock::now() - start;
            if (percent != lastPercent && elapsed > std::chrono::milliseconds(300)) {
                std::fprintf(stderr, "\rreading %s: %3d%%", path.c_str(), percent);
                lastPercent = percent;
            }
        };
    }
    auto result = importProfile(path, options, &control);
    if (lastPercent >= 0)
        std::fprintf(stderr, "\r\033[K");
    if (!result.profile) {
        std::cerr << "heapline-cli: " << (result.error ? result.error->toString() : path + ": cannot be read") << '\n';
        return nullptr;
    }
    return result.profile;
}

bool SuppressionArguments::take(const std::string& option, const std::function<std::optional<std::string>()>& value, bool& failed)
{
    if (option == "--disable-embedded-suppressions")
        embedded = false;
    else if (option == "--disable-builtin-suppressions")
        builtin = false;
    else if (option == "--suppressions") {
        const auto file = value();
        if (!file)
            failed = true;
        else
            files.push_back(*file);
    } else
        return false;
    return true;
}

std::optional<SuppressionSettings> SuppressionArguments::settings(const std::string& command) const
{
    SuppressionSettings settings;
    settings.embedded = embedded;
    settings.builtin = builtin;
    for (const auto& file : files) {
        std::string error;
        if (!readSuppressionFile(file, settings.fromFiles, error)) {
            usageError(command + ": --suppressions: " + error);
            return std::nullopt;
        }
    }
    return settings;
}

std::string suppressedLine(const Profile& profile, const SuppressedCallsites& suppressed)
{
    return suppressionText(suppressed.usesAt(profile, profile.checkpointCount() - 1), suppressed.count());
}

std::vector<std::string> splitOptionValues(std::vector<std::string> args)
{
    std::vector<std::string> split;
    split.reserve(args.size());
    bool programs = false;
    for (std::string& arg : args) {
        const size_t equals = arg.find('=');
        if (!programs && arg.starts_with("--") && arg.size() > 2 && equals != std::string::npos && equals > 2) {
            split.push_back(arg.substr(0, equals));
            split.push_back(arg.substr(equals + 1));
            continue;
        }
        programs = programs || arg == "--";
        split.push_back(std::move(arg));
    }
    return split;
}

} // namespace heapline::cli
