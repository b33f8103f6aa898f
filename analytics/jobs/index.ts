// The analysis job runner: versioned runs with progress and cancellation, CPU-bound cores
// in worker threads. The only file other folders import from analytics/jobs.
export { createJobRunner, type JobContext, type JobExecute, type JobResult, type JobRunner, type JobRunnerOptions, type JobSpec } from './job-runner.js'
export { INTERRUPTED_ERROR, markInterruptedRuns, type RunFilter } from './jobs.repo.js'
export { abortError, isAbortError, runInWorker, runningWorkers, type Progress, type RunInWorkerOptions, type WorkerTask } from './run-in-worker.js'
export { transferablesOf } from './transferables-of.js'
export { runProgressOf } from './run-progress-of.js'
export { createProgressView, followRun, outcomeLine, runToEnd, type ProgressView, type ProgressViewOptions } from './cli-progress-bar.js'
