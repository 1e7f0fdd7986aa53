//! Files the kernel makes as they are read (`/proc`, `/sys` and their
//! kin): they report a size of 0 (or of a page) whatever they hold, and
//! no file can be created beside them. Such a file is no backlog, and no
//! output or backup can be written there: one answer for the store, the
//! outputs and `backup`.

use std::ffi::CString;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// The pseudo file systems of Linux (`statfs(2)`'s `f_type`, from
/// `linux/magic.h`) and their names.
const PSEUDO: [(i64, &str); 14] = [
    (0x9fa0, "proc"),
    (0x6265_6572, "sysfs"),
    (0x6462_6720, "debugfs"),
    (0x7472_6163, "tracefs"),
    (0x7363_6673, "securityfs"),
    (0x0027_e0eb, "cgroup"),
    (0x6367_7270, "cgroup2"),
    (0x6265_6570, "configfs"),
    (0xcafe_4a11, "bpf"),
    (0x6165_676c, "pstore"),
    (0xde5e_81e4, "efivarfs"),
    (0x6573_5543, "fusectl"),
    (0xf97c_ff8c, "selinuxfs"),
    (0x4249_4e4d, "binfmt_misc"),
];

/// The name of the pseudo file system holding `path` (there, or the
/// directory a new file would go to), if it is on one.
pub fn pseudo_file_system(path: &Path) -> Option<&'static str> {
    let at = if std::fs::symlink_metadata(path).is_ok() {
        path
    } else {
        match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        }
    };
    let c = CString::new(at.as_os_str().as_bytes()).ok()?;
    // SAFETY: `c` is a valid NUL-terminated string and `st` a writable
    // statfs for the whole call.
    let kind = unsafe {
        let mut st: libc::statfs = std::mem::zeroed();
        if libc::statfs(c.as_ptr(), &mut st) != 0 {
            return None;
        }
        #[allow(clippy::unnecessary_cast)]
        let kind = st.f_type as i64;
        kind
    };
    PSEUDO
        .iter()
        .find(|(magic, _)| *magic == kind || *magic == kind & 0xffff_ffff)
        .map(|(_, name)| *name)
}

/// Why the regular file at `path` of `len` bytes is not a file on a disk:
/// it is on a pseudo file system, or it says it is empty but reading it
/// gives bytes (and it still says so after: a file another process has
/// just written to says its new size).
pub(super) fn not_on_a_disk(path: &Path, len: u64) -> Option<String> {
    if let Some(fs) = pseudo_file_system(path) {
        return Some(format!(
            "it is a file of the kernel's {fs} pseudo file system, made as it is read, not a file on a disk; give the path of a regular file"
        ));
    }
    if len > 0 {
        return None;
    }
    let mut byte = [0u8; 1];
    let gave = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .and_then(|mut f| f.read(&mut byte))
        .is_ok_and(|n| n > 0);
    let still_empty = std::fs::metadata(path).is_ok_and(|m| m.len() == 0);
    (gave && still_empty).then(|| {
        "it says it is empty but reading it gives bytes: it is made as it is read, not a file on a disk; give the path of a regular file".to_string()
    })
}
