//! `ombudsman healthcheck`: the container health check, with nothing but the binary itself (the
//! runtime image has no curl and its `/bin/sh` has no `/dev/tcp`).
//!
//! - default: `GET /readyz` on the configured `bind` address (`0.0.0.0` is asked on 127.0.0.1);
//! - `--url http://host:port/path`: that URL instead;
//! - `--database`: the database answers `SELECT 1` (for the worker, which listens on no port).

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use anyhow::{bail, Context};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

use crate::config::Settings;

const TIMEOUT: Duration = Duration::from_secs(3);

/// Runs the check; an error is one line saying what is unhealthy.
pub fn run(settings: &Settings, url: Option<String>, database: bool) -> anyhow::Result<()> {
    if database {
        let mut conn = PgConnection::establish(&settings.database_url).context("the database cannot be reached")?;
        conn.batch_execute("SELECT 1").context("the database does not answer")?;
        println!("healthy: the database answers");
        return Ok(());
    }
    let url = url.unwrap_or_else(|| format!("http://{}/readyz", local(&settings.bind)));
    let status = get(&url)?;
    if status != 200 {
        bail!("{url} answered {status}");
    }
    println!("healthy: {url} answered 200");
    Ok(())
}

/// The address to ask for a listener bound to `bind` (an unspecified address is asked locally).
fn local(bind: &str) -> String {
    if let Some(port) = bind.strip_prefix("0.0.0.0:") {
        format!("127.0.0.1:{port}")
    } else if let Some(port) = bind.strip_prefix("[::]:") {
        format!("[::1]:{port}")
    } else {
        bind.to_owned()
    }
}

/// The status code of a plain HTTP/1.0 GET of `url` (`http://` only).
fn get(url: &str) -> anyhow::Result<u16> {
    let rest = url
        .strip_prefix("http://")
        .with_context(|| format!("{url}: only http:// URLs can be checked"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let address = authority
        .to_socket_addrs()
        .with_context(|| format!("{authority} is not an address"))?
        .next()
        .with_context(|| format!("{authority} resolves to no address"))?;
    let mut stream =
        TcpStream::connect_timeout(&address, TIMEOUT).with_context(|| format!("nothing answers on {authority}"))?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )?;
    let mut head = [0u8; 64];
    let mut read = 0;
    while read < 12 {
        let n = stream.read(&mut head[read..]).context("no answer")?;
        if n == 0 {
            break;
        }
        read += n;
    }
    let line = String::from_utf8_lossy(&head[..read]);
    line.split(' ')
        .nth(1)
        .and_then(|code| code.get(..3))
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("{url} did not answer HTTP"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspecified_addresses_are_asked_locally() {
        assert_eq!(local("0.0.0.0:8080"), "127.0.0.1:8080");
        assert_eq!(local("[::]:8080"), "[::1]:8080");
        assert_eq!(local("10.0.0.5:8080"), "10.0.0.5:8080");
    }
}
