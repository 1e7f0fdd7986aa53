//! The schema, as versioned migrations keyed on `PRAGMA user_version`.
//!
//! Migrations only ever go up. A file whose `user_version` is above
//! [`LATEST_VERSION`] was written by a newer `backlog` and is refused.

use rusqlite_migration::{M, Migrations};

/// `PRAGMA application_id` of a backlog file: "BKLG".
pub const APPLICATION_ID: i64 = 0x424B_4C47;

const V1: &str = r#"
CREATE TABLE key_seq (
    kind TEXT PRIMARY KEY CHECK (kind IN ('I', 'E', 'S')),
    next INTEGER NOT NULL CHECK (next >= 1)
) STRICT;
INSERT INTO key_seq (kind, next) VALUES ('I', 1), ('E', 1), ('S', 1);

CREATE TABLE items (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('I', 'E', 'S')),
    num         INTEGER NOT NULL CHECK (num >= 1),
    parent_id   INTEGER REFERENCES items(id) ON DELETE RESTRICT,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'ready', 'in-progress', 'done', 'dropped')),
    lane        TEXT CHECK (lane IN ('now', 'next', 'later')),
    owner       TEXT,
    labels      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(labels)),
    rank        INTEGER NOT NULL DEFAULT 0,
    archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    outcome     TEXT,
    hypothesis  TEXT,
    metrics     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(metrics)),
    persona     TEXT,
    goal        TEXT,
    benefit     TEXT,
    points      REAL CHECK (points IS NULL OR points >= 0),
    criteria    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(criteria)),
    reach       REAL CHECK (reach IS NULL OR reach >= 0),
    impact      REAL CHECK (impact IS NULL OR impact > 0),
    confidence  REAL CHECK (confidence IS NULL OR (confidence > 0 AND confidence <= 100)),
    effort      REAL CHECK (effort IS NULL OR effort > 0),
    wsjf_value  REAL CHECK (wsjf_value IS NULL OR wsjf_value > 0),
    wsjf_time   REAL CHECK (wsjf_time IS NULL OR wsjf_time > 0),
    wsjf_risk   REAL CHECK (wsjf_risk IS NULL OR wsjf_risk > 0),
    wsjf_size   REAL CHECK (wsjf_size IS NULL OR wsjf_size > 0),
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (kind, num),
    CHECK ((kind = 'I') = (parent_id IS NULL)),
    CHECK (kind = 'S' OR (points IS NULL AND criteria = '[]')),
    CHECK (kind <> 'S' OR lane IS NULL)
);
CREATE INDEX items_parent ON items (parent_id, rank);

CREATE TABLE dependencies (
    item_id    INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    depends_on INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, depends_on),
    CHECK (item_id <> depends_on)
) WITHOUT ROWID;
CREATE INDEX dependencies_on ON dependencies (depends_on);

CREATE TABLE decisions (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    date      TEXT NOT NULL,
    decision  TEXT NOT NULL CHECK (length(trim(decision)) > 0),
    rationale TEXT NOT NULL DEFAULT '',
    UNIQUE (item_id, position)
);

-- One row per command that changed something. `state`: 0 live, 1 undone,
-- 2 undone and then superseded by a newer change (no longer redoable).
CREATE TABLE changes (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    summary TEXT NOT NULL,
    note    TEXT,
    state   INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2))
);

-- The state of an item before and after a change, as JSON (NULL: did not
-- exist). Backs `show --history`, undo and redo.
CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
    item_id   INTEGER NOT NULL,
    item_key  TEXT NOT NULL,
    before    TEXT CHECK (before IS NULL OR json_valid(before)),
    after     TEXT CHECK (after IS NULL OR json_valid(after))
);
CREATE INDEX history_item ON history (item_key, change_id);
CREATE INDEX history_change ON history (change_id);
"#;

