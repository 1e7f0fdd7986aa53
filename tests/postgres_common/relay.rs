//! A TCP relay in front of the environment's PostgreSQL server, to cut
//! connections as a vanishing server does.

use super::{PgSchema, host_port};

/// A TCP relay in front of the environment's server that can cut every
/// connection at once, as a server that vanishes (a crash, a pulled
/// cable) does: no "terminating connection" message, the socket just
/// closes.
pub struct Relay {
    pub port: u16,
    open: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
}

impl Relay {
    pub fn start() -> Relay {
        use std::net::{TcpListener, TcpStream};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let open = std::sync::Arc::new(std::sync::Mutex::new(Vec::<TcpStream>::new()));
        let upstream = host_port();
        let kept = open.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let Ok(server) = TcpStream::connect(&upstream) else {
                    return;
                };
                let mut streams = kept.lock().unwrap();
                streams.push(client.try_clone().unwrap());
                streams.push(server.try_clone().unwrap());
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        Relay { port, open }
    }

    /// The URL of `s`'s backlog through the relay, as the environment's
    /// role, with `application_name=app` (to find its session by).
    pub fn url(&self, s: &PgSchema, app: &str) -> String {
        let user = std::env::var("PGUSER").unwrap_or_default();
        let password = std::env::var("PGPASSWORD").unwrap_or_default();
        let db: String = s
            .admin()
            .query_one("SELECT current_database()", &[])
            .unwrap()
            .get(0);
        format!(
            "postgresql://{user}:{password}@127.0.0.1:{}/{db}?options=-csearch_path%3D{}&application_name={app}&sslmode=disable",
            self.port, s.name
        )
    }

    /// Cuts every connection through the relay, both ways.
    pub fn cut(&self) {
        for s in self.open.lock().unwrap().drain(..) {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
    }
}
