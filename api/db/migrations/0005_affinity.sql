-- Results of basket-affinity runs (analysis_runs.kind = 'affinity'). One run may cover several
-- scopes (the chain, a region, each store); every row names its scope and the hierarchy level
-- its item ids belong to (products, subcategories, categories or departments), so names are
-- joined at read time and a renamed product keeps its rules.

create table affinity_scopes (
  run_id bigint not null references analysis_runs (run_id) on delete cascade,
  scope text not null, -- 'chain', 'region:<name>', 'store:<code>'
  level text not null check (level in ('sku', 'subcategory', 'category', 'department')),
  basket_count integer not null,
  itemset_count integer not null,
  rules_tested integer not null,
  rule_count integer not null,
  min_count integer not null,
  -- the baseline a store or region is compared against, when it was
  baseline_scope text,
  baseline_basket_count integer,
  primary key (run_id, scope, level)
);

create table affinity_rules (
  run_id bigint not null,
  scope text not null,
  level text not null,
  rule_no integer not null, -- order of the run's output: by lift, then confidence, then items
  antecedent integer[] not null,
  consequent integer not null,
  size smallint not null, -- items in antecedent and consequent
  count integer not null,
  antecedent_count integer not null,
  consequent_count integer not null,
  support double precision not null,
  confidence double precision not null,
  lift double precision not null,
  leverage double precision not null,
  conviction double precision, -- null: infinite (confidence 1)
  p_value double precision,
  q_value double precision,
  primary key (run_id, scope, level, rule_no),
  foreign key (run_id, scope, level) references affinity_scopes on delete cascade
);
create index affinity_rules_consequent on affinity_rules (run_id, scope, level, consequent);
create index affinity_rules_antecedent on affinity_rules using gin (antecedent);

-- A store (or region) against its baseline: every rule found in either, with the lift here and
-- there, their ratio with a 95% interval, a verdict, and whose figures the advice rests on.
create table affinity_comparisons (
  run_id bigint not null,
  scope text not null,
  level text not null,
  comparison_no integer not null, -- stronger, weaker, similar, thin-data; largest |ln ratio| first
  antecedent integer[] not null,
  consequent integer not null,
  local_basket_count integer not null,
  local_antecedent_count integer not null,
  local_count integer not null,
  local_lift double precision,
  baseline_scope text not null,
  baseline_basket_count integer not null, -- without the local baskets
  baseline_antecedent_count integer not null,
  baseline_count integer not null,
  baseline_lift double precision,
  lift_ratio double precision,
  lift_ratio_low double precision,
  lift_ratio_high double precision,
  verdict text not null check (verdict in ('stronger', 'weaker', 'similar', 'thin-data')),
  advice_source text not null, -- store, region or chain: whose figures the advice rests on
  advice_lift double precision,
  note text not null,
  primary key (run_id, scope, level, comparison_no),
  foreign key (run_id, scope, level) references affinity_scopes on delete cascade
);

-- Pairs bought together much less often than chance: candidate substitutes.
create table affinity_substitutes (
  run_id bigint not null,
  scope text not null,
  level text not null,
  item_a integer not null,
  item_b integer not null,
  count integer not null,
  expected double precision not null,
  a_count integer not null,
  b_count integer not null,
  yule_q double precision not null,
  lift double precision not null,
  p_value double precision not null,
  q_value double precision not null,
  primary key (run_id, scope, level, item_a, item_b),
  foreign key (run_id, scope, level) references affinity_scopes on delete cascade
);
