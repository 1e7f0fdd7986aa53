//! Handing the memory of a big value back to the system once it is
//! dropped. Every command keeps what it frees for reuse (the CLI sets
//! mimalloc's purge delay to "never"), but a block freed is reused only
//! by a block that fits in it: an item's text, freed, stayed resident
//! beside its JSON (a little longer, for its escapes) and SQLite's copies
//! (made with the system's malloc), so that an edit of an item with a big
//! text held it six times where four were ever needed at once.

use crate::domain::Item;

/// mimalloc's `purge_delay` option (v3's `mi_option_purge_delay`).
pub const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// From this many bytes of text on, an item dropped by the store is
/// handed back (see [`drop_item`]).
const BIG: usize = 1 << 20;

/// Frees `value` and gives its memory back to the system at once, though
/// the command keeps what it frees otherwise (the purge delay is put back
/// afterwards).
pub fn give_back<T>(value: T) {
    purging(|| drop(value));
    // SAFETY: `mi_collect` takes no pointers and may be called at any
    // time; without mimalloc as the allocator it does nothing.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Runs `f`, every big block it frees given back to the system at once:
/// mimalloc purges a block when it is freed, by the purge delay then set
/// (with "never", a later collect does not either).
pub fn purging<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: `mi_option_get` and `mi_option_set` take no pointers and may
    // be called at any time; without mimalloc as the allocator they change
    // nothing. With a purge delay of 0 mimalloc purges what is freed at
    // once; with -1 it never does.
    let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    let out = f();
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, delay) };
    out
}

/// [`purging`] when `big` (for a small value, purging costs more than it
/// gives back), else `f` as it is.
pub(crate) fn purging_if<T>(big: bool, f: impl FnOnce() -> T) -> T {
    if big { purging(f) } else { f() }
}

/// Whether `text` is big enough to be handed back as it is freed.
pub(crate) fn is_big(text: &str) -> bool {
    text.len() >= BIG
}

/// An item's state read from its JSON (a history row's), the text and the
/// parser's copy of a big description given back as they are freed:
/// parsed, a state of 200 MB left 400 MB resident beside the item.
pub(crate) fn parse_state(json: String) -> crate::store::Result<Item> {
    if json.len() < BIG {
        return crate::store::format::item_from_json(&json);
    }
    purging(|| {
        let item = crate::store::format::item_from_json(&json);
        drop(json);
        item
    })
}

/// Drops `item`, handing its memory back when its text is big (collecting
/// costs more than freeing a small item).
pub(crate) fn drop_item(item: Item) {
    if is_big(&item.description) {
        give_back(item);
    }
}
