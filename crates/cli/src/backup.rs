//! `ombudsman backup --out DIR` and `ombudsman restore --from DIR`: the database and the bytes
//! of every attachment, together, with a manifest of SHA-256 sums.
//!
//! A backup directory holds:
//! - `database.dump`: `pg_dump --format=custom` of `DATABASE_URL` (taken first);
//! - `attachments/<storage key>`: the file of every attachment row, read from the attachment
//!   store after the dump (so every row in the dump has its file) and checked against the
//!   SHA-256 the row keeps;
//! - `manifest.json`: the format, when it was taken, the applied migrations, and the size and
//!   SHA-256 of the dump and of every file.
//!
//! `restore` checks every sum first and changes nothing when one differs; it then restores the
//! dump into `DATABASE_URL` (created when missing, refused when it already holds tables),
//! writes the files into the configured attachment store, applies any newer migrations, and
//! checks that every attachment row finds its file with the right sum.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use diesel::{Connection, PgConnection};
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Settings;

/// The manifest's format; a restore refuses any other.
const FORMAT: u32 = 1;
const DUMP: &str = "database.dump";
const FILES: &str = "attachments";
const MANIFEST: &str = "manifest.json";

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    created_at: chrono::DateTime<chrono::Utc>,
    migrations: Vec<String>,
    database: Entry,
    files: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// Relative path inside the backup directory (for files: `attachments/<storage key>`).
    path: String,
    size: u64,
    sha256: String,
}

fn sha256_file(path: &Path) -> anyhow::Result<(u64, String)> {
    let mut file = fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((size, hex::encode(hasher.finalize())))
}

/// A storage key is a relative path of plain segments: nothing that could leave the directory.
fn safe_key(key: &str) -> anyhow::Result<&str> {
    let ok = !key.is_empty()
        && !key.starts_with('/')
        && key
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains('\\'));
    if ok {
        Ok(key)
    } else {
        bail!("unsafe storage key {key:?}")
    }
}

fn store(settings: &Settings) -> anyhow::Result<std::sync::Arc<dyn ObjectStore>> {
    Ok(settings.attachment_store().map_err(anyhow::Error::msg)?.store)
}

