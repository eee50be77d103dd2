//! Publishing a dataset into a site folder all or nothing.
//!
//! Visitors read a published dataset through one small root file
//! (`manifest.json`) that names every other file. Those files are named by
//! their content (`facilities.<hash>.xzd`, `shards/510000.<hash>.xzd`), so
//! writing a new one never touches a file the current root names. A build
//! therefore writes every new file first, then replaces the root in one
//! rename, then removes the files neither the new root nor the one before
//! it names (a visitor who read the previous root a moment ago still finds
//! its files). Whatever fails before the rename — a full disk, a read-only
//! folder, an interrupt — leaves the published dataset exactly as it was.
//!
//! One build at a time: a lock file in the folder makes a second build
//! wait for the first (up to [`LOCK_WAIT`]) or refuse, naming it; a lock left
//! by a build that no longer runs is taken over.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a build waits for another to finish with the same folder.
pub const LOCK_WAIT: Duration = Duration::from_secs(120);
/// The lock's file name, in the published folder.
pub const LOCK_FILE: &str = ".datakit-build.lock";

/// A build publishing into one folder: holds its lock until dropped.
pub struct Publisher {
    dir: PathBuf,
    root: String,
    lock: PathBuf,
    /// Files this build put, relative to `dir`.
    written: BTreeSet<String>,
    /// Files the root named before this build.
    previous: BTreeSet<String>,
    /// For tests: fail the n-th file operation, as a full disk would.
    #[cfg(test)]
    pub(crate) fail_at: Option<usize>,
    #[cfg(test)]
    operations: usize,
}

#[cfg(test)]
thread_local! {
    /// For tests of the commands that publish: fail the n-th file operation of the next publisher.
    pub(crate) static FAIL_AT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// A unique name beside `path` for writing it before it is renamed into place.
fn temp_path(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".tmp-{}-{n}", std::process::id()));
    PathBuf::from(name)
}

/// Writes `bytes` to a unique temporary file beside `path`, flushed to disk,
/// then renames it to `path`; the temporary file is removed on any failure.
pub fn write_then_rename(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
    }
    let tmp = temp_path(path);
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    let result =
        written.map_err(|e| format!("{}: cannot write: {e}", tmp.display())).and_then(|()| {
            std::fs::rename(&tmp, path)
                .map_err(|e| format!("{}: cannot replace: {e}", path.display()))
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Whether a process with this id runs (Linux and the like: `/proc`; elsewhere assume it does).
fn running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

impl Publisher {
    /// Takes `dir`'s lock, waiting up to `wait` for another build to finish,
    /// and reads which files its root (`root`, e.g. `manifest.json`) names now.
    pub fn begin(
        dir: &Path,
        root: &str,
        wait: Duration,
        names: impl Fn(&str) -> Vec<String>,
    ) -> Result<Publisher, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
        if !dir.is_dir() {
            return Err(format!("{} is not a folder", dir.display()));
        }
        let lock = dir.join(LOCK_FILE);
        let started = Instant::now();
        let mut said = false;
        loop {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&lock) {
                Ok(mut file) => {
                    let _ = writeln!(file, "{}", std::process::id());
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(&lock)
                        .ok()
                        .and_then(|t| t.trim().parse::<u32>().ok());
                    if holder.is_some_and(|pid| !running(pid)) {
                        // Left by a build that was killed: take it over.
                        let _ = std::fs::remove_file(&lock);
                        continue;
                    }
                    if started.elapsed() >= wait {
                        let who = holder.map_or_else(
                            || "another build".to_string(),
                            |pid| format!("another build (process {pid})"),
                        );
                        return Err(format!(
                            "{}: {who} is publishing into this folder; wait for it to finish and run again (or remove {} if no build is running)",
                            dir.display(),
                            lock.display()
                        ));
                    }
                    if !said {
                        said = true;
                        eprintln!("{}: another build is publishing into this folder; waiting up to {} s for it to finish", dir.display(), wait.as_secs());
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => return Err(format!("{}: cannot take the lock: {e}", lock.display())),
            }
        }
        let previous = std::fs::read_to_string(dir.join(root))
            .map(|text| names(&text).into_iter().collect())
            .unwrap_or_default();
        Ok(Publisher {
            dir: dir.to_path_buf(),
            root: root.to_string(),
            lock,
            written: BTreeSet::new(),
            previous,
            #[cfg(test)]
            fail_at: FAIL_AT.with(|f| f.get()),
            #[cfg(test)]
            operations: 0,
        })
    }

    fn operation(&mut self, what: &Path) -> Result<(), String> {
        #[cfg(test)]
        {
            self.operations += 1;
            if self.fail_at == Some(self.operations) {
                return Err(format!(
                    "{}: cannot write: no space left on device (a test's fault)",
                    what.display()
                ));
            }
        }
        let _ = what;
        Ok(())
    }

    /// Writes a file named by its content: `<stem>.<hash>.<ext>` (the hash as
    /// 16 hex digits). A file of that name is already that content and is kept.
    /// Returns the name, relative to the folder.
    pub fn put(
        &mut self,
        stem: &str,
        ext: &str,
        hash: u64,
        bytes: &[u8],
    ) -> Result<String, String> {
        let name = format!("{stem}.{hash:016x}.{ext}");
        let path = self.dir.join(&name);
        self.operation(&path)?;
        let same =
            std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
        if !same {
            write_then_rename(&path, bytes)?;
        }
        self.written.insert(name.clone());
        Ok(name)
    }

    /// Replaces the root in one rename, then removes the files of the
    /// pattern `is_ours` recognises that neither the new root nor the
    /// previous one names. The published dataset changes here and only here.
    pub fn commit(
        mut self,
        root: &[u8],
        is_ours: impl Fn(&str) -> bool,
    ) -> Result<Vec<String>, String> {
        let path = self.dir.join(&self.root);
        self.operation(&path)?;
        write_then_rename(&path, root)?;
        let keep: BTreeSet<&String> = self.written.iter().chain(&self.previous).collect();
        let mut removed = Vec::new();
        for name in files_under(&self.dir) {
            if is_ours(&name) && !keep.contains(&name) {
                std::fs::remove_file(self.dir.join(&name)).map_err(|e| {
                    format!("{}: cannot remove a stale file: {e}", self.dir.join(&name).display())
                })?;
                removed.push(name);
            }
        }
        Ok(removed)
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.lock);
    }
}

/// Every file under `dir`, relative, with `/` between folders, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((at, prefix)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else { continue };
        for entry in entries.flatten() {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push((entry.path(), format!("{name}/"))),
                Ok(t) if t.is_file() => out.push(name),
                _ => {}
            }
        }
    }
    out.sort();
    out
}

