#include "app/job_pool.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <new>
#include <thread>

namespace convanim {

std::vector<JobResult> RunJobs(const std::vector<Job>& jobs, int workers,
                               const std::function<void(int, int, const std::string&)>& on_done) {
  std::vector<JobResult> results(jobs.size());
  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  int finished = 0;
  auto work = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      results[i].label = jobs[i].label;
      try {
        results[i].status = jobs[i].run();
      } catch (const std::bad_alloc&) {
        results[i].status = Status::Internal(jobs[i].label + ": out of memory");
      } catch (const std::exception& error) {
        results[i].status = Status::Internal(jobs[i].label + ": " + error.what());
      }
      std::lock_guard<std::mutex> lock(progress_mutex);
      ++finished;
      if (on_done) on_done(finished, static_cast<int>(jobs.size()), jobs[i].label);
    }
  };
  const int threads = std::max(1, std::min<int>(workers, static_cast<int>(jobs.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  return results;
}

}  // namespace convanim
