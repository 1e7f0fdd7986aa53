//! Who is running this process, for the author of each change on a file
//! and the default role on a server.

/// `$USER`, else `$LOGNAME`, else `$USERNAME` (what `whoami` says in a
/// login shell), else the name the system gives the process's user (a
/// service, a container or a cron job often sets none of them); `None`
/// only when none of these names anyone.
pub fn os_user() -> Option<String> {
    ["USER", "LOGNAME", "USERNAME"]
        .into_iter()
        .filter_map(|v| std::env::var(v).ok())
        .chain(whoami::username().ok())
        .map(|u| u.trim().to_string())
        .find(|u| !u.is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn someone_is_running_the_tests() {
        // Whatever the environment sets, the system knows the user.
        let who = super::os_user().expect("a user");
        assert!(!who.is_empty() && who.trim() == who, "{who:?}");
    }
}
