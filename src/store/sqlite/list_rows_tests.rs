//! `load_for_list` reads a long backlog in two halves on two connections:
//! the items are those of one read, with every field `list` prints.

use crate::domain::roadmap::fixture;
use crate::domain::{Item, Key, Kind, Status};
use crate::store::{OpenMode, Store};

/// The fields `load_for_list` promises.
fn listed(i: &Item) -> String {
    format!(
        "{} {:?} {} {} {:?} {} {} {:?} {:?} {:?} {:?} {:?}",
        i.key,
        i.parent,
        i.title,
        i.status,
        i.lane,
        i.rank,
        i.archived,
        i.points,
        i.rice_score(),
        i.wsjf_score(),
        i.rice,
        i.wsjf
    )
}

/// A file of the fixture and `n` more stories under its first epic.
fn file(dir: &tempfile::TempDir, n: i64) -> Store {
    let mut s = Store::open(&dir.path().join("b.db"), OpenMode::Create).unwrap();
    s.set_clock(Box::new(fixture::at));
    let mut items = fixture::items();
    let epic = items
        .iter()
        .find(|i| i.kind() == Kind::Epic)
        .map(|i| i.key)
        .unwrap();
    for k in 0..n {
        let mut i = Item::blank(Key::new(Kind::Story, 1_000 + k), Some(epic), fixture::at());
        i.title = format!("Story {k} ü");
        i.status = [Status::Draft, Status::Ready, Status::Done][(k % 3) as usize];
        i.rank = k % 17;
        i.points = (k % 5 != 0).then_some((k % 13) as f64);
        i.rice.reach = (k % 7 != 0).then_some((k * 3) as f64);
        i.rice.impact = Some(2.0);
        i.rice.confidence = Some(0.8);
        i.rice.effort = Some(((k % 4) + 1) as f64);
        i.archived = k % 97 == 0;
        items.push(i);
    }
    s.write("import", |tx| tx.insert_all(&items)).unwrap();
    s
}

/// Asserts that `load_for_list` gives the fields of the whole load;
/// returns how many items.
fn read_in_halves_is_read_whole(s: &Store) -> usize {
    let whole: Vec<String> = s.load().unwrap().items().iter().map(listed).collect();
    let halves: Vec<String> = s
        .load_for_list()
        .unwrap()
        .items()
        .iter()
        .map(listed)
        .collect();
    assert_eq!(halves, whole);
    whole.len()
}

#[test]
fn a_long_backlog_read_in_two_halves_is_the_backlog_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let s = file(&dir, 5_000);
    assert!(read_in_halves_is_read_whole(&s) > 5_000);
}

#[test]
fn a_long_backlog_read_while_another_process_writes_is_of_one_commit() {
    // Whatever another connection commits while `list` reads, the items
    // are those before it or those after it, never half of each.
    let dir = tempfile::tempdir().unwrap();
    let s = file(&dir, 5_000);
    let before: Vec<String> = s.load().unwrap().items().iter().map(listed).collect();
    let path = s.path().to_path_buf();
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let w = rusqlite::Connection::open(&path).unwrap();
            w.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // Every story's title changes in one transaction.
                w.execute("UPDATE items SET title = title || '!' WHERE kind = 'S'", [])
                    .unwrap();
            }
        });
        for _ in 0..20 {
            let items = s.load_for_list().unwrap();
            let marks: std::collections::BTreeSet<usize> = items
                .items()
                .iter()
                .filter(|i| i.kind() == Kind::Story)
                .map(|i| i.title.matches('!').count())
                .collect();
            assert_eq!(marks.len(), 1, "stories of two commits: {marks:?}");
            assert_eq!(items.items().len(), before.len());
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
}

#[test]
fn uneven_ids_still_give_the_backlog_read_whole() {
    // The cut is the middle of the first and last ids: with most rows of
    // one side deleted the halves are uneven, never wrong.
    let dir = tempfile::tempdir().unwrap();
    let s = file(&dir, 6_000);
    let path = s.path().to_path_buf();
    let w = rusqlite::Connection::open(&path).unwrap();
    let (lo, hi): (i64, i64) = w
        .query_row("SELECT min(id), max(id) FROM items", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    // Stories only (nothing is their parent), most of the first half.
    w.execute(
        "DELETE FROM items WHERE kind = 'S' AND id < ?1 AND id % 50 <> 0",
        [lo + (hi - lo) / 2],
    )
    .unwrap();
    drop(w);
    let n = read_in_halves_is_read_whole(&s);
    assert!(n > 3_000 && n < 4_000, "{n} items");
}

#[test]
fn the_file_is_mapped_for_the_read_only() {
    // The whole read goes through a memory map; the connection reads
    // through its page cache again afterwards, whether the read succeeded
    // or failed.
    let dir = tempfile::tempdir().unwrap();
    let s = file(&dir, 4_500);
    let path = s.path().to_path_buf();
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mapped = |c: &rusqlite::Connection| -> i64 {
        c.query_row("PRAGMA mmap_size", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(mapped(&conn), 0);
    conn.execute_batch("BEGIN").unwrap();
    let items = super::list_rows::load_for_list(&conn, &path).unwrap();
    assert!(items.len() > 4_500);
    assert_eq!(mapped(&conn), 0);
    conn.execute_batch("COMMIT").unwrap();
    // A failed read: a kind the items table would refuse.
    conn.execute_batch("PRAGMA ignore_check_constraints = 1")
        .unwrap();
    conn.execute(
        "UPDATE items SET kind = 'Q' WHERE id = (SELECT max(id) FROM items)",
        [],
    )
    .unwrap();
    conn.execute_batch("BEGIN").unwrap();
    assert!(super::list_rows::load_for_list(&conn, &path).is_err());
    assert_eq!(mapped(&conn), 0);
}

#[test]
fn ids_at_the_ends_of_the_range_are_cut_without_overflow() {
    // Row ids are any i64 to SQLite: a file written by another tool may
    // hold the lowest and the highest. The middle of them is taken
    // without overflow, and the halves are still the whole read.
    let dir = tempfile::tempdir().unwrap();
    let s = file(&dir, 4_500);
    let w = rusqlite::Connection::open(s.path()).unwrap();
    w.execute_batch(
        "UPDATE items SET id = 9223372036854775807 \
           WHERE id = (SELECT max(id) FROM items WHERE kind = 'S'); \
         UPDATE items SET id = -9223372036854775807 \
           WHERE id = (SELECT min(id) FROM items WHERE kind = 'S');",
    )
    .unwrap();
    drop(w);
    assert!(read_in_halves_is_read_whole(&s) > 4_500);
}
