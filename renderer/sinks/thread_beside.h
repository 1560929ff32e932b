// Starting a helper thread that runs at once beside a busy caller.
//
// Linux often queues a new thread on its creator's CPU; while the creator stays busy
// (drawing frames, encoding) the new thread waits there for milliseconds until the
// scheduler balances it away, which on this project's 2-CPU machine cost 2-3 ms of a
// 25 ms GIF render. A thread started here is placed on another CPU the process may use
// and gets all of them back as soon as it runs.
#pragma once

#include <pthread.h>

namespace convanim {
namespace sinks {

// Starts `run(argument)` on a new joinable thread (join it with pthread_join).
// Returns pthread_create's error number, 0 on success.
int StartThreadBesideCaller(void* (*run)(void*), void* argument, pthread_t* thread);

}  // namespace sinks
}  // namespace convanim