fn run_tool(command: &mut Command, what: &str) -> anyhow::Result<()> {
    let output = command
        .output()
        .with_context(|| format!("cannot run {what}: is the PostgreSQL client installed?"))?;
    if !output.status.success() {
        bail!("{what} failed: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(())
}

/// Writes a backup of the database and the attachment store into `out` (new or empty).
pub async fn backup(settings: &Settings, out: &Path) -> anyhow::Result<()> {
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        bail!(
            "{} is not empty: a backup goes into a new or empty directory",
            out.display()
        );
    }
    fs::create_dir_all(out.join(FILES)).with_context(|| format!("cannot create {}", out.display()))?;
    let dump = out.join(DUMP);
    run_tool(
        Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
            .arg(&dump)
            .arg("--dbname")
            .arg(&settings.database_url),
        "pg_dump",
    )?;
    let (size, sha256) = sha256_file(&dump)?;
    let mut conn = PgConnection::establish(&settings.database_url).context("cannot connect to the database")?;
    let migrations = ombudsman_db::applied_migrations(&mut conn)?;
    let rows = ombudsman_db::attachments::stored_files(&mut conn)?;
    let store = store(settings)?;
    let mut files = Vec::with_capacity(rows.len());
    for (storage_key, recorded) in rows {
        let key = safe_key(&storage_key)?;
        let bytes = store
            .get(&StorePath::from(key))
            .await
            .with_context(|| format!("the file of attachment {key} cannot be read from the store"))?
            .bytes()
            .await?;
        let sum = hex::encode(Sha256::digest(&bytes));
        if sum != hex::encode(&recorded) {
            bail!("the file of attachment {key} in the store does not match its recorded SHA-256");
        }
        let path = out.join(FILES).join(key);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
        files.push(Entry {
            path: format!("{FILES}/{key}"),
            size: bytes.len() as u64,
            sha256: sum,
        });
    }
    let manifest = Manifest {
        format: FORMAT,
        created_at: chrono::Utc::now(),
        migrations,
        database: Entry {
            path: DUMP.into(),
            size,
            sha256,
        },
        files,
    };
    fs::write(out.join(MANIFEST), serde_json::to_vec_pretty(&manifest)?)?;
    println!(
        "backed up the database ({} bytes) and {} attachment files into {}",
        manifest.database.size,
        manifest.files.len(),
        out.display()
    );
    Ok(())
}

/// Restores a backup into the configured (new or empty) database and attachment store.
pub async fn restore(settings: &Settings, from: &Path) -> anyhow::Result<()> {
    let manifest: Manifest = serde_json::from_slice(
        &fs::read(from.join(MANIFEST)).with_context(|| format!("{} holds no {MANIFEST}", from.display()))?,
    )
    .context("the manifest cannot be read")?;
    if manifest.format != FORMAT {
        bail!(
            "backup format {} is not supported (this version reads {FORMAT})",
            manifest.format
        );
    }
    // Every sum first: a damaged backup changes nothing.
    for entry in std::iter::once(&manifest.database).chain(&manifest.files) {
        let path = within(from, &entry.path)?;
        let (size, sum) = sha256_file(&path)?;
        if size != entry.size || sum != entry.sha256 {
            bail!("{} does not match the manifest: the backup is damaged", entry.path);
        }
    }
    if ombudsman_db::create_database_if_missing(&settings.database_url)? {
        tracing::info!("created the database named in DATABASE_URL");
    }
    let mut conn = PgConnection::establish(&settings.database_url).context("cannot connect to the database")?;
    if !ombudsman_db::has_no_tables(&mut conn)? {
        bail!("the database in DATABASE_URL already holds tables: restore into a new or empty database");
    }
    run_tool(
        Command::new("pg_restore")
            .args(["--no-owner", "--no-privileges", "--exit-on-error", "--dbname"])
            .arg(&settings.database_url)
            .arg(from.join(DUMP)),
        "pg_restore",
    )?;
    let store = store(settings)?;
    for entry in &manifest.files {
        let key = safe_key(entry.path.strip_prefix(&format!("{FILES}/")).unwrap_or(&entry.path))?;
        let bytes = fs::read(within(from, &entry.path)?)?;
        store
            .put(&StorePath::from(key), PutPayload::from(bytes))
            .await
            .with_context(|| format!("cannot write {key} into the attachment store"))?;
    }
    let applied = ombudsman_db::migrate(&mut conn)?;
    // Every row finds its file, with the sum it recorded.
    let rows = ombudsman_db::attachments::stored_files(&mut conn)?;
    for (storage_key, recorded) in &rows {
        let bytes = store
            .get(&StorePath::from(storage_key.as_str()))
            .await
            .with_context(|| format!("attachment {storage_key} has no file after the restore"))?
            .bytes()
            .await?;
        if Sha256::digest(&bytes)[..] != recorded[..] {
            bail!("attachment {storage_key} does not match its recorded SHA-256 after the restore");
        }
    }
    println!(
        "restored the backup of {} into the database ({} newer migrations applied) and {} attachment files, each checked",
        manifest.created_at.format("%Y-%m-%d %H:%M UTC"),
        applied.len(),
        rows.len()
    );
    Ok(())
}

/// `relative` inside `dir`, refusing anything that would leave it.
fn within(dir: &Path, relative: &str) -> anyhow::Result<PathBuf> {
    safe_key(relative)?;
    Ok(dir.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_keys_cannot_leave_the_directory() {
        assert!(safe_key("appeals/2025/abc").is_ok());
        for bad in ["", "/etc/passwd", "a/../../x", "a//b", "./a", "a\\b"] {
            assert!(safe_key(bad).is_err(), "{bad}");
        }
    }
}
