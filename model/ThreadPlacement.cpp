#include "ThreadPlacement.h"

namespace heapline {

int ThreadPlacement::here()
{
    return ::sched_getcpu();
}

void ThreadPlacement::leave(int cpu)
{
    if (cpu < 0 || cpu >= CPU_SETSIZE || ::sched_getaffinity(0, sizeof m_allowed, &m_allowed) != 0)
        return;
    cpu_set_t elsewhere = m_allowed;
    CPU_CLR(cpu, &elsewhere);
    m_narrowed = CPU_COUNT(&elsewhere) > 0 && ::sched_setaffinity(0, sizeof elsewhere, &elsewhere) == 0;
}

void ThreadPlacement::mayRunAnywhere()
{
    if (m_narrowed)
        ::sched_setaffinity(0, sizeof m_allowed, &m_allowed);
    m_narrowed = false;
}

} // namespace heapline
