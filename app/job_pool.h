// Runs independent jobs on a fixed number of threads and reports progress.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace convanim {

struct Job {
  std::string label;            // shown in the progress line, e.g. "padding_strides.gif"
  std::function<Status()> run;  // must be safe to run concurrently with the other jobs
};

struct JobResult {
  std::string label;
  Status status;
};

// Runs every job on `workers` threads (at least 1). `on_done(finished, total, label)` is
// called after each job, from one thread at a time. Returns one result per job, in the
// jobs' order, whatever order they finished in.
std::vector<JobResult> RunJobs(const std::vector<Job>& jobs, int workers,
                               const std::function<void(int, int, const std::string&)>& on_done);

}  // namespace convanim