/// Whether a file name is a content-named file of ours: `<stem>.<16 hex>.<ext>`.
pub fn is_content_named(name: &str, ext: &str) -> bool {
    let Some(rest) = name.strip_suffix(&format!(".{ext}")) else { return false };
    rest.rsplit_once('.').is_some_and(|(stem, hash)| {
        !stem.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn a_failure_before_the_root_is_replaced_changes_nothing_visible() {
        let dir = tempfile::tempdir().unwrap();
        // The published state: a root naming one file.
        let mut first = Publisher::begin(dir.path(), "root.txt", LOCK_WAIT, names_in).unwrap();
        let old = first.put("data", "bin", 1, b"old").unwrap();
        first.commit(old.as_bytes(), |n| is_content_named(n, "bin")).unwrap();
        for fail_at in 1..=3 {
            let mut p = Publisher::begin(dir.path(), "root.txt", LOCK_WAIT, names_in).unwrap();
            p.fail_at = Some(fail_at);
            let result = (|| {
                let a = p.put("data", "bin", 2, b"new")?;
                let b = p.put("more/part", "bin", 3, b"part")?;
                let root = format!("{a}\n{b}");
                p.commit(root.as_bytes(), |n| is_content_named(n, "bin"))
            })();
            assert!(result.is_err(), "step {fail_at}");
            // Whatever failed, the root still names the old file, which is there and unchanged.
            assert_eq!(std::fs::read_to_string(dir.path().join("root.txt")).unwrap(), old);
            assert_eq!(std::fs::read(dir.path().join(&old)).unwrap(), b"old");
            assert!(!dir.path().join(LOCK_FILE).exists(), "the lock goes with the build");
            assert!(
                files_under(dir.path()).iter().all(|f| !f.contains(".tmp-")),
                "{:?}",
                files_under(dir.path())
            );
        }
        // A whole run: the new root, its files, and the old file kept one build longer.
        let mut p = Publisher::begin(dir.path(), "root.txt", LOCK_WAIT, names_in).unwrap();
        let a = p.put("data", "bin", 2, b"new").unwrap();
        let removed = p.commit(a.as_bytes(), |n| is_content_named(n, "bin")).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("root.txt")).unwrap(), a);
        assert!(dir.path().join(&old).exists(), "the previous root's file outlives one build");
        assert_eq!(
            removed,
            ["more/part.0000000000000003.bin"],
            "what the failed builds left, no root named"
        );
        let mut p = Publisher::begin(dir.path(), "root.txt", LOCK_WAIT, names_in).unwrap();
        let c = p.put("data", "bin", 4, b"newer").unwrap();
        let removed = p.commit(c.as_bytes(), |n| is_content_named(n, "bin")).unwrap();
        assert_eq!(removed, std::slice::from_ref(&old));
        assert!(dir.path().join(&a).exists() && dir.path().join(&c).exists());
    }

    #[test]
    fn a_second_build_waits_or_refuses_and_a_dead_builds_lock_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let held = Publisher::begin(dir.path(), "root.txt", LOCK_WAIT, names_in).unwrap();
        let err = Publisher::begin(dir.path(), "root.txt", Duration::from_millis(300), names_in)
            .err()
            .unwrap();
        assert!(
            err.contains(&format!(
                "another build (process {}) is publishing into this folder",
                std::process::id()
            )),
            "{err}"
        );
        // Waiting: the second gets the lock once the first lets go.
        let path = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            Publisher::begin(&path, "root.txt", LOCK_WAIT, names_in).map(|_| ())
        });
        std::thread::sleep(Duration::from_millis(300));
        drop(held);
        waiter.join().unwrap().unwrap();
        // A lock whose process is gone.
        std::fs::write(dir.path().join(LOCK_FILE), "4294967295\n").unwrap();
        Publisher::begin(dir.path(), "root.txt", Duration::ZERO, names_in).unwrap();
    }

    #[test]
    fn content_names_are_recognised() {
        assert!(is_content_named("facilities.0123456789abcdef.xzd", "xzd"));
        assert!(is_content_named("shards/510000.0123456789abcdef.xzd", "xzd"));
        assert!(!is_content_named("facilities.xzd", "xzd"));
        assert!(!is_content_named("notes.0123456789abcdef.txt", "xzd"));
        assert!(!is_content_named(".0123456789abcdef.xzd", "xzd"));
    }
}
