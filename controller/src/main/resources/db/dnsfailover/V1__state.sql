-- dnsfailover's state in a cluster (DESIGN §8): the same data as a state directory, shared by every node.

-- one row per group: the JSON a groups/<group>.json file would hold
CREATE TABLE dnsfailover_group_state (
    group_name  text PRIMARY KEY,
    state       jsonb NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text NOT NULL
);

-- a group's state that could not be used when it was restored: kept, never deleted
CREATE TABLE dnsfailover_group_state_aside (
    group_name  text NOT NULL,
    state       text NOT NULL,
    kept_at     timestamptz NOT NULL
);

-- what a group's ticks remember that every node shares (alarms, the latest decision and plan journalled), for
-- the ticks of one group run on any node, one at a time
CREATE TABLE dnsfailover_group_memory (
    group_name  text PRIMARY KEY,
    memory      jsonb NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text NOT NULL
);

-- the journal: one events.jsonl line per row, in the order written
CREATE TABLE dnsfailover_journal (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL,
    group_name  text,
    type        text NOT NULL,
    node        text NOT NULL,
    line        text NOT NULL
);
CREATE INDEX dnsfailover_journal_group ON dnsfailover_journal (group_name, id);

-- each node's latest view of each target, after its own thresholds
CREATE TABLE dnsfailover_observations (
    node        text NOT NULL,
    group_name  text NOT NULL,
    target      text NOT NULL,
    health      text NOT NULL,
    since       timestamptz,
    last_probe  timestamptz,
    result      text,
    reason      text,
    fast_since  timestamptz,
    -- how old last_probe was when the row was written, by the node's own clock: with recorded_at (the
    -- database's clock) the age of the probe is known without trusting the nodes' clocks to agree
    probe_age_ms bigint,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (node, group_name, target)
);

-- the nodes that ran a daemon, and when each was last heard of
CREATE TABLE dnsfailover_nodes (
    node        text PRIMARY KEY,
    pid         bigint NOT NULL,
    host        text NOT NULL,
    started_at  timestamptz,
    seen_at     timestamptz NOT NULL
);

-- who may write a group's state and its record at the providers, until when (the fence of every write):
-- checked and taken in the transaction that saves the group's state, by the database's clock
CREATE TABLE dnsfailover_leases (
    group_name  text PRIMARY KEY,
    holder      text NOT NULL,
    epoch       bigint NOT NULL,
    expires_at  timestamptz NOT NULL
);
