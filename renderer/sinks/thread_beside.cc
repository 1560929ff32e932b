#include "renderer/sinks/thread_beside.h"

#include <sched.h>

#include <cerrno>
#include <memory>
#include <new>

namespace convanim {
namespace sinks {
namespace {

struct Start {
  void* (*run)(void*);
  void* argument;
  cpu_set_t allowed;  // the process's CPUs, given back once the thread runs
  bool give_back;
};

void* RunAndGiveCpusBack(void* argument) {
  const std::unique_ptr<Start> start(static_cast<Start*>(argument));
  if (start->give_back) {
    pthread_setaffinity_np(pthread_self(), sizeof(start->allowed), &start->allowed);
  }
  return start->run(start->argument);
}

}  // namespace

int StartThreadBesideCaller(void* (*run)(void*), void* argument, pthread_t* thread) {
  auto* start = new (std::nothrow) Start{run, argument, {}, false};
  if (start == nullptr) return ENOMEM;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  const int current = sched_getcpu();
  if (current >= 0 && sched_getaffinity(0, sizeof(start->allowed), &start->allowed) == 0 &&
      CPU_COUNT(&start->allowed) > 1 && CPU_ISSET(current, &start->allowed)) {
    cpu_set_t others = start->allowed;
    CPU_CLR(current, &others);
    start->give_back = pthread_attr_setaffinity_np(&attributes, sizeof(others), &others) == 0;
  }
  const int error = pthread_create(thread, &attributes, RunAndGiveCpusBack, start);
  pthread_attr_destroy(&attributes);
  if (error != 0) delete start;
  return error;
}

}  // namespace sinks
}  // namespace convanim
