#pragma once

#include <future>
#include <sched.h>
#include <utility>

namespace heapline {

// Where a helper thread starts. The kernel puts a new thread on the CPU of the thread that made it
// (and a woken thread beside the one that woke it), and moves one of them to an idle CPU only when
// it next balances, milliseconds on. On our 2-CPU virtual machines a load's decompression thread
// thus decoded its first chunks on the parser's CPU while the other CPU idled (the parser waited
// 1-5 ms for its first chunk), and a checkpoint merge's second half waited up to 1.4 ms to start
// (asyncElsewhere() below, for such a thread).
//
// The thread that starts a helper notes its own CPU (ThreadPlacement::here()); the helper's first
// act is to leave that CPU (leave()) where it may run on another, and, if it lives on, to widen
// its CPUs again once under way (mayRunAnywhere()), so that the kernel's balancing is not fought.
class ThreadPlacement {
public:
    // The calling thread's CPU; -1 where unknown.
    static int here();

    // Called by the helper: moves it off `cpu` (from here()) when another CPU is allowed to it.
    void leave(int cpu);
    // Called by the helper: back to the CPUs it had before leave(), if it left one.
    void mayRunAnywhere();

private:
    cpu_set_t m_allowed {};
    bool m_narrowed = false;
};

// f() on a thread of its own that starts off the calling thread's CPU (std::async: get() gives its
// result or rethrows what it threw; the future waits for it when destroyed).
template <typename F>
auto asyncElsewhere(F&& f)
{
    return std::async(std::launch::async, [cpu = ThreadPlacement::here(), f = std::forward<F>(f)]() mutable {
        ThreadPlacement().leave(cpu);
        return f();
    });
}

} // namespace heapline