/// Roadmap snapshots (`backlog snapshot take`): the stored document is the
/// JSON of `domain::snapshot::Snapshot`, name and time kept beside it for
/// listing without parsing.
const V2: &str = r#"
CREATE TABLE snapshots (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    taken    TEXT NOT NULL,
    document TEXT NOT NULL CHECK (json_valid(document))
) STRICT;
"#;

/// A covering index for the outline of the stories (key, parent and
/// archived flag, without reading the rows): what the TUI's first frame
/// needs before the full load (`Store::load_outline`).
const V3: &str = r#"
CREATE INDEX items_outline ON items (kind, parent_id, archived, num);
"#;

/// Bulk insertions (an import, the demo) record each item they create
/// without writing its state: the history row has `before` and `after`
/// NULL, and the change is marked `bulk`. Such an item's state after the
/// change is the `before` of its next history row, or, when it has not
/// been changed since, its state now. Undo writes those states into the
/// rows (so that redo finds them). A build that does not know this refuses
/// the file (its schema is newer).
const V4: &str = r#"
ALTER TABLE changes ADD COLUMN bulk INTEGER NOT NULL DEFAULT 0 CHECK (bulk IN (0, 1));
"#;

/// Who made each change: on a file, the operating-system user that ran
/// the command (`$USER`, else `$LOGNAME`); NULL when unknown, as for every
/// change recorded before this version.
const V5: &str = r#"
ALTER TABLE changes ADD COLUMN author TEXT;
"#;

/// Each item may keep the key it had in the tool it was imported from
/// (`ABC-123`), so that importing a newer export updates it; looked up by
/// that key.
const V6: &str = r#"
ALTER TABLE items ADD COLUMN external_key TEXT CHECK (external_key IS NULL OR length(external_key) > 0);
CREATE INDEX items_external_key ON items (external_key) WHERE external_key IS NOT NULL;
"#;

/// What kind of change a row of `changes` is: 0 a command's change (undo
/// and redo take it back and forth), 1 final (recorded but never undone:
/// a purge, with what it did to the items that depended on the purged
/// one), 2 the record of an undo or redo (what it did to each item, so
/// that every version an item goes through has its history row; itself
/// never undone).
const V7: &str = r#"
ALTER TABLE changes ADD COLUMN kind INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1, 2));
"#;

/// Customer insights (`F-1`, …) are items of kind `F`: no parent, their
/// information (customer, segment, source, URL, date) in the JSON column
/// `insight`, the items they are evidence for in `dependencies`. SQLite
/// cannot change a CHECK constraint, so `items` is rebuilt (and with it
/// the two tables that refer to it) and `key_seq` gains `F`. The rows of
/// `dependencies` and `decisions` are copied first; the old `items` is
/// emptied children first (its parent link restricts deletes) before it
/// is dropped, so that nothing cascades.
const V8: &str = r#"
CREATE TABLE key_seq_v8 (
    kind TEXT PRIMARY KEY CHECK (kind IN ('I', 'E', 'S', 'F')),
    next INTEGER NOT NULL CHECK (next >= 1)
) STRICT;
INSERT INTO key_seq_v8 (kind, next) SELECT kind, next FROM key_seq;
INSERT OR IGNORE INTO key_seq_v8 (kind, next) VALUES ('F', 1);
DROP TABLE key_seq;
ALTER TABLE key_seq_v8 RENAME TO key_seq;

