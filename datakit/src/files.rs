//! Writing files so that a reader never sees half of one.

use std::path::{Path, PathBuf};

/// Writes `bytes` to a temporary file beside `out`, then renames it into place.
pub fn write_atomically(out: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
    }
    let mut tmp = out.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: cannot write: {e}", tmp.display()))?;
    std::fs::rename(&tmp, out).map_err(|e| format!("{}: cannot replace: {e}", out.display()))
}
