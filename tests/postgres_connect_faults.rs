//! What the real binary says when the other end of a `postgres://` URL
//! misbehaves while the connection is being set up: a program that does
//! not speak PostgreSQL (an HTTP proxy answering every address gives the
//! driver's "bytes remaining on stream"), a connection closed or reset
//! before it is up, a message out of order or malformed, an
//! authentication method this program cannot use, TLS agreed to and then
//! dropped or not spoken, a host name that does not resolve, and a
//! listener that takes the connection and never answers; and, once the
//! connection is up, a server that closes it, stops in the middle of a
//! message, or answers out of turn or in no message PostgreSQL has, in
//! the middle of the first command. Each fault is real (a TCP listener
//! in this test doing exactly that); each gives one line naming host and
//! port, exit status 1, and no raw driver text. None needs a PostgreSQL
//! server.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::Bk;

/// What the fake server does with each connection it accepts.
#[derive(Clone, Copy)]
enum Fault {
    /// Closes the connection at once, before reading anything.
    CloseAtOnce,
    /// Reads the first message and closes without a word.
    ReadAndClose,
    /// Answers the first message as an HTTP server would, and closes.
    AnswerHttp,
    /// Answers the startup with "ready for query" before authentication.
    OutOfOrder,
    /// Answers with a message whose length field is below its minimum.
    BadLength,
    /// Accepts the startup ("authentication ok") and closes.
    OkThenClose,
    /// Asks for an authentication method by its protocol number
    /// (2 Kerberos V5, 7 GSSAPI).
    AskAuthentication(i32),
    /// Agrees to TLS ('S') and closes before the handshake.
    TlsThenClose,
    /// Agrees to TLS and answers the handshake in plain HTTP.
    TlsThenHttp,
    /// Reads everything and never answers.
    Silent,
    /// Lets the client in, then meets its first command with `answer`
    /// (nothing: closes at once) and closes.
    InCommand(&'static [u8]),
}

const HTTP_400: &[u8] =
    b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";

/// A listener on a free loopback port serving `fault` to every
/// connection, on its own thread for the test's life.
fn serve(fault: Fault) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for c in listener.incoming() {
            let Ok(c) = c else { return };
            std::thread::spawn(move || misbehave(c, fault));
        }
    });
    port
}

fn misbehave(mut c: TcpStream, fault: Fault) {
    let mut buf = [0u8; 4096];
    let mut read = |c: &mut TcpStream| {
        let _ = c.read(&mut buf);
    };
    // Answers, then reads whatever the client still sends until it has
    // been quiet a moment: closing with unread data would reset the
    // connection (and the client could lose the answer with it).
    let reply = |c: &mut TcpStream, bytes: &[u8]| {
        let _ = c.write_all(bytes);
        let _ = c.flush();
        let _ = c.set_read_timeout(Some(Duration::from_millis(300)));
        let mut rest = [0u8; 4096];
        while c.read(&mut rest).is_ok_and(|n| n > 0) {}
    };
    let auth = |code: i32| [b"R".as_slice(), &8i32.to_be_bytes(), &code.to_be_bytes()].concat();
    match fault {
        Fault::CloseAtOnce => {}
        Fault::ReadAndClose => read(&mut c),
        Fault::AnswerHttp => {
            read(&mut c);
            reply(&mut c, HTTP_400);
        }
        Fault::OutOfOrder => {
            read(&mut c);
            reply(&mut c, b"Z\x00\x00\x00\x05I");
        }
        Fault::BadLength => {
            read(&mut c);
            reply(&mut c, b"R\x00\x00\x00\x02");
        }
        Fault::OkThenClose => {
            read(&mut c);
            reply(&mut c, &auth(0));
        }
        Fault::AskAuthentication(code) => {
            read(&mut c);
            reply(&mut c, &auth(code));
        }
        Fault::TlsThenClose => {
            read(&mut c);
            reply(&mut c, b"S");
        }
        Fault::TlsThenHttp => {
            read(&mut c);
            let _ = c.write_all(b"S");
            read(&mut c);
            reply(&mut c, HTTP_400);
        }
        Fault::Silent => while c.read(&mut buf).is_ok_and(|n| n > 0) {},
        Fault::InCommand(answer) => {
            read(&mut c);
            // Authentication ok, the session's key, ready for a query.
            let _ = c.write_all(&auth(0));
            let _ = c.write_all(b"K\x00\x00\x00\x0c\x00\x00\x00\x01\x00\x00\x00\x02");
            let _ = c.write_all(b"Z\x00\x00\x00\x05I");
            read(&mut c);
            if !answer.is_empty() {
                reply(&mut c, answer);
            }
        }
    }
}

/// The one error line of `backlog list` against the fault's port, with
/// `query` added to the URL; checks that no password or raw driver text
/// is in it and that it came within the connect timeout.
fn line_for(port: u16, query: &str) -> String {
    let b = Bk {
        dir: tempfile::tempdir().unwrap(),
        db: format!("postgresql://someone:secret@127.0.0.1:{port}/team?connect_timeout=1&{query}")
            .into(),
    };
    let started = Instant::now();
    let line = b.err(["list"]);
    assert!(started.elapsed() < Duration::from_secs(4), "{line}");
    no_raw_text(&line);
    line
}

/// Fails when `line` shows the password or the driver's own words.
fn no_raw_text(line: &str) {
    for raw in [
        "secret",
        "bytes remaining",
        "early eof",
        "os error",
        "connection closed",
        "unexpected message",
        "invalid message length",
        "authentication error",
        "InvalidContentType",
    ] {
        assert!(!line.contains(raw), "{raw:?} in {line}");
    }
}

