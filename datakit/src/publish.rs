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
//! A build that fails removes the files it wrote (a full disk is no fuller
//! for it), and the next build removes the temporary files one that was
//! killed mid-write left (`<name>.tmp-<pid>-<n>`, in its own folder only).
//!
//! One build at a time: a lock file in the folder makes a second build
//! wait for the first (up to [`LOCK_WAIT`]) or refuse, naming it; a lock left
//! by a build that no longer runs is taken over. The lock names its holder by
//! process id, the process's start time and the boot it started in, so a
//! process id that a fresh container or a reboot gives again is not
//! mistaken for the holder.

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
    /// Those of them it created (they were not there before), and the folders
    /// it created for them: what a failed build removes.
    created: Vec<PathBuf>,
    /// Files the root named before this build.
    previous: BTreeSet<String>,
    /// Whether the root was replaced: from then on the files are the site's.
    committed: bool,
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

/// Whether a file name is one [`temp_path`] makes: `<name>.tmp-<digits>-<digits>`.
fn is_temporary(name: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    name.rsplit_once(".tmp-").is_some_and(|(stem, tail)| {
        !stem.is_empty() && tail.split_once('-').is_some_and(|(pid, n)| digits(pid) && digits(n))
    })
}

/// Writes `bytes` to a unique temporary file beside `path`, flushed to disk,
/// then renames it to `path`; the temporary file is removed on any failure.
pub fn write_then_rename(path: &Path, bytes: &[u8]) -> Result<(), String> {
    write_with(path, bytes, |file, bytes| file.write_all(bytes))
}

/// [`write_then_rename`], writing the temporary file with `write` (a test's may fail part way).
fn write_with(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
    }
    let tmp = temp_path(path);
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        write(&mut file, bytes)?;
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

/// Who holds a lock: a process id and, where `/proc` says, when that process
/// started (clock ticks after boot) and the boot's id. A process id alone is
/// not enough: a build killed in a container leaves lock `2`, and the next
/// build in a fresh container is process 2 again.
#[derive(Clone, Debug, PartialEq)]
struct Holder {
    pid: u32,
    started: Option<u64>,
    boot: Option<String>,
}

impl Holder {
    /// This process.
    fn this_process() -> Holder {
        let pid = std::process::id();
        Holder { pid, started: start_time(pid), boot: boot_id() }
    }

    /// The lock file's text: `pid started boot` (`-` for what is not known),
    /// or a bare pid as builds before this wrote it.
    fn parse(text: &str) -> Option<Holder> {
        let mut words = text.split_whitespace();
        let pid = words.next()?.parse::<u32>().ok()?;
        let started = words.next().and_then(|w| w.parse::<u64>().ok());
        let boot = words.next().filter(|w| *w != "-").map(String::from);
        Some(Holder { pid, started, boot })
    }

    fn line(&self) -> String {
        let started = self.started.map_or("-".to_string(), |t| t.to_string());
        format!("{} {started} {}", self.pid, self.boot.as_deref().unwrap_or("-"))
    }

    /// Whether the holder still runs. Linux and the like answer from `/proc`:
    /// a process of that id, started when the lock says, in this boot.
    /// Elsewhere there is no telling, and it is assumed to run (so a lock is
    /// waited for, never taken from a live build).
    fn is_running(&self) -> bool {
        let proc = Path::new("/proc");
        if !proc.is_dir() {
            return true;
        }
        if !proc.join(self.pid.to_string()).exists() {
            return false;
        }
        let same_start = match (self.started, start_time(self.pid)) {
            (Some(recorded), Some(now)) => recorded == now,
            _ => true,
        };
        let same_boot = match (&self.boot, boot_id()) {
            (Some(recorded), Some(now)) => *recorded == now,
            _ => true,
        };
        same_start && same_boot
    }
}

/// When a process started, in clock ticks after boot: field 22 of
/// `/proc/<pid>/stat`, counted after the command name (which may hold spaces).
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, after_name) = stat.rsplit_once(')')?;
    after_name.split_whitespace().nth(19)?.parse().ok()
}

