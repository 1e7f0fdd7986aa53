//! Writing many items as one pretty-printed JSON array (`list --json`),
//! on two cores.
//!
//! At 100,000 stories the array is about 180 MB, and turning items into
//! JSON is half of what `list --json` does. The items are cut into chunks;
//! a helper thread serialises every other chunk into a buffer while this
//! thread serialises the ones in between straight to the output, then
//! writes the helper's buffer, in order. A chunk is serialised as a
//! pretty array of its own and its brackets are cut off: its elements are
//! then indented exactly as inside the whole array, so the output is
//! byte-for-byte what one `serde_json` pretty serialiser writes.

use std::io::{self, Write};
use std::sync::mpsc;

use serde::Serialize;

use crate::cli::json::item::ItemJson;
use crate::domain::{Backlog, Item};

/// Items per chunk: big enough that the handing over costs nothing, small
/// enough that the buffers stay a few megabytes.
const CHUNK: usize = 1024;

/// Below this many items one thread does it all.
const PARALLEL_FROM: usize = 4 * CHUNK;

struct Chunk<'a> {
    items: &'a [&'a Item],
    backlog: &'a Backlog,
}

impl Serialize for Chunk<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.items.iter().map(|i| ItemJson::new(i, self.backlog)))
    }
}

/// Serialises `items` (at least one) into `buf` as a pretty array.
fn serialize(items: &[&Item], backlog: &Backlog, buf: &mut Vec<u8>) -> serde_json::Result<()> {
    buf.clear();
    crate::transfer::json_text::to_writer_pretty(&mut *buf, &Chunk { items, backlog })
}

/// The elements of a pretty array of at least one element, as they appear
/// inside it: what is between "[\n" and "\n]".
fn elements(array: &[u8]) -> &[u8] {
    array
        .strip_prefix(b"[\n")
        .and_then(|a| a.strip_suffix(b"\n]"))
        .unwrap_or(array)
}

/// Writes `items` as a pretty JSON array and a newline.
pub fn write(out: &mut dyn Write, items: &[&Item], backlog: &Backlog) -> anyhow::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    if items.len() < PARALLEL_FROM {
        crate::transfer::json_text::to_writer_pretty(&mut out, &Chunk { items, backlog })?;
        writeln!(out)?;
        out.flush()?;
        return Ok(());
    }
    let chunks: Vec<&[&Item]> = items.chunks(CHUNK).collect();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        // The helper serialises the odd chunks, at most two ahead; it stops
        // when this thread stops receiving (an error here drops `rx`).
        let (tx, rx) = mpsc::sync_channel::<serde_json::Result<Vec<u8>>>(2);
        // Written buffers go back to the helper: buffers of megabytes, freed
        // and allocated afresh, would each be new pages from the system.
        let (back, spare) = mpsc::channel::<Vec<u8>>();
        let odd: Vec<&[&Item]> = chunks.iter().skip(1).step_by(2).copied().collect();
        scope.spawn(move || {
            for chunk in odd {
                let mut buf = spare.try_recv().unwrap_or_default();
                let r = serialize(chunk, backlog, &mut buf).map(|()| buf);
                if tx.send(r).is_err() {
                    return;
                }
            }
        });
        out.write_all(b"[\n")?;
        let mut mine = Vec::new();
        for (n, chunk) in chunks.iter().enumerate() {
            if n > 0 {
                out.write_all(b",\n")?;
            }
            if n % 2 == 0 {
                serialize(chunk, backlog, &mut mine)?;
                out.write_all(elements(&mine))?;
            } else {
                let theirs = rx
                    .recv()
                    .map_err(|_| anyhow::anyhow!("the JSON writer thread stopped"))??;
                out.write_all(elements(&theirs))?;
                // The helper may have finished: then the buffer is dropped.
                let _ = back.send(theirs);
            }
        }
        out.write_all(b"\n]\n")?;
        out.flush()?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Spec, items};
    use chrono::{TimeZone, Utc};

    /// Chunked and parallel, the output is what one serialiser writes,
    /// for sizes around every boundary.
    #[test]
    fn same_bytes_as_one_serializer() {
        let now = Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap();
        let backlog = Backlog::new(items(Spec::new(6 * CHUNK, 3), now));
        let all: Vec<&Item> = backlog.items().iter().collect();
        for n in [
            0,
            1,
            2,
            PARALLEL_FROM - 1,
            PARALLEL_FROM,
            PARALLEL_FROM + 1,
            5 * CHUNK,
            5 * CHUNK + 7,
            all.len(),
        ] {
            let n = n.min(all.len());
            let items = &all[..n];
            let mut expected = Vec::new();
            serde_json::to_writer_pretty(
                &mut expected,
                &items
                    .iter()
                    .map(|i| ItemJson::new(i, &backlog))
                    .collect::<Vec<_>>(),
            )
            .unwrap();
            expected.push(b'\n');
            let mut got = Vec::new();
            write(&mut got, items, &backlog).unwrap();
            assert!(got == expected, "{n} items differ");
        }
    }

    /// A failing output stops both threads with the error.
    #[test]
    fn write_errors_are_reported() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let now = Utc.with_ymd_and_hms(2026, 9, 1, 9, 30, 0).unwrap();
        let backlog = Backlog::new(items(Spec::new(PARALLEL_FROM * 2, 3), now));
        let all: Vec<&Item> = backlog.items().iter().collect();
        let err = write(&mut Full, &all, &backlog).unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
    }
}
