-- Analysis runs: one row per execution of an analysis job (basket affinity, customer analytics, ...).
-- A run is versioned per kind and scope (1, 2, 3, ... for 'affinity' over 'store:S001'), records
-- what it was asked (params, data window), how far it got (progress), what it produced (counts)
-- and how long each phase took (timings, ms). Each kind keeps its results in its own tables
-- (0005+), keyed by run_id and referencing analysis_runs (run_id) on delete cascade.
-- Readers of results read only runs whose status is 'succeeded'.

create table analysis_runs (
  run_id bigint generated always as identity primary key,
  kind text not null check (kind ~ '^[a-z][a-z0-9_-]{0,63}$'),
  -- The job kind's canonical name of what the run covers: 'chain', 'store:S001', ...
  scope_key text not null check (length(scope_key) between 1 and 200),
  version integer not null check (version >= 1),
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  params jsonb not null,
  data_from date,
  data_to date,
  progress_phase text,
  progress_done bigint,
  progress_total bigint,
  counts jsonb,
  timings jsonb, -- milliseconds per phase, {"extract": 812, "mine": 4410, ...}
  error text,
  requested_by text,
  -- Set when a cancel is asked for a run that another process executes; that process
  -- reads it back with its next progress write and stops the job.
  cancel_requested_at timestamptz,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  unique (kind, scope_key, version),
  check (data_from is null or data_to is null or data_from <= data_to),
  check ((status in ('succeeded', 'failed', 'cancelled')) = (finished_at is not null))
);

-- Lists page newest first by run_id (identity, so in creation order): per kind, and by date.
-- Per kind and scope, the unique (kind, scope_key, version) index serves.
create index analysis_runs_kind on analysis_runs (kind, run_id desc);
create index analysis_runs_created on analysis_runs (created_at desc);
-- Start-up finds the runs a stopped process left behind.
create index analysis_runs_unfinished on analysis_runs (status) where status in ('queued', 'running');