CREATE TABLE items_v8 (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('I', 'E', 'S', 'F')),
    num         INTEGER NOT NULL CHECK (num >= 1),
    parent_id   INTEGER REFERENCES items_v8(id) ON DELETE RESTRICT,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'ready', 'in-progress', 'done', 'dropped')),
    lane        TEXT CHECK (lane IN ('now', 'next', 'later')),
    owner       TEXT,
    labels      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(labels)),
    rank        INTEGER NOT NULL DEFAULT 0,
    archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    outcome     TEXT,
    hypothesis  TEXT,
    metrics     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(metrics)),
    persona     TEXT,
    goal        TEXT,
    benefit     TEXT,
    points      REAL CHECK (points IS NULL OR points >= 0),
    criteria    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(criteria)),
    reach       REAL CHECK (reach IS NULL OR reach >= 0),
    impact      REAL CHECK (impact IS NULL OR impact > 0),
    confidence  REAL CHECK (confidence IS NULL OR (confidence > 0 AND confidence <= 100)),
    effort      REAL CHECK (effort IS NULL OR effort > 0),
    wsjf_value  REAL CHECK (wsjf_value IS NULL OR wsjf_value > 0),
    wsjf_time   REAL CHECK (wsjf_time IS NULL OR wsjf_time > 0),
    wsjf_risk   REAL CHECK (wsjf_risk IS NULL OR wsjf_risk > 0),
    wsjf_size   REAL CHECK (wsjf_size IS NULL OR wsjf_size > 0),
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    external_key TEXT CHECK (external_key IS NULL OR length(external_key) > 0),
    insight     TEXT CHECK (insight IS NULL OR json_valid(insight)),
    UNIQUE (kind, num),
    CHECK ((kind IN ('I', 'F')) = (parent_id IS NULL)),
    CHECK (kind = 'S' OR (points IS NULL AND criteria = '[]')),
    CHECK (kind <> 'S' OR lane IS NULL),
    CHECK (kind = 'F' OR insight IS NULL)
);
INSERT INTO items_v8 (id, kind, num, parent_id, title, description, status, lane, owner,
    labels, rank, archived, outcome, hypothesis, metrics, persona, goal, benefit, points,
    criteria, reach, impact, confidence, effort, wsjf_value, wsjf_time, wsjf_risk, wsjf_size,
    created, updated, version, external_key)
SELECT id, kind, num, parent_id, title, description, status, lane, owner,
    labels, rank, archived, outcome, hypothesis, metrics, persona, goal, benefit, points,
    criteria, reach, impact, confidence, effort, wsjf_value, wsjf_time, wsjf_risk, wsjf_size,
    created, updated, version, external_key
FROM items ORDER BY id;

CREATE TABLE dependencies_v8 (
    item_id    INTEGER NOT NULL REFERENCES items_v8(id) ON DELETE CASCADE,
    depends_on INTEGER NOT NULL REFERENCES items_v8(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, depends_on),
    CHECK (item_id <> depends_on)
) WITHOUT ROWID;
INSERT INTO dependencies_v8 (item_id, depends_on) SELECT item_id, depends_on FROM dependencies;