#[test]
fn a_program_that_is_not_postgresql_is_named_as_such() {
    let port = serve(Fault::AnswerHttp);
    let expected = format!(
        "error: cannot connect to PostgreSQL at 127.0.0.1:{port}: what answers there does not speak PostgreSQL's protocol (is that the right host and port?); nothing was changed"
    );
    // Without TLS the startup is answered in HTTP; with sslmode=prefer
    // the TLS request is, and the startup after it too.
    assert_eq!(line_for(port, "sslmode=disable"), expected);
    assert_eq!(line_for(port, "sslmode=prefer"), expected);
    for fault in [Fault::OutOfOrder, Fault::BadLength] {
        let port = serve(fault);
        assert_eq!(
            line_for(port, "sslmode=disable"),
            format!(
                "error: cannot connect to PostgreSQL at 127.0.0.1:{port}: what answers there does not speak PostgreSQL's protocol (is that the right host and port?); nothing was changed"
            )
        );
    }
}

#[test]
fn a_connection_closed_while_it_is_set_up_says_so() {
    for (fault, sslmode) in [
        (Fault::CloseAtOnce, "disable"),
        (Fault::CloseAtOnce, "prefer"),
        (Fault::ReadAndClose, "disable"),
        (Fault::ReadAndClose, "prefer"),
        (Fault::OkThenClose, "disable"),
    ] {
        let port = serve(fault);
        assert_eq!(
            line_for(port, &format!("sslmode={sslmode}")),
            format!(
                "error: PostgreSQL at 127.0.0.1:{port} closed the connection while it was being set up (is a PostgreSQL server listening there, and does it accept this client? its log says why); nothing was changed"
            ),
            "sslmode={sslmode}"
        );
    }
}

#[test]
fn an_authentication_method_backlog_cannot_use_says_what_to_configure() {
    for code in [2, 7] {
        let port = serve(Fault::AskAuthentication(code));
        assert_eq!(
            line_for(port, "sslmode=disable"),
            format!(
                "error: PostgreSQL at 127.0.0.1:{port} asks user “someone” to authenticate in a way backlog cannot (Kerberos, GSSAPI, SSPI or SCM credentials): let pg_hba.conf use scram-sha-256 or md5 for this user; nothing was changed"
            ),
            "method {code}"
        );
    }
}

#[test]
fn tls_agreed_and_then_dropped_or_not_spoken_says_so() {
    let port = serve(Fault::TlsThenClose);
    assert_eq!(
        line_for(port, "sslmode=require"),
        format!(
            "error: PostgreSQL at 127.0.0.1:{port} closed the connection during the TLS handshake (sslmode=require); nothing was changed"
        )
    );
    let port = serve(Fault::TlsThenHttp);
    assert_eq!(
        line_for(port, "sslmode=require"),
        format!(
            "error: what answers at 127.0.0.1:{port} agreed to TLS but does not speak it (sslmode=require; is that the right host and port?); nothing was changed"
        )
    );
}

#[test]
fn a_listener_that_takes_the_connection_and_never_answers_fails_within_the_timeout() {
    let port = serve(Fault::Silent);
    let started = Instant::now();
    // connect_timeout=1 in the URL; libpq's rule, followed here: a
    // timeout below 2 s means 2 s.
    let line = line_for(port, "sslmode=disable");
    assert!(started.elapsed() >= Duration::from_millis(1500));
    assert_eq!(
        line,
        format!(
            "error: cannot reach PostgreSQL at 127.0.0.1:{port}: no answer within 2 s (connect_timeout); nothing was changed"
        )
    );
}

#[test]
fn a_host_name_that_does_not_resolve_says_so() {
    // `.invalid` never resolves (RFC 6761).
    let b = Bk {
        dir: tempfile::tempdir().unwrap(),
        // The port given: under pg_virtualenv PGPORT names the throwaway
        // cluster's, which a URL without one would take.
        db: "postgresql://someone:secret@no-such-host.invalid:5432/team?connect_timeout=1".into(),
    };
    assert_eq!(
        b.err(["list"]),
        "error: cannot reach PostgreSQL at no-such-host.invalid:5432: the host name “no-such-host.invalid” does not resolve (check its spelling and the DNS); nothing was changed"
    );
}

#[test]
fn a_connection_lost_in_the_middle_of_a_command_says_so() {
    // Closed at once, and closed in the middle of a message (a parse
    // complete announced 100 bytes long).
    for answer in [b"".as_slice(), b"1\x00\x00\x00\x64\x00\x00"] {
        let port = serve(Fault::InCommand(answer));
        assert_eq!(
            line_for(port, "sslmode=disable"),
            format!(
                "error: the connection to PostgreSQL at 127.0.0.1:{port} was lost (did the server stop?); the command's change was not saved"
            ),
            "{answer:?}"
        );
    }
}

#[test]
fn an_answer_out_of_turn_or_in_no_known_message_gives_the_connection_up() {
    // "Ready for query" where the statement's parse was to be confirmed;
    // a message tag PostgreSQL never sends; a length below its minimum.
    for answer in [
        b"Z\x00\x00\x00\x05I".as_slice(),
        b"!\x00\x00\x00\x04",
        b"1\x00\x00\x00\x02",
    ] {
        let port = serve(Fault::InCommand(answer));
        assert_eq!(
            line_for(port, "sslmode=disable"),
            format!(
                "error: PostgreSQL at 127.0.0.1:{port} sent an answer that does not follow PostgreSQL's protocol (is something between you and the server?), so the connection was given up; the command's change was not saved"
            ),
            "{answer:?}"
        );
    }
}
