use super::*;

#[test]
fn a_new_file_and_a_regular_file_are_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("out.md");
    write_file(&p, b"one").unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"one");
    write_file(&p, b"two").unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"two");
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[cfg(unix)]
#[test]
fn an_existing_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("out.md");
    fs::write(&p, b"old").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    write_file(&p, b"new").unwrap();
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_is_followed_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.md");
    let link = dir.path().join("link.md");
    fs::write(&target, b"old").unwrap();
    std::os::unix::fs::symlink("real.md", &link).unwrap();
    write_file(&link, b"new").unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&target).unwrap(), b"new");
    // A dangling link creates its target.
    let dangling = dir.path().join("dangling.md");
    std::os::unix::fs::symlink("made.md", &dangling).unwrap();
    write_file(&dangling, b"made").unwrap();
    assert!(
        fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(dir.path().join("made.md")).unwrap(), b"made");
}

#[cfg(unix)]
#[test]
fn a_device_is_written_through_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    write_file(&link, b"gone").unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = write_file(dir.path(), b"x").unwrap_err().to_string();
    assert!(err.contains("is a directory; nothing was written"), "{err}");
}

#[test]
fn a_dash_means_standard_output() {
    assert_eq!(
        Destination::parse(Some(Path::new("-"))),
        Destination::Stdout
    );
    assert_eq!(Destination::parse(None), Destination::Stdout);
    assert_eq!(
        Destination::parse(Some(Path::new("a.md"))),
        Destination::File("a.md".into())
    );
}

#[test]
fn messages_show_paths_safely() {
    let err = write_file(
        Path::new("/nonexistent-dir/x\u{1b}]52;c;AAAA\u{7}.md"),
        b"x",
    )
    .unwrap_err()
    .to_string();
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
}

/// Found by the second hostile pass: `export -o backlog.db` replaced the
/// backlog with its own export. A database, its journal files, and every
/// way of reaching them are refused; the bytes stay as they were.
#[cfg(unix)]
#[test]
fn a_database_and_its_companions_are_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("backlog.db");
    let mut page = b"SQLite format 3\0".to_vec();
    page.resize(4096, 7);
    fs::write(&db, &page).unwrap();
    let wal = dir.path().join("backlog.db-wal");
    fs::write(&wal, [0x37, 0x7f, 0x06, 0x82, 0, 0, 0, 1]).unwrap();
    let shm = dir.path().join("backlog.db-shm");
    fs::write(&shm, [0u8; 64]).unwrap();
    let journal = dir.path().join("other.db-journal");
    fs::write(
        &journal,
        [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7, 1],
    )
    .unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("backlog.db", &link).unwrap();
    let hard = dir.path().join("hard.json");
    fs::hard_link(&db, &hard).unwrap();
    for target in [&db, &wal, &shm, &journal, &link, &hard] {
        let before = fs::read(target).unwrap();
        let err = write_file(target, b"{}").unwrap_err().to_string();
        assert!(err.contains("nothing was written"), "{err}");
        assert!(err.contains("SQLite"), "{err}");
        assert_eq!(fs::read(target).unwrap(), before, "{}", target.display());
    }
    // A `-shm` beside something that is not a database is just a name.
    let plain = dir.path().join("notes-shm");
    fs::write(&plain, b"old").unwrap();
    write_file(&plain, b"new").unwrap();
    assert_eq!(fs::read(&plain).unwrap(), b"new");
}

/// SQLite deletes `-wal` and `-shm` when the last connection closes: a new
/// file of that name beside a database would be read as part of it.
#[test]
fn a_missing_companion_of_a_database_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("backlog.db");
    fs::write(&db, b"SQLite format 3\0rest of the page").unwrap();
    for name in ["backlog.db-wal", "backlog.db-shm", "backlog.db-journal"] {
        let err = write_file(&dir.path().join(name), b"{}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("SQLite database beside it"), "{err}");
        assert!(!dir.path().join(name).exists(), "{name}");
    }
}