/// This boot's id (Linux).
fn boot_id() -> Option<String> {
    let id = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    Some(id.trim().to_string()).filter(|id| !id.is_empty() && !id.contains(char::is_whitespace))
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
                    let _ = writeln!(file, "{}", Holder::this_process().line());
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder =
                        std::fs::read_to_string(&lock).ok().and_then(|t| Holder::parse(&t));
                    if holder.as_ref().is_some_and(|h| !h.is_running()) {
                        // Left by a build that was killed: take it over.
                        let _ = std::fs::remove_file(&lock);
                        continue;
                    }
                    if started.elapsed() >= wait {
                        let who = holder.map_or_else(
                            || "another build".to_string(),
                            |h| format!("another build (process {})", h.pid),
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
        // Holding the lock, any temporary file of ours here is a killed build's.
        for name in files_under(dir).into_iter().filter(|n| is_temporary(n)) {
            let _ = std::fs::remove_file(dir.join(name));
        }
        let previous = std::fs::read_to_string(dir.join(root))
            .map(|text| names(&text).into_iter().collect())
            .unwrap_or_default();
        Ok(Publisher {
            dir: dir.to_path_buf(),
            root: root.to_string(),
            lock,
            written: BTreeSet::new(),
            created: Vec::new(),
            previous,
            committed: false,
            #[cfg(test)]
            fail_at: FAIL_AT.with(|f| f.get()),
            #[cfg(test)]
            operations: 0,
        })
    }

    /// Writes a file as [`write_then_rename`] does; in tests, the n-th write
    /// fails half way, as on a full disk.
    fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), String> {
        #[cfg(test)]
        {
            self.operations += 1;
            if self.fail_at == Some(self.operations) {
                return write_with(path, bytes, |file, bytes| {
                    file.write_all(&bytes[..bytes.len() / 2])?;
                    Err(std::io::Error::new(
                        std::io::ErrorKind::StorageFull,
                        "no space left on device (a test's fault)",
                    ))
                });
            }
        }
        write_then_rename(path, bytes)
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
        let same =
            std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
        if !same {
            // The folders it makes, outermost first, then the file: removed in reverse on failure.
            let new_folders: Vec<PathBuf> = path
                .ancestors()
                .skip(1)
                .take_while(|d| d.starts_with(&self.dir) && *d != self.dir && !d.exists())
                .map(Path::to_path_buf)
                .collect();
            self.created.extend(new_folders.into_iter().rev());
            let existed = path.exists();
            self.write(&path, bytes)?;
            if !existed && !self.previous.contains(&name) {
                self.created.push(path);
            }
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
        self.write(&path, root)?;
        self.committed = true;
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
        if !self.committed {
            // A failed build: what it created, newest first (files, then their folders if empty).
            for path in self.created.iter().rev() {
                let _ = std::fs::remove_file(path).or_else(|_| std::fs::remove_dir(path));
            }
        }
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
        assert!(removed.is_empty(), "the failed builds left nothing to remove: {removed:?}");
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
    fn a_failed_build_removes_what_it_wrote_even_when_the_disk_fills_mid_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = Publisher::begin(dir.path(), "root.txt", LOCK_WAIT, names_in).unwrap();
        let old = first.put("data", "bin", 1, b"old").unwrap();
        first.commit(old.as_bytes(), |n| is_content_named(n, "bin")).unwrap();
        let before = files_under(dir.path());
        // Three writes: two new files and the root (the third file is there already).
        for fail_at in 1..=3 {
            let mut p = Publisher::begin(dir.path(), "root.txt", LOCK_WAIT, names_in).unwrap();
            // The disk fills part way through the fail_at-th file.
            p.fail_at = Some(fail_at);
            let result = (|| {
                let a = p.put("data", "bin", 2, &[7; 4096])?;
                let b = p.put("more/part", "bin", 3, &[8; 4096])?;
                let c = p.put("data", "bin", 1, b"old")?;
                p.commit(format!("{a}\n{b}\n{c}").as_bytes(), |n| is_content_named(n, "bin"))
            })();
            assert!(result.unwrap_err().contains("no space left"), "step {fail_at}");
            assert_eq!(files_under(dir.path()), before, "after a full disk at step {fail_at}");
            assert!(!dir.path().join("more").exists(), "the folder it made goes too");
        }
    }

    #[test]
    fn temporaries_a_killed_build_left_are_removed_by_the_next_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let beside = tempfile::tempdir().unwrap();
        let left = [
            "facilities.0123456789abcdef.xzd.tmp-4242-0",
            "shards/names-000.0123456789abcdef.txt.tmp-1-17",
            "manifest.json.tmp-2-3",
        ];
        let kept =
            ["notes.tmp-4242", "their.txt.tmp-a-1", "shards/510000.tmp-1-2.xzd", "x.tmp-1-2.bak"];
        for name in left.iter().chain(&kept) {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"half").unwrap();
        }
        std::fs::write(beside.path().join("other.xzd.tmp-4242-0"), b"not ours").unwrap();
        let p = Publisher::begin(dir.path(), "root.txt", LOCK_WAIT, names_in).unwrap();
        drop(p);
        let mut expected: Vec<String> = kept.iter().map(|k| k.to_string()).collect();
        expected.sort();
        assert_eq!(files_under(dir.path()), expected);
        assert!(beside.path().join("other.xzd.tmp-4242-0").exists(), "only in its own folder");
    }

    #[test]
    fn a_lock_naming_a_reused_process_id_is_taken_over() {
        if !Path::new("/proc/self/stat").exists() {
            return; // Without /proc a holder cannot be told apart: the lock is waited for.
        }
        let dir = tempfile::tempdir().unwrap();
        // A build killed in another container was process 2, as this one is now (here: this
        // process's id, started at another time).
        let me = std::process::id();
        std::fs::write(dir.path().join(LOCK_FILE), format!("{me} 1 another-boot\n")).unwrap();
        Publisher::begin(dir.path(), "root.txt", Duration::ZERO, names_in).unwrap();
        // The lock it writes names it wholly, and a second build waits for it.
        let held = Publisher::begin(dir.path(), "root.txt", LOCK_WAIT, names_in).unwrap();
        let text = std::fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
        assert!(
            text.starts_with(&format!("{me} ")) && text.split_whitespace().count() == 3,
            "{text}"
        );
        assert!(Publisher::begin(dir.path(), "root.txt", Duration::ZERO, names_in).is_err());
        drop(held);
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
