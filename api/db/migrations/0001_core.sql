-- Basketwise core schema: the whole domain, so later features add columns, not rewrites.
-- Conventions: money in integer minor units (bigint, *_cents); quantities numeric(12,3);
-- every fact table's key starts with store_id (Citus distribution column);
-- stores, products and the hierarchy are small reference tables.

-- ---------------------------------------------------------------- card numbers
-- GS1 mod-10 (General Specifications §7.9: weights 3,1 from the right, check digit excluded)
-- for EAN-13 restricted-circulation ranges (02, 04, 20-29) and 18-digit GSRNs;
-- Luhn (ISO/IEC 7812-1) for every other length from 8 to 19 digits. Mirrors api/customers/card-number.ts.
create function gs1_check_digit_ok(n text) returns boolean language sql immutable strict as $$
  select (
    select (10 - (sum(substr(n, length(n) - i, 1)::int * case when i % 2 = 1 then 3 else 1 end) % 10)) % 10
    from generate_series(1, length(n) - 1) as i
  ) = right(n, 1)::int
$$;

create function luhn_ok(n text) returns boolean language sql immutable strict as $$
  select (
    select sum(case when i % 2 = 1 then (d * 2) / 10 + (d * 2) % 10 else d end) % 10
    from (select i, substr(n, length(n) - i, 1)::int as d from generate_series(0, length(n) - 1) as i) digits
  ) = 0
$$;

