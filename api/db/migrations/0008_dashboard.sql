-- KPI summaries behind the store dashboard (issue 7; definitions in docs/DASHBOARD.md).
-- Derived data: rebuilt whole from receipts by analytics/kpis/refresh-kpis.repo.ts (delete +
-- insert ... select in one transaction, run as an analysis job of kind 'kpis'), never edited.
-- Aggregates only: no customer identity is stored here.

-- One row per store and ISO week (Monday to Sunday) in which the store has receipts.
create table kpi_store_week (
  store_id integer not null references stores,
  week_start date not null check (extract(isodow from week_start) = 1), -- the week's Monday
  sales_cents bigint not null,             -- sum of receipts.total_cents
  baskets integer not null,                -- receipts
  card_sales_cents bigint not null,        -- the same over linked receipts (card_status = 'linked')
  card_baskets integer not null,
  active_card_holders integer not null,    -- distinct customers with a linked receipt here this week
  new_card_holders integer not null,       -- customers whose first linked receipt anywhere is here, this week
  -- Customers whose visit here this week was their last for 8 weeks (no visit here in the next
  -- 8 weeks) after at least 2 visits here; null while those 8 weeks are not all in the data.
  lapsed_card_holders integer,
  primary key (store_id, week_start)
);
-- The chain's figures per week (the dashboard's comparison line) read every store of a week range.
create index kpi_store_week_week on kpi_store_week (week_start);

-- What the summaries were built from, one row: written in the refresh's transaction, so it
-- always describes the rows readers see. Staleness = receipts' count or highest id differ.
create table kpi_refresh (
  singleton boolean primary key default true check (singleton),
  run_id bigint references analysis_runs (run_id) on delete set null,
  refreshed_at timestamptz not null,
  receipt_count bigint not null,
  last_receipt_id bigint,                  -- null: no receipts
  first_day date,                          -- first and last business day with receipts
  last_day date
);