CREATE TABLE decisions_v8 (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES items_v8(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    date      TEXT NOT NULL,
    decision  TEXT NOT NULL CHECK (length(trim(decision)) > 0),
    rationale TEXT NOT NULL DEFAULT '',
    UNIQUE (item_id, position)
);
INSERT INTO decisions_v8 (id, item_id, position, date, decision, rationale)
SELECT id, item_id, position, date, decision, rationale FROM decisions;

DROP TABLE dependencies;
DROP TABLE decisions;
DELETE FROM items WHERE kind = 'S';
DELETE FROM items WHERE kind = 'E';
DELETE FROM items;
DROP TABLE items;
ALTER TABLE items_v8 RENAME TO items;
ALTER TABLE dependencies_v8 RENAME TO dependencies;
ALTER TABLE decisions_v8 RENAME TO decisions;
CREATE INDEX items_parent ON items (parent_id, rank);
CREATE INDEX items_outline ON items (kind, parent_id, archived, num);
CREATE INDEX items_external_key ON items (external_key) WHERE external_key IS NOT NULL;
CREATE INDEX dependencies_on ON dependencies (depends_on);
"#;

/// The team's planning settings (what the Now lane stands for in weeks,
/// its capacity in points per week): one row per setting changed from its
/// default.
const V9: &str = r#"
CREATE TABLE backlog_settings (
    name  TEXT PRIMARY KEY CHECK (length(name) > 0),
    value TEXT NOT NULL
) STRICT;
"#;

/// The tool each imported item came from (`jira`, `trello`, …), beside
/// its external key.
const V10: &str = r#"
ALTER TABLE items ADD COLUMN source TEXT CHECK (source IS NULL OR length(source) > 0);
"#;

/// The place the PM pinned a card at in its roadmap lane, over its score
/// (`NULL`: placed by score).
const V11: &str = r#"
ALTER TABLE items ADD COLUMN pinned INTEGER CHECK (pinned IS NULL OR pinned BETWEEN 1 AND 4294967295);
"#;

/// Undo of a bulk insertion (an import) moves the items' rows aside
/// instead of writing each item's state as JSON: the undo's record row of
/// each item holds the marker `"shelf"` as its `before`, and the state is
/// in `shelf` (the item's own columns and its parent's key),
/// `shelf_links` (its dependencies by key; `cut`: a link to an item of
/// the same insertion that the step deleted before it, which the record's
/// state does not hold but redo puts back) and `shelf_decisions`, keyed
/// by that history row (and deleted with it). Redo moves them back.
/// `changes.stepped` names the change a record of undo or redo took
/// (`NULL` before this version), so that a step can tell that an item was
/// changed since only by taking that same change back and forth.
const V12: &str = r#"
ALTER TABLE changes ADD COLUMN stepped INTEGER;

CREATE TABLE shelf (
    history_id   INTEGER PRIMARY KEY REFERENCES history(id) ON DELETE CASCADE,
    parent_key   TEXT,
    id           INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    num          INTEGER NOT NULL,
    parent_id    INTEGER,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    status       TEXT NOT NULL,
    lane         TEXT,
    owner        TEXT,
    labels       TEXT NOT NULL,
    rank         INTEGER NOT NULL,
    archived     INTEGER NOT NULL,
    outcome      TEXT,
    hypothesis   TEXT,
    metrics      TEXT NOT NULL,
    persona      TEXT,
    goal         TEXT,
    benefit      TEXT,
    points       REAL,
    criteria     TEXT NOT NULL,
    reach        REAL,
    impact       REAL,
    confidence   REAL,
    effort       REAL,
    wsjf_value   REAL,
    wsjf_time    REAL,
    wsjf_risk    REAL,
    wsjf_size    REAL,
    created      TEXT NOT NULL,
    updated      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    external_key TEXT,
    insight      TEXT,
    source       TEXT,
    pinned       INTEGER
);

CREATE TABLE shelf_links (
    history_id INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
    depends_on TEXT NOT NULL,
    cut        INTEGER NOT NULL CHECK (cut IN (0, 1)),
    PRIMARY KEY (history_id, depends_on)
) WITHOUT ROWID;

CREATE TABLE shelf_decisions (
    history_id INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    date       TEXT NOT NULL,
    decision   TEXT NOT NULL,
    rationale  TEXT NOT NULL,
    PRIMARY KEY (history_id, position)
) WITHOUT ROWID;
"#;

/// The migrations in order: step `i` takes a file from version `i` to
/// `i + 1`. Opening a file applies them itself, in one transaction under
/// the write lock (see `open::migrate`); [`migrations`] offers the same
/// steps to `rusqlite_migration` for validation and tests.
pub const STEPS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12];

const MIGRATIONS_SLICE: &[M<'static>] = &[
    M::up(V1),
    M::up(V2),
    M::up(V3),
    M::up(V4),
    M::up(V5),
    M::up(V6),
    M::up(V7),
    M::up(V8),
    M::up(V9),
    M::up(V10),
    M::up(V11),
    M::up(V12),
];
const _: () = assert!(STEPS.len() == MIGRATIONS_SLICE.len());

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = STEPS.len() as i64;

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS_SLICE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }
}
