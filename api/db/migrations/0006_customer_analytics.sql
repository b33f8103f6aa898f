-- Results of customer-analytics runs (analysis_runs.kind = 'customers'). Aggregates (scopes,
-- demographic cells, store profiles, segment summaries) are kept whole and suppressed at read
-- time for store managers; individual results (customer_scores) hold only customers who allowed
-- profiling when the run was made, are filtered again by current consent when read, and are
-- deleted when a customer is erased.

create table customer_analysis_scopes (
  run_id bigint not null references analysis_runs (run_id) on delete cascade,
  scope text not null, -- 'chain', 'region:<name>', 'store:<code>'
  kind text not null check (kind in ('chain', 'region', 'store')),
  label text not null,
  store_ids integer[] not null,
  customers integer not null, -- card holders who allow profiling and bought in the scope
  primary key (run_id, scope)
);

-- One row per scope, level, attribute value and item (department, category or subcategory code).
-- Cells where the segment bought nothing and nothing was flagged are not stored.
create table customer_demographic_cells (
  run_id bigint not null,
  scope text not null,
  level text not null check (level in ('department', 'category', 'subcategory')),
  attribute text not null,
  value text not null,
  item_code text not null,
  item_name text not null,
  customers integer not null,           -- the segment's card holders in the scope
  segment_spend_cents bigint not null,  -- the segment's spend on everything
  buyers integer not null,              -- of those, customers who bought the item
  spend_cents bigint not null,
  penetration double precision not null,
  spend_share double precision,
  spend_per_customer double precision not null,
  index double precision,               -- penetration against the baseline's, ×100
  spend_index double precision,
  p_value double precision,             -- Fisher's exact test of penetration against the rest of the baseline
  q_value double precision,
  spend_p_value double precision,       -- Welch's t-test of spend per customer against the rest of the baseline
  spend_q_value double precision,
  flag smallint not null,               -- 1 over-indexed, -1 under-indexed, 0 neither (BH at the run's fdr)
  primary key (run_id, scope, level, attribute, value, item_code),
  foreign key (run_id, scope) references customer_analysis_scopes on delete cascade
);
create index customer_demographic_cells_flagged on customer_demographic_cells (run_id, level, flag) where flag <> 0;

-- A store's card holders against the chain's, per attribute value; its cluster and look-alikes.
create table customer_store_profiles (
  run_id bigint not null,
  scope text not null,
  cluster integer not null,
  similar_stores jsonb not null, -- [{ scope, distance }]
  distinctive jsonb not null,  -- [{ feature, z }]
  demographics jsonb not null, -- [{ attribute, value, customers, share, chainShare, index, pValue, qValue, flag }]
  sales_mix jsonb not null,    -- [{ department, share }]
  primary key (run_id, scope),
  foreign key (run_id, scope) references customer_analysis_scopes on delete cascade
);

-- Segment summaries: behavioural clusters, RFM segments, margin tiers.
create table customer_segments (
  run_id bigint not null references analysis_runs (run_id) on delete cascade,
  kind text not null check (kind in ('behaviour', 'rfm', 'tier')),
  segment text not null,
  label text not null,
  customers integer not null,
  spend_cents bigint not null,
  margin_cents bigint not null,
  profile jsonb not null,
  primary key (run_id, kind, segment)
);

-- Individual results. customer_id, not the account number: identity is joined at read time,
-- for marketing only, and an erased customer's rows are deleted with them.
create table customer_scores (
  run_id bigint not null references analysis_runs (run_id) on delete cascade,
  customer_id bigint not null references customers,
  visits integer not null,
  first_visit date not null,
  last_visit date not null,
  spend_cents bigint not null,
  margin_cents bigint not null,
  promo_share double precision not null,
  recency_days integer not null,
  r smallint not null,
  f smallint not null,
  m smallint not null,
  rfm_segment text not null,
  margin_decile smallint not null,
  negative_margin boolean not null,
  behaviour_segment integer not null,
  usual_gap_days double precision,
  lapse_p double precision,
  lapsed boolean not null,
  drifted_on date,
  at_risk boolean not null,
  at_risk_reason text,
  unprofitable boolean not null,
  unprofitable_reason text,
  primary key (run_id, customer_id)
);
create index customer_scores_customer on customer_scores (customer_id);
create index customer_scores_lapsed on customer_scores (run_id) where lapsed;
create index customer_scores_unprofitable on customer_scores (run_id) where unprofitable;
create index customer_scores_at_risk on customer_scores (run_id) where at_risk;
