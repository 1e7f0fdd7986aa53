//! The author recorded with each change to a file: the operating-system
//! user running the command.

/// `$USER`, else `$LOGNAME` (what `whoami` would say in a login shell);
/// `None` when neither is set to something.
pub(super) fn os_user() -> Option<String> {
    ["USER", "LOGNAME"]
        .into_iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|u| u.trim().to_string())
        .find(|u| !u.is_empty())
}