create function card_number_valid(n text) returns boolean language sql immutable strict as $$
  select case
    when n !~ '^[0-9]{8,19}$' then false
    when length(n) = 13 and left(n, 2) in ('02', '04', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29') then gs1_check_digit_ok(n)
    when length(n) = 18 then gs1_check_digit_ok(n)
    else luhn_ok(n)
  end
$$;

-- ---------------------------------------------------------------- stores and floor layout
create table stores (
  store_id integer generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$'),
  name text not null,
  region text not null,
  format text not null check (format in ('hypermarket', 'supermarket', 'convenience', 'discount', 'online')),
  sales_area_m2 integer check (sales_area_m2 > 0),
  opened_on date,
  closed_on date,
  time_zone text not null default 'UTC',
  currency char(3) not null default 'EUR',
  postcode text,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table store_zones (
  store_id integer not null references stores,
  zone_id integer generated always as identity,
  code text not null,
  name text not null,
  kind text not null default 'sales' check (kind in ('sales', 'checkout', 'entrance', 'service', 'storage')),
  outline jsonb, -- polygon in metres from the store's origin, [[x, y], ...]
  primary key (store_id, zone_id),
  unique (store_id, code)
);

create table store_aisles (
  store_id integer not null,
  aisle_id integer generated always as identity,
  zone_id integer,
  code text not null,
  x_m real not null, y_m real not null,   -- start of the aisle's centre line
  length_m real not null check (length_m > 0),
  width_m real not null check (width_m > 0),
  heading_deg real not null default 0,
  primary key (store_id, aisle_id),
  unique (store_id, code),
  foreign key (store_id, zone_id) references store_zones (store_id, zone_id)
);

create table store_bays (
  store_id integer not null,
  bay_id integer generated always as identity,
  aisle_id integer,
  code text not null,
  kind text not null default 'shelf' check (kind in ('shelf', 'end_cap', 'chiller', 'freezer', 'promo', 'checkout')),
  side text check (side in ('left', 'right')),
  x_m real not null, y_m real not null,
  width_m real not null check (width_m > 0),
  depth_m real not null check (depth_m > 0),
  shelf_count smallint not null default 1 check (shelf_count > 0),
  primary key (store_id, bay_id),
  unique (store_id, code),
  foreign key (store_id, aisle_id) references store_aisles (store_id, aisle_id)
);

create table store_bay_adjacency (
  store_id integer not null,
  bay_id integer not null,
  neighbour_bay_id integer not null,
  relation text not null check (relation in ('beside', 'facing', 'around_corner')),
  distance_m real not null check (distance_m >= 0),
  primary key (store_id, bay_id, neighbour_bay_id),
  foreign key (store_id, bay_id) references store_bays (store_id, bay_id),
  foreign key (store_id, neighbour_bay_id) references store_bays (store_id, bay_id),
  check (bay_id <> neighbour_bay_id)
);

-- ---------------------------------------------------------------- product catalog
create table departments (
  department_id integer generated always as identity primary key,
  code text not null unique,
  name text not null
);

create table categories (
  category_id integer generated always as identity primary key,
  department_id integer not null references departments,
  code text not null unique,
  name text not null
);

create table subcategories (
  subcategory_id integer generated always as identity primary key,
  category_id integer not null references categories,
  code text not null unique,
  name text not null
);

create table products (
  product_id integer generated always as identity primary key,
  sku text not null unique,
  gtin text check (gtin ~ '^[0-9]{8,14}$'),
  name text not null,
  brand text,
  own_brand boolean not null default false,
  subcategory_id integer references subcategories,
  pack_size numeric(12, 3) check (pack_size > 0),
  pack_unit text check (pack_unit in ('EA', 'G', 'KG', 'ML', 'L', 'M')),
  unit_cost_cents bigint check (unit_cost_cents >= 0),
  regular_price_cents bigint check (regular_price_cents >= 0),
  launched_on date,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index products_subcategory on products (subcategory_id);

-- ---------------------------------------------------------------- customers, cards, consents
create table households (
  household_id bigint generated always as identity primary key,
  household_ref text not null unique,
  created_at timestamptz not null default now()
);

create table customers (
  customer_id bigint generated always as identity primary key,
  customer_ref text unique, -- the retailer's account number; null once erased
  household_id bigint references households,
  enrolment_store_id integer references stores,
  enrolled_on date,
  status text not null default 'active' check (status in ('active', 'closed', 'erased')),
  erased_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'erased') = (erased_at is not null))
);
create index customers_household on customers (household_id);

-- What analytics reads about a customer. Identity and contact data live apart, in customer_contacts.
create table customer_demographics (
  customer_id bigint primary key references customers,
  gender text check (gender in ('female', 'male', 'other', 'undisclosed')),
  birth_year smallint check (birth_year between 1900 and 2100),
  income_band text check (income_band in ('low', 'lower_middle', 'middle', 'upper_middle', 'high')),
  education text check (education in ('primary', 'secondary', 'vocational', 'tertiary', 'postgraduate')),
  household_size smallint check (household_size between 1 and 20),
  children_count smallint check (children_count between 0 and 20),
  youngest_child_birth_year smallint check (youngest_child_birth_year between 1900 and 2100),
  postcode text,
  updated_at timestamptz not null default now()
);

-- Identity: read only by marketing features that need to reach the person.
create table customer_contacts (
  customer_id bigint primary key references customers,
  given_name text,
  family_name text,
  address_line1 text,
  address_line2 text,
  postal_code text,
  city text,
  country char(2),
  email text,
  phone text,
  updated_at timestamptz not null default now()
);

-- Consents are an append-only log of decisions; the effective state is derived (see view below).
create table consent_events (
  consent_event_id bigint generated always as identity primary key,
  customer_id bigint not null references customers,
  purpose text not null check (purpose in ('marketing', 'profiling', 'personalised_offers')),
  channel text not null check (channel in ('any', 'postal_mail', 'email')),
  decision text not null check (decision in ('granted', 'withdrawn', 'objected')),
  recorded_at timestamptz not null,
  source text not null, -- e.g. 'enrolment-form', 'web-preferences', 'call-centre', 'import'
  created_at timestamptz not null default now()
);
create index consent_events_customer on consent_events (customer_id, purpose, channel, recorded_at);

create table loyalty_cards (
  card_id bigint generated always as identity primary key,
  card_number text unique check (card_number_valid(card_number)), -- null once the customer is erased
  customer_id bigint not null references customers,
  status text not null default 'active' check (status in ('active', 'blocked', 'replaced', 'erased')),
  replaced_by_card_id bigint references loyalty_cards,
  enrolment_store_id integer references stores,
  enrolled_on date,
  status_changed_at timestamptz,
  created_at timestamptz not null default now(),
  check ((status = 'replaced') = (replaced_by_card_id is not null)),
  check ((status = 'erased') = (card_number is null))
);
create index loyalty_cards_customer on loyalty_cards (customer_id);

-- ---------------------------------------------------------------- sales facts
create table receipts (
  store_id integer not null references stores,
  receipt_id bigint generated always as identity,
  terminal_id text not null,
  business_day date not null,
  receipt_no text not null,
  occurred_at timestamptz not null,
  currency char(3) not null,
  -- Card as presented at the till. card_status says why a sale is or is not linked:
  -- linked, none (no card), invalid_check_digit, unknown_card, blocked_card.
  card_raw text,
  card_entry text check (card_entry in ('scanned', 'keyed')),
  card_status text not null check (card_status in ('none', 'linked', 'invalid_check_digit', 'unknown_card', 'blocked_card')),
  card_id bigint references loyalty_cards,
  customer_id bigint references customers,
  total_cents bigint not null,
  line_count integer not null,
  receipt_discount_cents bigint not null default 0,
  content_hash bytea not null,
  source text not null default 'api',
  received_at timestamptz not null default now(),
  primary key (store_id, receipt_id),
  unique (store_id, terminal_id, business_day, receipt_no),
  check ((card_status = 'linked') = (customer_id is not null))
);
create index receipts_customer on receipts (customer_id, business_day) where customer_id is not null;
create index receipts_store_day on receipts (store_id, business_day);

-- Lines are range-partitioned by business day, one partition per month, so old months
-- can be detached and archived and date-bounded queries touch only their months.
create table receipt_lines (
  store_id integer not null,
  business_day date not null,
  receipt_id bigint not null,
  line_no smallint not null check (line_no > 0),
  kind text not null check (kind in ('sale', 'return')),
  sku text not null,
  product_id integer, -- null while the SKU is unmapped (see unmapped_skus)
  gtin text,
  quantity numeric(12, 3) not null check (quantity > 0),
  unit_price_cents bigint not null check (unit_price_cents >= 0),
  discount_cents bigint not null default 0 check (discount_cents >= 0),
  net_amount_cents bigint not null, -- signed: sales >= 0, returns <= 0
  coupon_code text,
  voided boolean not null default false,
  -- A return names the original sale line when the till knows it (natural key),
  -- and return_of_receipt_id is filled when that receipt is on file.
  return_of_terminal_id text,
  return_of_business_day date,
  return_of_receipt_no text,
  return_of_line_no smallint,
  return_of_receipt_id bigint,
  primary key (store_id, business_day, receipt_id, line_no),
  check ((kind = 'sale') = (net_amount_cents >= 0) or net_amount_cents = 0),
  check (kind = 'return' or return_of_receipt_no is null)
) partition by range (business_day);
create index receipt_lines_receipt on receipt_lines (store_id, receipt_id);
create index receipt_lines_unmapped on receipt_lines (sku) where product_id is null;

create table receipt_tenders (
  store_id integer not null,
  receipt_id bigint not null,
  seq smallint not null,
  tender_type text not null check (tender_type in ('cash', 'card', 'voucher', 'gift_card', 'mobile', 'loyalty_points', 'other')),
  amount_cents bigint not null,
  primary key (store_id, receipt_id, seq),
  foreign key (store_id, receipt_id) references receipts (store_id, receipt_id)
);

-- Receipt-level reductions not tied to one line: basket coupons, loyalty rewards.
create table receipt_discounts (
  store_id integer not null,
  receipt_id bigint not null,
  seq smallint not null,
  coupon_code text,
  promotion_id text,
  amount_cents bigint not null check (amount_cents > 0),
  primary key (store_id, receipt_id, seq),
  foreign key (store_id, receipt_id) references receipts (store_id, receipt_id)
);

-- SKUs sold before the catalog knew them: the sale is kept, the gap is listed.
create table unmapped_skus (
  store_id integer not null references stores,
  sku text not null,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  first_business_day date not null,
  last_business_day date not null,
  line_count bigint not null,
  primary key (store_id, sku)
);

-- Creates the month partition holding `day` when it is missing. Called outside the
-- ingest transaction: creating a partition locks the parent table.
create function ensure_receipt_line_partition(day date) returns void language plpgsql as $$
declare
  m date := date_trunc('month', day)::date;
  part text := 'receipt_lines_' || to_char(m, 'YYYY_MM');
begin
  if to_regclass(part) is null then
    begin
      execute format('create table %I partition of receipt_lines for values from (%L) to (%L)',
                     part, m, (m + interval '1 month')::date);
    exception when duplicate_table or unique_violation then
      null; -- created by a concurrent session in the meantime
    end;
  end if;
end $$;

-- ---------------------------------------------------------------- campaigns (filled by a later issue)
create table campaigns (
  campaign_id bigint generated always as identity primary key,
  code text not null unique,
  name text not null,
  status text not null default 'draft' check (status in ('draft', 'scheduled', 'running', 'finished', 'cancelled')),
  starts_on date,
  ends_on date,
  control_share numeric(5, 4) check (control_share >= 0 and control_share < 1),
  created_at timestamptz not null default now()
);

create table offers (
  offer_id bigint generated always as identity primary key,
  campaign_id bigint not null references campaigns,
  code text not null unique, -- printed on the coupon, scanned back at the till
  description text not null,
  target_sku text,
  target_subcategory_id integer references subcategories,
  discount_cents bigint check (discount_cents >= 0),
  discount_percent numeric(5, 2) check (discount_percent > 0 and discount_percent <= 100),
  valid_from date,
  valid_to date
);

create table offer_assignments (
  campaign_id bigint not null references campaigns,
  customer_id bigint not null references customers,
  offer_id bigint references offers, -- null for control customers, who get no offer
  arm text not null check (arm in ('treatment', 'control')),
  channel text check (channel in ('postal_mail', 'email')),
  assigned_at timestamptz not null default now(),
  sent_at timestamptz,
  primary key (campaign_id, customer_id, arm),
  check ((arm = 'control') = (offer_id is null))
);

create table redemptions (
  store_id integer not null references stores,
  receipt_id bigint not null,
  offer_id bigint not null references offers,
  business_day date not null,
  customer_id bigint references customers,
  line_no smallint,
  amount_cents bigint not null,
  primary key (store_id, receipt_id, offer_id),
  foreign key (store_id, receipt_id) references receipts (store_id, receipt_id)
);

-- ---------------------------------------------------------------- API keys
create table api_keys (
  key_id bigint generated always as identity primary key,
  prefix text not null unique,          -- shown to operators to tell keys apart
  secret_sha256 bytea not null unique,  -- keys are 32 random bytes: a fast hash is enough (no dictionary to guess from)
  role text not null check (role in ('admin', 'terminal')),
  store_id integer references stores,
  name text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  check ((role = 'terminal') = (store_id is not null))
);
