-- User accounts, browser sessions, sign-in throttling, and API keys for the two reading roles.
-- Roles: admin (everything), terminal (keys only: posts its store's sales), marketing (every store,
-- customer-level data), store_manager (its assigned stores, aggregates only). See docs/ARCHITECTURE.md.

-- ---------------------------------------------------------------- API keys: marketing and store managers
alter table api_keys drop constraint api_keys_role_check;
alter table api_keys add constraint api_keys_role_check check (role in ('admin', 'terminal', 'marketing', 'store_manager'));
-- api_keys_check stays: store_id is the one store of a terminal key and null for every other role.
-- A store-manager key may cover several stores, as a store-manager user does, so its stores are
-- rows here (the same shape as user_stores); rows of other roles' keys are ignored.
create table api_key_stores (
  key_id bigint not null references api_keys on delete cascade,
  store_id integer not null references stores,
  primary key (key_id, store_id)
);

-- ---------------------------------------------------------------- users
create table users (
  user_id bigint generated always as identity primary key,
  -- Stored lower-case (the API and CLI lower-case what they are given): unique regardless of case.
  username text not null unique check (username ~ '^[a-z0-9][a-z0-9._@-]{0,63}$'),
  display_name text not null check (length(display_name) between 1 and 200),
  -- 'scrypt$N$r$p$salt$hash' (base64url salt and hash): the parameters travel with the hash.
  password_hash text not null check (password_hash like 'scrypt$%'),
  role text not null check (role in ('admin', 'marketing', 'store_manager')),
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  password_changed_at timestamptz not null default now()
);

-- The stores a store manager sees; none for the other roles.
create table user_stores (
  user_id bigint not null references users on delete cascade,
  store_id integer not null references stores,
  primary key (user_id, store_id)
);

-- ---------------------------------------------------------------- sessions
-- The cookie carries 32 random bytes; only their SHA-256 is stored, so a read of this table
-- (a backup, a replica) yields no usable session. Validity is checked on every request against
-- last_seen_at (idle timeout) and expires_at (absolute lifetime), with the clock of the app.
create table sessions (
  session_sha256 bytea primary key,
  user_id bigint not null references users on delete cascade,
  csrf_token text not null,
  user_agent text,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);
create index sessions_expires on sessions (expires_at);

-- ---------------------------------------------------------------- sign-in throttling
-- One row per sign-in attempt not yet known to have succeeded (a success deletes its username's
-- rows). Counted per username and per client address over a sliding window; rows older than the
-- window are pruned on the next attempt. In the database, so limits hold across restarts and processes.
create table sign_in_attempts (
  attempt_id bigint generated always as identity primary key,
  username text not null,
  client_ip text not null,
  attempted_at timestamptz not null
);
create index sign_in_attempts_username on sign_in_attempts (username, attempted_at);
create index sign_in_attempts_client_ip on sign_in_attempts (client_ip, attempted_at);
create index sign_in_attempts_attempted_at on sign_in_attempts (attempted_at);
