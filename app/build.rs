//! Names the bundled boundary files' version for the app: a hash of every
//! file's own checksum (its last 8 bytes). The app asks for each file as
//! `…xzb?v=<version>`, so a rebuilt `data/boundaries/` reaches browsers and
//! service workers that hold the old files, and is cached for good until then.

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/boundaries");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    collect(&dir, &dir, &mut files);
    files.sort();
    // FNV-1a over each file's name and checksum: stable across toolchains.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, checksum) in &files {
        for &byte in name.as_bytes().iter().chain(checksum) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=XZ_BOUNDARIES_VERSION={hash:016x}");
}

/// Every `.xzb` under `dir` as (path relative to `root`, last 8 bytes), and every `.csv` and `.txt` whole.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "xzb" || e == "csv" || e == "txt") {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let name =
                path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            // Township names (`townships/*.csv`) and rivers (`water.txt`) carry no checksum: all their bytes count.
            let tail = if name.ends_with(".xzb") { bytes.len().saturating_sub(8) } else { 0 };
            out.push((name, bytes[tail..].to_vec()));
        }
    }
}
